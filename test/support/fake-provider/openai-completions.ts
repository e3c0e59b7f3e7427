/**
 * `POST /v1/completions` (legacy) as OpenAI documents it: a `text_completion` object, or with
 * `stream: true` SSE `text_completion` frames ending in `data: [DONE]`; with
 * `stream_options.include_usage` a last frame has `choices: []` and the usage.
 */
import { isTrue, readField, readString } from '../json-fields.js';
import { buildOpenAIChatUsage, openaiChatRoute } from './openai-chat.js';
import { formatSseFrame, splitIntoPieces, withStreamError } from './sse.js';
import { DEFAULT_CONTENT } from './types.js';
import type { FakeRoute, UsageCounts } from './types.js';

export const openaiCompletionsRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/completions',
  responseHeaders: openaiChatRoute.responseHeaders,
  errorBody: openaiChatRoute.errorBody,
  success(request, reply) {
    const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
    const usage = reply.usage === 'omit' ? undefined : reply.usage === undefined ? buildOpenAIChatUsage(counts) : reply.usage;
    const text = reply.content ?? DEFAULT_CONTENT;
    const finishReason = reply.finishReason ?? 'stop';
    const base = {
      id: reply.id ?? `cmpl-fake${request.sequence}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? readString(request.json, 'model') ?? 'gpt-3.5-turbo-instruct',
      system_fingerprint: 'fp_fake0001',
    };
    if (!isTrue(request.json, 'stream')) {
      const body: Record<string, unknown> = { ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }] };
      if (usage !== undefined) body['usage'] = usage;
      return { type: 'json', body };
    }
    const includeUsage = isTrue(readField(request.json, 'stream_options'), 'include_usage');
    const chunk = (piece: string, reason: string | null): string =>
      formatSseFrame({ ...base, choices: [{ text: piece, index: 0, logprobs: null, finish_reason: reason }], ...(includeUsage ? { usage: null } : {}) });
    const frames = splitIntoPieces(text, reply.chunks ?? 3).map((piece) => chunk(piece, null));
    frames.push(chunk('', finishReason));
    if (includeUsage && usage !== undefined) frames.push(formatSseFrame({ ...base, choices: [], usage }));
    if (reply.omitDone !== true) frames.push(formatSseFrame('[DONE]'));
    const errorFrame = formatSseFrame({ error: { message: reply.streamError?.message ?? 'server error', type: 'server_error', param: null, code: null } });
    return { type: 'sse', frames: withStreamError(frames, reply.streamError?.afterChunks, errorFrame) };
  },
};
