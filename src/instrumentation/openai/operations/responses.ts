import type { Attributes } from '@opentelemetry/api';
import { normalizeOpenAIResponsesUsage } from '../../../pricing/index.js';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readObject, readString } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';
import { readIdentity } from './fields.js';

/**
 * `responses.create`, streamed or not; `responses.stream()` and `responses.parse()`
 * call it. Semconv names this operation `chat`. Usage comes from `input_tokens`
 * (cached ones included) and `output_tokens` (reasoning included); a stream carries
 * it on its `response.completed` (or `.incomplete`, `.failed`) event, so it needs no
 * `stream_options`. Instructions, input items and output text are never read.
 */
export const responses: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,

  readRequest(params: unknown): RequestSummary {
    const body = readObject(params) ?? {};
    const attributes: Attributes = {};
    setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, body['max_output_tokens']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, body['temperature']);
    setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, body['top_p']);
    const conversationId = readConversationId(body['conversation']);
    if (conversationId) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
    return summarizeRequest(body, attributes);
  },

  readResponse: readResponseObject,

  readChunk(chunk: unknown, summary: ResponseSummary): void {
    const event = readObject(chunk);
    const response = readObject(event?.['response']);
    if (!event || !response) return;
    // Every lifecycle event carries the response so far; the last one has the usage.
    readResponseObject(response, summary);
  },
};

/** The request's or response's `conversation`: an id, or an object with one. */
function readConversationId(value: unknown): string | undefined {
  return readString(value) ?? readString(readObject(value)?.['id']);
}

function readResponseObject(response: unknown, summary: ResponseSummary): void {
  const body = readObject(response);
  if (!body) return;
  readIdentity(body, summary);
  const conversationId = readConversationId(body['conversation']);
  if (conversationId) summary.conversationId = conversationId;
  // `completed`, or why it stopped early (`max_output_tokens`, `content_filter`).
  const reason = readString(readObject(body['incomplete_details'])?.['reason']) ?? readString(body['status']);
  if (reason) summary.finishReasons[0] = reason;
  const usage = normalizeOpenAIResponsesUsage(body['usage']);
  if (usage) summary.usage = usage;
}
