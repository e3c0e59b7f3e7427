/**
 * Google's Gemini API and Vertex AI REST shapes, as `@google/genai` (its `Models` class and
 * `ApiClient`) sends and reads them:
 *
 * - `POST .../models/{model}:generateContent` answers a `GenerateContentResponse`
 *   (`candidates[].content.parts`, `finishReason`, `usageMetadata`, `modelVersion`, `responseId`;
 *   Vertex adds `createTime`).
 * - `POST .../models/{model}:streamGenerateContent?alt=sse` answers one `data: {...}\r\n\r\n`
 *   frame per chunk, each a full `GenerateContentResponse`. Like the real API every chunk carries
 *   `usageMetadata` with the counts so far (the prompt's from the first, the output's growing),
 *   and only the last one the final counts and `finishReason`: a reader that adds chunk usage
 *   instead of keeping the last reports too much.
 * - `POST .../models/{model}:batchEmbedContents` (Gemini API) answers `{ embeddings: [{ values }] }`,
 *   without token counts; Vertex's `:predict` answers `predictions[].embeddings` with
 *   `statistics.token_count`, and `:embedContent` (Gemini models on Vertex) `{ embedding,
 *   usageMetadata }`.
 * - `POST .../models/{model}:countTokens` answers `{ totalTokens }`.
 * - `finishReason: 'CONTINUATION'` adds the candidate's `continuationToken`, on which 3.x sends
 *   the next request of the same call by itself (automatic continuation).
 * - An HTTP error is `{ error: { code, message, status } }`, which the SDK turns into an
 *   `ApiError` whose message is that whole body. A stream that fails midway sends the same object
 *   as a bare (non-SSE) frame, which is how the SDK's stream reader recognises an error.
 *
 * Paths: Gemini API `/v1beta/models/{model}:...`; Vertex AI `/v1beta1/publishers/google/models/...`
 * (API-key "express" mode) or `/v1beta1/projects/{p}/locations/{l}/publishers/google/models/...`.
 */
import { formatSseFrame, splitIntoPieces, withStreamError } from './sse.js';
import { readArray } from '../json-fields.js';
import { DEFAULT_CONTENT } from './types.js';
import type { ErrorReply, FakeRoute, RouteAnswer, RouteRequest, SuccessReply, UsageCounts } from './types.js';

/** Default `modelVersion` when the path names none; gemini-2.5-flash is $0.30 / $2.50 per 1M. */
const DEFAULT_MODEL = 'gemini-2.5-flash';

const METHOD_PATTERN = /\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents|embedContent|predict|countTokens)$/;

/** The method (`generateContent`, ...) and model a Google path names, or `undefined`. */
export function readGooglePath(path: string): { method: string; model: string } | undefined {
  const match = METHOD_PATTERN.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  return { model: decodeURIComponent(match[1]), method: match[2] };
}

/**
 * Google's `usageMetadata` for `counts`. `promptTokenCount` includes `cachedContentTokenCount`;
 * `candidatesTokenCount` excludes `thoughtsTokenCount` (both billed as output), so the
 * candidates are `output - reasoning`.
 */
export function buildGoogleUsage(counts: UsageCounts): Record<string, unknown> {
  const candidates = Math.max(0, counts.output - counts.reasoning);
  const usage: Record<string, unknown> = {
    promptTokenCount: counts.input,
    candidatesTokenCount: candidates,
    totalTokenCount: counts.input + counts.output,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: counts.input }],
  };
  if (counts.cacheRead > 0) usage['cachedContentTokenCount'] = counts.cacheRead;
  if (counts.reasoning > 0) usage['thoughtsTokenCount'] = counts.reasoning;
  return usage;
}

/** Google's canonical status name for an HTTP error code. */
function statusFor(code: number): string {
  const statuses: Readonly<Record<number, string>> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return statuses[code] ?? 'UNKNOWN';
}

function errorObject(code: number, message: string | undefined, status: string | undefined): unknown {
  return { error: { code, message: message ?? `Fake provider error ${code}`, status: status ?? statusFor(code) } };
}

