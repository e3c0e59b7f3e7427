import type { Attributes } from '@opentelemetry/api';
import { toTokenCount } from '../../../pricing/usage.js';
import {
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readArray, readObject } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';
import { readModelFinishReason, readModelResponseIdentity, readModelUsage } from './usage.js';

/**
 * What the channel subscriber hands a descriptor: the event of the channel message (its content
 * fields — messages, instructions, tools, values — are never read) and whether the operation streams.
 */
export interface AiSdkCallRequest {
  readonly event: unknown;
  readonly isStreaming: boolean;
}

function readCallRequest(params: unknown): { event: Record<string, unknown>; isStreaming: boolean } {
  const request = readObject(params);
  return { event: readObject(request?.['event']) ?? {}, isStreaming: request?.['isStreaming'] === true };
}

/**
 * One `doGenerate`/`doStream` of a language model (`languageModelCall` on `ai:telemetry`): each
 * step of `generateText`/`streamText` is one. The result of `doGenerate` carries usage; a stream
 * reports it in its `finish` part.
 */
export const languageModelCall: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,

  readRequest(params: unknown): RequestSummary {
    const { event, isStreaming } = readCallRequest(params);
    const attributes: Attributes = {};
    setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, event['maxOutputTokens']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, event['temperature']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, event['topP']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_K, event['topK']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, event['frequencyPenalty']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, event['presencePenalty']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_SEED, event['seed']);
    // The count only: stop sequences are text the caller wrote.
    const stopCount = readArray(event['stopSequences'])?.length;
    if (stopCount !== undefined) attributes[ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT] = stopCount;
    return summarizeRequest({ model: event['modelId'], stream: isStreaming }, attributes);
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    const result = readObject(response);
    if (!result) return;
    readModelResponseIdentity(result['response'], summary);
    readModelFinishReason(result['finishReason'], summary);
    const usage = readModelUsage(result['usage']);
    if (usage) summary.usage = usage;
  },

  readChunk(chunk: unknown, summary: ResponseSummary): void {
    const part = readObject(chunk);
    const type = part?.['type'];
    if (!part || (type !== 'response-metadata' && type !== 'finish')) return;
    if (type === 'response-metadata') {
      readModelResponseIdentity(part, summary);
      return;
    }
    readModelFinishReason(part['finishReason'], summary);
    const usage = readModelUsage(part['usage']);
    if (usage) summary.usage = usage;
  },
};

/**
 * `embed` and `embedMany` (their own messages on `ai:telemetry`; the values are never read). One
 * span per operation: `embedMany` may split its values over several provider requests, and the
 * AI SDK reports their usage summed.
 */
export const embedOperation: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,

  readRequest(params: unknown): RequestSummary {
    const { event } = readCallRequest(params);
    return summarizeRequest({ model: event['modelId'] }, {}, false);
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    const result = readObject(response);
    if (!result) return;
    readModelResponseIdentity(result['response'] ?? readArray(result['responses'])?.[0], summary);
    const tokens = toTokenCount(readObject(result['usage'])?.['tokens']);
    if (tokens !== undefined) summary.usage = { inputTokens: tokens, outputTokens: 0 };
  },

  readChunk() {
    // Embeddings never stream.
  },
};
