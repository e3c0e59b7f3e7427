/**
 * `POST /v1/embeddings` as OpenAI documents it: a `list` of `embedding` objects, one per
 * input, and `usage: { prompt_tokens, total_tokens }`. openai-node asks for
 * `encoding_format: "base64"` unless the caller chose one, then decodes it; both are served.
 */
import { readField, readString } from '../json-fields.js';
import { openaiChatRoute } from './openai-chat.js';
import type { FakeRoute, UsageCounts } from './types.js';

const DIMENSIONS = 4;

export const openaiEmbeddingsRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/embeddings',
  responseHeaders: openaiChatRoute.responseHeaders,
  errorBody: openaiChatRoute.errorBody,
  success(request, reply) {
    const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
    const input = readField(request.json, 'input');
    const inputs = Array.isArray(input) && typeof input[0] !== 'number' ? input.length : 1;
    const dimensions = readField(request.json, 'dimensions');
    const size = typeof dimensions === 'number' ? dimensions : DIMENSIONS;
    const isBase64 = readString(request.json, 'encoding_format') === 'base64';
    const data = Array.from({ length: inputs }, (_, index) => {
      const vector = Array.from({ length: size }, (_unused, i) => (i + 1) / 10);
      const embedding = isBase64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    const usage = reply.usage === 'omit' ? undefined : reply.usage === undefined ? { prompt_tokens: counts.input, total_tokens: counts.input } : reply.usage;
    const body: Record<string, unknown> = {
      object: 'list',
      data,
      model: reply.model ?? readString(request.json, 'model') ?? 'text-embedding-3-small',
    };
    if (usage !== undefined) body['usage'] = usage;
    return { type: 'json', body };
  },
};
