import type { Attributes } from '@opentelemetry/api';
import type { TokenUsage } from '../../../pricing/index.js';
import { ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS } from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readArray, readObject, readString } from '../../core/readers.js';
import { setNumber } from '../../core/request-summary.js';
import { toTokenCount } from '../../../pricing/usage.js';

/**
 * `models.embedContent`: one request (`:batchEmbedContents` on the Gemini API, `:predict` or
 * `:embedContent` on Vertex AI). The Gemini API reports no token counts for embeddings (the call
 * is then `no_usage`); Vertex AI reports each embedding's `statistics.tokenCount`, summed here as
 * input. The contents are never read.
 */
export const embedContent: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,

  readRequest(params: unknown): RequestSummary {
    const body = readObject(params);
    const attributes: Attributes = {};
    setNumber(attributes, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, readObject(body?.['config'])?.['outputDimensionality']);
    const summary: RequestSummary = { isStreaming: false, attributes };
    const model = readString(body?.['model']);
    if (model) summary.requestModel = model;
    return summary;
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    let tokens: number | undefined;
    for (const embedding of readArray(readObject(response)?.['embeddings']) ?? []) {
      const count = toTokenCount(readObject(readObject(embedding)?.['statistics'])?.['tokenCount']);
      if (count !== undefined) tokens = (tokens ?? 0) + count;
    }
    if (tokens !== undefined) {
      const usage: TokenUsage = { inputTokens: tokens, outputTokens: 0 };
      summary.usage = usage;
    }
  },

  readChunk() {
    // Embeddings never stream.
  },
};
