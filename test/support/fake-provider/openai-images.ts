/**
 * `POST /v1/images/generations` (JSON) and `/v1/images/edits` (multipart) as OpenAI documents
 * them: `{ created, data: [{ b64_json }] }`, plus for gpt-image models a `usage` of
 * `input_tokens` (with `input_tokens_details.text_tokens` / `image_tokens`) and
 * `output_tokens` (all image tokens). DALL·E models report no usage (billed per image).
 * The image bytes are the reply's `content`, base64-encoded.
 */
import { openaiChatRoute } from './openai-chat.js';
import { readRequestModel } from './multipart.js';
import { DEFAULT_CONTENT } from './types.js';
import type { FakeRoute, RouteRequest, SuccessReply, UsageCounts } from './types.js';

function answer(request: RouteRequest, reply: SuccessReply) {
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  const model = readRequestModel(request.json, request.rawBody) ?? 'dall-e-2';
  const reportsUsage = model.startsWith('gpt-image');
  const usage =
    reply.usage === 'omit'
      ? undefined
      : reply.usage !== undefined
        ? reply.usage
        : reportsUsage
          ? {
              input_tokens: counts.input,
              input_tokens_details: { text_tokens: counts.input - counts.cacheRead, image_tokens: counts.cacheRead },
              output_tokens: counts.output,
              total_tokens: counts.input + counts.output,
            }
          : undefined;
  const body: Record<string, unknown> = {
    created: Math.floor(Date.now() / 1000),
    data: [{ b64_json: Buffer.from(reply.content ?? DEFAULT_CONTENT).toString('base64') }],
  };
  if (usage !== undefined) body['usage'] = usage;
  return { type: 'json' as const, body };
}

export const openaiImagesRoutes: readonly FakeRoute[] = ['/v1/images/generations', '/v1/images/edits'].map((path) => ({
  method: 'POST',
  path,
  responseHeaders: openaiChatRoute.responseHeaders,
  errorBody: openaiChatRoute.errorBody,
  success: answer,
}));
