import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readArray, readFiniteNumber, readObject, readString } from '../../core/readers.js';
import { setNumber } from '../../core/request-summary.js';
import { normalizeGoogleUsage } from '../usage.js';

/**
 * One HTTP request of `models.generateContent` (`:generateContent`) or
 * `models.generateContentStream` (`:streamGenerateContent?alt=sse`); `chats.sendMessage` and
 * `sendMessageStream` go through them, and automatic function calling makes one request per
 * round. Params are `{ model, contents, config }`; only `model` and the numbers in `config` are
 * read, never `contents`, the system instruction or tools.
 *
 * A streamed chunk is a whole `GenerateContentResponse`: each carries `usageMetadata` with the
 * counts so far, so the last chunk that has one wins (overwrite, never add).
 */
function defineGenerateContent(operationName: string, isStreaming: boolean): OperationDescriptor {
  return {
    operationName,
    readRequest(params: unknown): RequestSummary {
      return readGenerateContentRequest(params, isStreaming);
    },
    readResponse: readGenerateContentResponse,
    readChunk: readGenerateContentResponse,
  };
}

export const generateContent = defineGenerateContent(GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT, false);
export const generateContentStream = defineGenerateContent(GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT, true);
/** The same requests made by a chat session (`chats.create(...).sendMessage`). */
export const chatSendMessage = defineGenerateContent(GEN_AI_OPERATION_NAME_VALUE_CHAT, false);
export const chatSendMessageStream = defineGenerateContent(GEN_AI_OPERATION_NAME_VALUE_CHAT, true);

function readGenerateContentRequest(params: unknown, isStreaming: boolean): RequestSummary {
  const body = readObject(params);
  const config = readObject(body?.['config']);
  const attributes: Attributes = { [ATTR_GEN_AI_REQUEST_STREAM]: isStreaming };
  if (config) {
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, config['temperature']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, config['topP']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_K, config['topK']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, config['maxOutputTokens']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_CHOICE_COUNT, config['candidateCount']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_SEED, config['seed']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, config['presencePenalty']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, config['frequencyPenalty']);
  }
  const summary: RequestSummary = { isStreaming, attributes };
  const model = readString(body?.['model']);
  if (model) summary.requestModel = model;
  return summary;
}

/** A response, or one streamed chunk: ids, finish reasons by candidate index, usage. */
function readGenerateContentResponse(response: unknown, summary: ResponseSummary): void {
  const body = readObject(response);
  if (!body) return;
  const id = readString(body['responseId']);
  if (id) summary.responseId = id;
  const model = readString(body['modelVersion']);
  if (model) summary.responseModel = model;
  const candidates = readArray(body['candidates']);
  if (candidates) {
    for (let i = 0; i < candidates.length; i++) {
      const candidate = readObject(candidates[i]);
      const reason = readString(candidate?.['finishReason']);
      if (!reason) continue;
      // By the candidate's `index` (a stream repeats it per chunk), without ever leaving a hole.
      const index = readFiniteNumber(candidate?.['index']) ?? i;
      const slot = Number.isSafeInteger(index) && index >= 0 && index <= summary.finishReasons.length ? index : summary.finishReasons.length;
      summary.finishReasons[slot] = reason;
    }
  }
  const usage = normalizeGoogleUsage(body['usageMetadata']);
  if (usage) summary.usage = usage;
}
