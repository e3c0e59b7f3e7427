import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readArray, readFiniteNumber, readObject, readString } from '../../core/readers.js';

/**
 * Legacy `completions.create` (`/v1/complete`, in 0.x SDKs). Its responses report no token
 * usage, so these spans carry `infraprism.cost.status=no_usage`: we do not guess with a tokenizer.
 */
export const completions: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,

  readRequest(params: unknown): RequestSummary {
    const body = readObject(params) ?? {};
    const attributes: Attributes = {};
    setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, body['max_tokens_to_sample']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, body['temperature']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, body['top_p']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_K, body['top_k']);
    const stopCount = readArray(body['stop_sequences'])?.length;
    if (stopCount !== undefined) attributes[ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT] = stopCount;
    const isStreaming = body['stream'] === true;
    attributes[ATTR_GEN_AI_REQUEST_STREAM] = isStreaming;
    const summary: RequestSummary = { isStreaming, attributes };
    const model = readString(body['model']);
    if (model) summary.requestModel = model;
    return summary;
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    readCompletion(response, summary);
  },

  // Every streamed `completion` event repeats id and model; the last one has the stop reason.
  readChunk(chunk: unknown, summary: ResponseSummary): void {
    readCompletion(chunk, summary);
  },
};

function readCompletion(value: unknown, summary: ResponseSummary): void {
  const body = readObject(value);
  if (!body) return;
  const id = readString(body['id']);
  const model = readString(body['model']);
  const reason = readString(body['stop_reason']);
  if (id) summary.responseId = id;
  if (model) summary.responseModel = model;
  if (reason) summary.finishReasons[0] = reason;
}

function setNumber(attributes: Attributes, key: string, value: unknown): void {
  const number = readFiniteNumber(value);
  if (number !== undefined) attributes[key] = number;
}
