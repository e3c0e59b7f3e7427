import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT,
} from '../../../semconv.js';
import type { RequestSummary } from '../../core/operation.js';
import { readArray, readObject } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';

/**
 * The request of both Anthropic endpoints: model, stream, sampling numbers and the number of
 * stop sequences (the sequences themselves can be user content). `maxTokensField`:
 * `max_tokens` (Messages) or `max_tokens_to_sample` (legacy Text Completions).
 */
export function summarizeAnthropicRequest(params: unknown, maxTokensField: string): RequestSummary {
  const body = readObject(params) ?? {};
  const attributes: Attributes = {};
  setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, body[maxTokensField]);
  setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, body['temperature']);
  setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, body['top_p']);
  setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_K, body['top_k']);
  const stopCount = readArray(body['stop_sequences'])?.length;
  if (stopCount !== undefined) attributes[ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT] = stopCount;
  return summarizeRequest(body, attributes);
}
