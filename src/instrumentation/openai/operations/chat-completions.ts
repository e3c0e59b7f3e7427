import type { Attributes } from '@opentelemetry/api';
import { normalizeOpenAIChatUsage } from '../../../pricing/index.js';
import {
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readArray, readObject } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';
import { readFinishReason, readIdentity } from './fields.js';
import { isUsageOnlyChunk, requestStreamUsage } from './stream-usage.js';

/** `chat.completions.create`, streamed or not. Reads numbers and ids, never text. */
export const chatCompletions: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,

  readRequest(params: unknown): RequestSummary {
    const body = readObject(params) ?? {};
    const attributes: Attributes = {};
    // max_completion_tokens replaced max_tokens for reasoning models; either caps output.
    setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, body['max_completion_tokens'] ?? body['max_tokens']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, body['temperature']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, body['top_p']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, body['frequency_penalty']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, body['presence_penalty']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_SEED, body['seed']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_CHOICE_COUNT, body['n']);
    const stop = body['stop'];
    const stopCount = typeof stop === 'string' ? 1 : readArray(stop)?.length;
    if (stopCount !== undefined) attributes[ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT] = stopCount;
    return summarizeRequest(body, attributes);
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    const body = readObject(response);
    if (!body) return;
    readIdentity(body, summary);
    for (const choice of readArray(body['choices']) ?? []) readFinishReason(choice, summary);
    const usage = normalizeOpenAIChatUsage(body['usage']);
    if (usage) summary.usage = usage;
  },

  readChunk(chunk: unknown, summary: ResponseSummary): void {
    const body = readObject(chunk);
    if (!body) return;
    if (summary.responseId === undefined) readIdentity(body, summary);
    for (const choice of readArray(body['choices']) ?? []) readFinishReason(choice, summary);
    // Only the last chunk carries usage, and only with stream_options.include_usage.
    const usage = normalizeOpenAIChatUsage(body['usage']);
    if (usage) summary.usage = usage;
  },

  requestStreamUsage,
  isRequestedUsageChunk: isUsageOnlyChunk,
};
