import { GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION } from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readObject, readString } from '../../core/readers.js';
import { summarizeAnthropicRequest } from './request-fields.js';

/**
 * Legacy `completions.create` (`/v1/complete`, in 0.x SDKs). Its responses report no token
 * usage, so these spans carry `infraprism.cost.status=no_usage`: we do not guess with a tokenizer.
 */
export const completions: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,

  readRequest(params: unknown): RequestSummary {
    return summarizeAnthropicRequest(params, 'max_tokens_to_sample');
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
