import type { Attributes } from '@opentelemetry/api';
import { normalizeOpenAIChatUsage } from '../../../pricing/index.js';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readObject, readString } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';
import { readIdentity } from './fields.js';

/** `embeddings.create`: usage is `prompt_tokens` only. The input text is never read. */
export const embeddings: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,

  readRequest(params: unknown): RequestSummary {
    const body = readObject(params) ?? {};
    const attributes: Attributes = {};
    setNumber(attributes, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, body['dimensions']);
    const format = readString(body['encoding_format']);
    if (format) attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [format];
    return summarizeRequest(body, attributes, false);
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    const body = readObject(response);
    if (!body) return;
    readIdentity(body, summary);
    const usage = normalizeOpenAIChatUsage(body['usage']);
    if (usage) summary.usage = usage;
  },

  readChunk() {
    // Embeddings never stream.
  },
};
