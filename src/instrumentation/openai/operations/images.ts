import type { Attributes } from '@opentelemetry/api';
import { normalizeOpenAIResponsesUsage, type TokenUsage } from '../../../pricing/index.js';
import {
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  INFRAPRISM_OPERATION_NAME_VALUE_IMAGE_GENERATION,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readObject } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';
import { readTokenCount } from './fields.js';

/**
 * `images.generate` and `images.edit`. gpt-image models report token usage
 * (`input_tokens` with a text/image split, `output_tokens` all image tokens);
 * DALL·E models are billed per image and report none, which the span records as
 * `unpriced_operation`. The prompt, input images and output images are never read.
 */
export const images: OperationDescriptor = {
  operationName: INFRAPRISM_OPERATION_NAME_VALUE_IMAGE_GENERATION,
  isBilledBeyondTokens: true,

  readRequest(params: unknown): RequestSummary {
    const body = readObject(params) ?? {};
    const attributes: Attributes = {};
    setNumber(attributes, ATTR_GEN_AI_REQUEST_CHOICE_COUNT, body['n']);
    return summarizeRequest(body, attributes);
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    readImageUsage(readObject(response)?.['usage'], summary);
  },

  readChunk(chunk: unknown, summary: ResponseSummary): void {
    // `image_generation.completed` / `image_edit.completed` carry the usage.
    readImageUsage(readObject(chunk)?.['usage'], summary);
  },
};

function readImageUsage(value: unknown, summary: ResponseSummary): void {
  const usage = normalizeOpenAIResponsesUsage(value);
  if (!usage) return;
  const record = readObject(value);
  const result: TokenUsage = { ...usage };
  const imageInput = readTokenCount(record?.['input_tokens_details'], 'image_tokens');
  if (imageInput !== undefined) result.imageInputTokens = Math.min(imageInput, usage.inputTokens);
  // Every output token of this endpoint is an image token unless the response splits them.
  const imageOutput = readTokenCount(record?.['output_tokens_details'], 'image_tokens') ?? usage.outputTokens;
  result.imageOutputTokens = Math.min(imageOutput, usage.outputTokens);
  summary.usage = result;
}
