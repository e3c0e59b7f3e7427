/**
 * `POST /v1/responses` as OpenAI documents it: a `response` object, or with `stream: true`
 * named SSE events (`event: response.created` ... `event: response.completed`) whose `data`
 * carries `type` and `sequence_number`. Usage is always on the final `response` (no
 * `stream_options`): `input_tokens` includes `input_tokens_details.cached_tokens`,
 * `output_tokens` includes `output_tokens_details.reasoning_tokens`. The request's
 * `instructions` and `conversation` are echoed back, as the real API does.
 */
import { readField, readString } from '../json-fields.js';
import { openaiChatRoute, servedServiceTier } from './openai-chat.js';
import { formatSseFrame, splitIntoPieces, withStreamError } from './sse.js';
import { DEFAULT_CONTENT } from './types.js';
import type { FakeRoute, RouteAnswer, RouteRequest, SuccessReply, UsageCounts } from './types.js';

/** The Responses API usage object for `counts`. */
export function buildOpenAIResponsesUsage(counts: UsageCounts): Record<string, unknown> {
  return {
    input_tokens: counts.input,
    input_tokens_details: { cached_tokens: counts.cacheRead },
    output_tokens: counts.output,
    output_tokens_details: { reasoning_tokens: counts.reasoning },
    total_tokens: counts.input + counts.output,
  };
}

export const openaiResponsesRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/responses',
  responseHeaders: openaiChatRoute.responseHeaders,
  errorBody: openaiChatRoute.errorBody,
  success(request, reply) {
    return readField(request.json, 'stream') === true ? streamAnswer(request, reply) : { type: 'json', body: buildResponse(request, reply, 'completed') };
  },
};

function buildResponse(request: RouteRequest, reply: SuccessReply, status: 'in_progress' | 'completed'): Record<string, unknown> {
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  const text = reply.content ?? DEFAULT_CONTENT;
  const conversation = readField(request.json, 'conversation');
  const conversationId = typeof conversation === 'string' ? conversation : readString(conversation, 'id');
  const usage = reply.usage === 'omit' ? null : reply.usage === undefined ? buildOpenAIResponsesUsage(counts) : reply.usage;
  return {
    id: reply.id ?? `resp_fake${request.sequence}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: null,
    instructions: readField(request.json, 'instructions') ?? null,
    max_output_tokens: readField(request.json, 'max_output_tokens') ?? null,
    model: reply.model ?? readString(request.json, 'model') ?? 'gpt-4o',
    output: status === 'completed' ? [messageItem(request, text, 'completed')] : [],
    parallel_tool_calls: true,
    previous_response_id: readField(request.json, 'previous_response_id') ?? null,
    conversation: conversationId === undefined ? null : { id: conversationId },
    service_tier: servedServiceTier(request),
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: status === 'completed' ? usage : null,
    metadata: {},
  };
}

function messageItem(request: RouteRequest, text: string, status: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `msg_fake${request.sequence}`,
    status,
    role: 'assistant',
    content: status === 'completed' ? [{ type: 'output_text', text, annotations: [] }] : [],
  };
}

function streamAnswer(request: RouteRequest, reply: SuccessReply): RouteAnswer {
  const text = reply.content ?? DEFAULT_CONTENT;
  const itemId = `msg_fake${request.sequence}`;
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>): string =>
    formatSseFrame({ type, sequence_number: sequence++, ...data }, type);
  const part = (partText: string) => ({ type: 'output_text', text: partText, annotations: [] });
  const frames = [
    event('response.created', { response: buildResponse(request, reply, 'in_progress') }),
    event('response.in_progress', { response: buildResponse(request, reply, 'in_progress') }),
    event('response.output_item.added', { output_index: 0, item: messageItem(request, text, 'in_progress') }),
    event('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: part('') }),
    ...splitIntoPieces(text, reply.chunks ?? 3).map((delta) =>
      event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] }),
    ),
    event('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] }),
    event('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: part(text) }),
    event('response.output_item.done', { output_index: 0, item: messageItem(request, text, 'completed') }),
    event('response.completed', { response: buildResponse(request, reply, 'completed') }),
  ];
  const errorFrame = formatSseFrame(
    {
      type: 'error',
      sequence_number: sequence,
      code: reply.streamError?.type ?? 'server_error',
      message: reply.streamError?.message ?? 'The server had an error while processing your request.',
      param: null,
    },
    'error',
  );
  return { type: 'sse', frames: withStreamError(frames, reply.streamError?.afterChunks, errorFrame) };
}
