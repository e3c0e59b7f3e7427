/**
 * The audio routes as OpenAI documents them:
 * - `POST /v1/audio/transcriptions` (multipart): `{ text, usage }`, where gpt-4o transcribe
 *   models report `{ type: "tokens", input_tokens, input_token_details: { text_tokens,
 *   audio_tokens }, output_tokens, total_tokens }` and whisper-1 `{ type: "duration", seconds }`;
 *   with `stream: "true"`, SSE `transcript.text.delta` events and a `transcript.text.done` event
 *   carrying the text and the usage;
 * - `POST /v1/audio/translations` (multipart): `{ text }`;
 * - `POST /v1/audio/speech` (JSON): the audio bytes (`audio/mpeg`), here the reply's `content`.
 * In the token usage, `cacheRead` counts stand for the text part of the input (the rest is audio).
 */
import { openaiChatRoute } from './openai-chat.js';
import { readFormField, readRequestModel } from './multipart.js';
import { formatSseFrame, splitIntoPieces } from './sse.js';
import { DEFAULT_CONTENT } from './types.js';
import type { FakeRoute, RouteAnswer, RouteRequest, SuccessReply, UsageCounts } from './types.js';

function transcription(request: RouteRequest, reply: SuccessReply): RouteAnswer {
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  const model = readRequestModel(request.json, request.rawBody) ?? 'whisper-1';
  const usage =
    reply.usage !== undefined
      ? reply.usage
      : model === 'whisper-1'
        ? { type: 'duration', seconds: 3 }
        : {
            type: 'tokens',
            input_tokens: counts.input,
            input_token_details: { text_tokens: counts.cacheRead, audio_tokens: counts.input - counts.cacheRead },
            output_tokens: counts.output,
            total_tokens: counts.input + counts.output,
          };
  const text = reply.content ?? DEFAULT_CONTENT;
  const body: Record<string, unknown> = { text };
  if (usage !== 'omit' && usage !== null) body['usage'] = usage;
  if (readFormField(request.rawBody, 'stream') !== 'true') return { type: 'json', body };
  const frames = splitIntoPieces(text, reply.chunks ?? 3).map((delta) =>
    formatSseFrame({ type: 'transcript.text.delta', delta }, 'transcript.text.delta'),
  );
  frames.push(formatSseFrame({ type: 'transcript.text.done', ...body }, 'transcript.text.done'));
  return { type: 'sse', frames };
}

const shared = { method: 'POST', responseHeaders: openaiChatRoute.responseHeaders, errorBody: openaiChatRoute.errorBody };

export const openaiAudioRoutes: readonly FakeRoute[] = [
  { ...shared, path: '/v1/audio/transcriptions', success: transcription },
  {
    ...shared,
    path: '/v1/audio/translations',
    success: (_request, reply) => ({ type: 'json', body: { text: reply.content ?? DEFAULT_CONTENT } }),
  },
  {
    ...shared,
    path: '/v1/audio/speech',
    success: (_request, reply) => ({ type: 'binary', contentType: 'audio/mpeg', body: Buffer.from(reply.content ?? DEFAULT_CONTENT) }),
  },
];