/** Every Google method on every Gemini API and Vertex AI path; registered in `index.ts`. */
export const googleGenAIRoute: FakeRoute = {
  method: 'POST',
  path: '/v1beta/models',
  matchesPath(path) {
    return readGooglePath(path) !== undefined;
  },
  responseHeaders() {
    return {};
  },
  success(request, reply) {
    const target = readGooglePath(request.path ?? '');
    const isVertex = (request.path ?? '').includes('/publishers/');
    switch (target?.method) {
      case 'streamGenerateContent':
        return streamAnswer(request, reply, target.model, isVertex);
      case 'batchEmbedContents':
      case 'embedContent':
      case 'predict':
        return embedAnswer(request, reply, target.method);
      case 'countTokens':
        return { type: 'json', body: { totalTokens: request.defaultUsage.input } };
      default:
        return { type: 'json', body: buildResponse(request, reply, target?.model, isVertex, reply.content, true) };
    }
  },
  errorBody(reply: ErrorReply) {
    return errorObject(reply.status, reply.message, reply.type);
  },
};

function buildResponse(
  request: RouteRequest,
  reply: SuccessReply,
  pathModel: string | undefined,
  isVertex: boolean,
  text: string | undefined,
  isLast: boolean,
  usage?: Record<string, unknown>,
): Record<string, unknown> {
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  const parts: unknown[] = [];
  const content = text ?? (reply.toolCalls?.length ? undefined : DEFAULT_CONTENT);
  if (content !== undefined) parts.push({ text: content });
  if (isLast) {
    for (const call of reply.toolCalls ?? []) {
      parts.push({ functionCall: { name: call.name, args: parseArgs(call.arguments) } });
    }
  }
  const candidate: Record<string, unknown> = { content: { parts, role: 'model' }, index: 0 };
  if (isLast) candidate['finishReason'] = reply.finishReason ?? 'STOP';
  // A cut-short answer (3.x's automatic continuation) names where the next request resumes.
  if (isLast && reply.finishReason === 'CONTINUATION') candidate['continuationToken'] = `fake-continuation-${request.sequence}`;
  const body: Record<string, unknown> = {
    candidates: [candidate],
    modelVersion: reply.model ?? pathModel ?? DEFAULT_MODEL,
    responseId: reply.id ?? `fake-response-${request.sequence}`,
  };
  if (isVertex) body['createTime'] = '2026-01-01T00:00:00.000000Z';
  if (reply.usage !== 'omit') {
    const finalUsage = reply.usage === undefined ? buildGoogleUsage(counts) : reply.usage;
    if (isLast || usage !== undefined) body['usageMetadata'] = isLast ? finalUsage : usage;
  }
  return body;
}

function streamAnswer(request: RouteRequest, reply: SuccessReply, model: string, isVertex: boolean): RouteAnswer {
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  const hasTools = (reply.toolCalls?.length ?? 0) > 0;
  const text = reply.content ?? (hasTools ? '' : DEFAULT_CONTENT);
  const pieces = splitIntoPieces(text, reply.chunks ?? 3);
  const frames = pieces.map((piece, i) => {
    const isLast = i === pieces.length - 1;
    // The counts so far: the whole prompt, and the output written up to this chunk.
    const partial = { promptTokenCount: counts.input, totalTokenCount: counts.input + i };
    const chunk = buildResponse(request, reply, model, isVertex, piece, isLast, partial);
    // `\r\n\r\n`, as Google's frontend ends each event.
    return formatSseFrame(chunk).replace(/\n\n$/, '\r\n\r\n');
  });
  const code = 500;
  const errorFrame = JSON.stringify(errorObject(code, reply.streamError?.message, reply.streamError?.type));
  return { type: 'sse', frames: withStreamError(frames, reply.streamError?.afterChunks, errorFrame) };
}

function embedAnswer(request: RouteRequest, reply: SuccessReply, method: string): RouteAnswer {
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  const values = [0.01, 0.02, 0.03];
  if (method === 'predict') {
    const instances = readArray(request.json, 'instances');
    const perInstance = Math.floor(counts.input / Math.max(1, instances.length));
    return {
      type: 'json',
      body: {
        predictions: instances.map(() => ({ embeddings: { values, statistics: { token_count: perInstance, truncated: false } } })),
        metadata: { billableCharacterCount: counts.input * 4 },
      },
    };
  }
  if (method === 'embedContent') {
    const body: Record<string, unknown> = { embedding: { values } };
    if (reply.usage !== 'omit') body['usageMetadata'] = reply.usage ?? { promptTokenCount: counts.input };
    return { type: 'json', body };
  }
  const requests = readArray(request.json, 'requests');
  return { type: 'json', body: { embeddings: requests.map(() => ({ values })) } };
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

