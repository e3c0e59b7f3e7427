/**
 * `POST /v1/messages` as Anthropic documents it: a `message` object, or with `stream: true` the
 * named SSE events `message_start`, `content_block_start`, `ping`, `content_block_delta`,
 * `content_block_stop`, `message_delta`, `message_stop` (and `error` mid-stream). As on the real
 * API, `message_start` reports `output_tokens: 1` and `message_delta` repeats the full, cumulative
 * usage, so an instrumentation that adds instead of overwriting reports 501 output tokens.
 * Bedrock's and Vertex AI's routes for Anthropic models answer with the same shapes.
 */
import { formatSseFrame, splitIntoPieces, withStreamError } from './sse.js';
import { isTrue, readString } from '../json-fields.js';
import { DEFAULT_CONTENT } from './types.js';
import { encodeBedrockChunk, encodeBedrockException, EVENT_STREAM_CONTENT_TYPE } from './aws-event-stream.js';
import type { ErrorReply, FakeRoute, RouteAnswer, RouteRequest, SuccessReply, UsageCounts } from './types.js';

const DEFAULT_MODEL = 'claude-haiku-4-5';
const SERVICE_TIER = 'standard';

/**
 * Anthropic's usage object for `counts`. `input_tokens` excludes cache reads and writes, as on
 * the real API; all cache writes are reported as 5-minute ones.
 */
export function buildAnthropicUsage(counts: UsageCounts): Record<string, unknown> {
  return {
    input_tokens: counts.input,
    cache_creation_input_tokens: counts.cacheWrite,
    cache_read_input_tokens: counts.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: counts.cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: counts.output,
    server_tool_use: { web_search_requests: counts.webSearchRequests },
    service_tier: SERVICE_TIER,
  };
}

/** The cumulative usage `message_delta` carries (no `cache_creation` or `service_tier`). */
function buildAnthropicDeltaUsage(counts: UsageCounts): Record<string, unknown> {
  return {
    input_tokens: counts.input,
    cache_creation_input_tokens: counts.cacheWrite,
    cache_read_input_tokens: counts.cacheRead,
    output_tokens: counts.output,
    server_tool_use: { web_search_requests: counts.webSearchRequests },
  };
}

/** The messages route; registered in `index.ts`. */
export const anthropicMessagesRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/messages',
  responseHeaders(requestId) {
    // @anthropic-ai/sdk reads `request-id` (not `x-request-id`) into `_request_id`.
    return { 'request-id': requestId };
  },
  success(request, reply) {
    return isTrue(request.json, 'stream') ? streamAnswer(request, reply) : jsonAnswer(request, reply);
  },
  errorBody(reply: ErrorReply, requestId) {
    return {
      type: 'error',
      error: {
        type: reply.type ?? errorTypeFor(reply.status),
        message: reply.message ?? `Fake provider error ${reply.status}`,
      },
      request_id: requestId,
    };
  },
};

/** The `error.type` Anthropic documents for each status. */
function errorTypeFor(status: number): string {
  const types: Readonly<Record<number, string>> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    500: 'api_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  };
  return types[status] ?? 'api_error';
}

interface ToolUse {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

interface MessageAnswer {
  readonly id: string;
  readonly model: string;
  readonly text: string | null;
  readonly toolUses: readonly ToolUse[];
  readonly stopReason: string;
  readonly counts: UsageCounts;
  readonly usage: SuccessReply['usage'];
}

function describeAnswer(request: RouteRequest, reply: SuccessReply): MessageAnswer {
  const toolUses = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `toolu_fake${request.sequence}_${i}`,
    name: call.name,
    arguments: call.arguments,
  }));
  const text = reply.content ?? reply.refusal ?? (toolUses.length > 0 ? null : DEFAULT_CONTENT);
  const defaultStop = reply.refusal !== undefined ? 'refusal' : toolUses.length > 0 ? 'tool_use' : 'end_turn';
  return {
    id: reply.id ?? `msg_fake${request.sequence}`,
    model: reply.model ?? readString(request.json, 'model') ?? DEFAULT_MODEL,
    text,
    toolUses,
    stopReason: reply.finishReason ?? defaultStop,
    counts: { ...request.defaultUsage, ...reply.tokens },
    usage: reply.usage,
  };
}

/** Anthropic sends tool input as an object; arguments that are not JSON fall back to `{}`. */
function parseToolInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

/** Puts the reply's usage override (or the default) on `target`, or leaves the field out. */
function setUsage(
  target: Record<string, unknown>,
  usage: SuccessReply['usage'],
  fallback: Record<string, unknown>,
): void {
  if (usage === 'omit') return;
  target['usage'] = usage === undefined ? fallback : usage;
}

function jsonAnswer(request: RouteRequest, reply: SuccessReply): RouteAnswer {
  const answer = describeAnswer(request, reply);
  const content: unknown[] = [];
  if (answer.text !== null) content.push({ type: 'text', text: answer.text });
  for (const tool of answer.toolUses) {
    content.push({ type: 'tool_use', id: tool.id, name: tool.name, input: parseToolInput(tool.arguments) });
  }
  const body: Record<string, unknown> = {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content,
    stop_reason: answer.stopReason,
    stop_sequence: null,
  };
  setUsage(body, answer.usage, buildAnthropicUsage(answer.counts));
  return { type: 'json', body };
}

function streamAnswer(request: RouteRequest, reply: SuccessReply): RouteAnswer {
  const toFrame = (event: AnthropicStreamEvent): string => formatSseFrame(event, event.type);
  const frames = buildStreamEvents(request, reply).map(toFrame);
  const errorFrame = toFrame({
    type: 'error',
    error: { type: reply.streamError?.type ?? 'overloaded_error', message: reply.streamError?.message ?? 'Overloaded' },
  });
  return { type: 'sse', frames: withStreamError(frames, reply.streamError?.afterChunks, errorFrame) };
}

/** One Anthropic stream event: its JSON, whose `type` is also the SSE event name. */
export interface AnthropicStreamEvent extends Record<string, unknown> {
  readonly type: string;
}

/**
 * The events of a streamed Messages answer, in the API's order, shared by the SSE routes and
 * Bedrock's event-stream route (which carries the same JSON in binary frames).
 */
function buildStreamEvents(request: RouteRequest, reply: SuccessReply): AnthropicStreamEvent[] {
  const answer = describeAnswer(request, reply);
  const pieces = reply.chunks ?? 3;
  const event = (type: string, data: Record<string, unknown>): AnthropicStreamEvent => ({ type, ...data });

  const startMessage: Record<string, unknown> = {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
  };
  setUsage(startMessage, answer.usage, buildAnthropicUsage({ ...answer.counts, output: 1 }));
  const frames: AnthropicStreamEvent[] = [event('message_start', { message: startMessage })];

  let index = 0;
  let hasPinged = false;
  const startBlock = (block: Record<string, unknown>): void => {
    frames.push(event('content_block_start', { index, content_block: block }));
    // The real API pings once, right after the first block starts.
    if (!hasPinged) {
      frames.push(event('ping', {}));
      hasPinged = true;
    }
  };
  if (answer.text !== null) {
    startBlock({ type: 'text', text: '' });
    for (const piece of splitIntoPieces(answer.text, pieces)) {
      frames.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
    }
    frames.push(event('content_block_stop', { index }));
    index++;
  }
  for (const tool of answer.toolUses) {
    startBlock({ type: 'tool_use', id: tool.id, name: tool.name, input: {} });
    for (const piece of splitIntoPieces(tool.arguments, pieces)) {
      frames.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
    }
    frames.push(event('content_block_stop', { index }));
    index++;
  }
  if (!hasPinged) frames.push(event('ping', {}));

  const delta: Record<string, unknown> = { delta: { stop_reason: answer.stopReason, stop_sequence: null } };
  setUsage(delta, answer.usage, buildAnthropicDeltaUsage(answer.counts));
  frames.push(event('message_delta', delta));
  if (reply.omitDone !== true) frames.push(event('message_stop', {}));
  return frames;
}

/** `POST /v1/messages/count_tokens`: `{ input_tokens }`, the documented shape. */
export const anthropicCountTokensRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/messages/count_tokens',
  responseHeaders: (requestId) => anthropicMessagesRoute.responseHeaders(requestId),
  success(request, reply) {
    return { type: 'json', body: { input_tokens: reply.tokens?.input ?? request.defaultUsage.input } };
  },
  errorBody: (reply, requestId) => anthropicMessagesRoute.errorBody(reply, requestId),
};

/**
 * Legacy `POST /v1/complete` (Text Completions): `{ type: "completion", id, completion,
 * stop_reason, model }` without usage, or with `stream: true` the named SSE events `completion`
 * (one per piece, the last with `stop_reason`) and `ping`.
 */
export const anthropicCompleteRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/complete',
  responseHeaders: (requestId) => anthropicMessagesRoute.responseHeaders(requestId),
  success(request, reply) {
    const id = reply.id ?? `compl_fake${request.sequence}`;
    const model = reply.model ?? readString(request.json, 'model') ?? 'claude-2.1';
    const text = reply.content ?? DEFAULT_CONTENT;
    const stopReason = reply.finishReason ?? 'stop_sequence';
    if (!isTrue(request.json, 'stream')) {
      return { type: 'json', body: { type: 'completion', id, completion: text, stop_reason: stopReason, model } };
    }
    const pieces = splitIntoPieces(text, reply.chunks ?? 3);
    const frames = pieces.map((piece, i) =>
      formatSseFrame(
        { type: 'completion', id, completion: piece, stop_reason: i === pieces.length - 1 ? stopReason : null, model },
        'completion',
      ),
    );
    frames.splice(1, 0, formatSseFrame({ type: 'ping' }, 'ping'));
    return { type: 'sse', frames };
  },
  errorBody: (reply, requestId) => anthropicMessagesRoute.errorBody(reply, requestId),
};

/**
 * Amazon Bedrock's `InvokeModel` for Anthropic models, `POST /model/{modelId}/invoke`: the Messages
 * body without `model` (it is in the path) answered by the same `message` object. Its streaming
 * twin is `anthropicBedrockStreamRoute`.
 */
export const anthropicBedrockInvokeRoute: FakeRoute = {
  method: 'POST',
  path: '/model/{modelId}/invoke',
  matchesPath: (path) => /^\/model\/[^/]+\/invoke$/.test(path),
  responseHeaders: (requestId) => ({ 'x-amzn-requestid': requestId }),
  // Bedrock answers with Anthropic's model name: `us.anthropic.claude-sonnet-4-20250514-v1:0`
  // is `claude-sonnet-4-20250514` in the response.
  success: (request, reply) =>
    anthropicMessagesRoute.success(withModel(request, modelFromPath(request, /^\/model\/([^/]+)\/invoke$/)), reply),
  errorBody: (reply) => ({ message: reply.message ?? `Fake provider error ${reply.status}` }),
};

const BEDROCK_STREAM_PATH = /^\/model\/([^/]+)\/invoke-with-response-stream$/;

/**
 * Amazon Bedrock's `InvokeModelWithResponseStream` for Anthropic models,
 * `POST /model/{modelId}/invoke-with-response-stream`: the Messages body without `model` and
 * `stream`, answered with the same events as `/v1/messages` streams, each JSON event base64-encoded
 * in a `chunk` frame of AWS event-stream binary. `message_stop` also carries Bedrock's
 * `amazon-bedrock-invocationMetrics`. `streamError` ends the stream with an exception frame
 * (`type` is the exception, default `modelStreamErrorException`), as Bedrock reports failures
 * after the 200.
 */
export const anthropicBedrockStreamRoute: FakeRoute = {
  method: 'POST',
  path: '/model/{modelId}/invoke-with-response-stream',
  matchesPath: (path) => BEDROCK_STREAM_PATH.test(path),
  responseHeaders: (requestId) => ({
    'x-amzn-requestid': requestId,
    'x-amzn-bedrock-content-type': 'application/json',
  }),
  success(request, reply) {
    const modelRequest = withModel(request, modelFromPath(request, BEDROCK_STREAM_PATH));
    const events = buildStreamEvents(modelRequest, reply).map((event) =>
      event.type === 'message_stop' ? { ...event, 'amazon-bedrock-invocationMetrics': invocationMetrics(modelRequest, reply) } : event,
    );
    const exception = encodeBedrockException(reply.streamError?.type ?? 'modelStreamErrorException', {
      message: reply.streamError?.message ?? 'Model stream error',
      originalStatusCode: 529,
    });
    const frames = withStreamError(events.map(encodeBedrockChunk), reply.streamError?.afterChunks, exception);
    return { type: 'binaryStream', contentType: EVENT_STREAM_CONTENT_TYPE, frames };
  },
  errorBody: (reply) => anthropicBedrockInvokeRoute.errorBody(reply, ''),
};

/** Bedrock's own counts on the last event; its input count includes no cache tokens. */
function invocationMetrics(request: RouteRequest, reply: SuccessReply): Record<string, number> {
  const counts = { ...request.defaultUsage, ...reply.tokens };
  return { inputTokenCount: counts.input, outputTokenCount: counts.output, invocationLatency: 120, firstByteLatency: 40 };
}

/**
 * Vertex AI's `rawPredict` / `streamRawPredict` for Anthropic models,
 * `POST /v1/projects/{p}/locations/{l}/publishers/anthropic/models/{model}:rawPredict`: the
 * Messages body without `model`, answered exactly as `/v1/messages` answers (JSON or SSE).
 */
export const anthropicVertexPredictRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict',
  matchesPath: (path) => /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/[^/]+:(stream)?[rR]awPredict$/.test(path),
  responseHeaders: (requestId) => anthropicMessagesRoute.responseHeaders(requestId),
  // Vertex answers with Anthropic's model name: `claude-sonnet-4@20250514` is `claude-sonnet-4-20250514`.
  success: (request, reply) =>
    anthropicMessagesRoute.success(withModel(request, modelFromPath(request, /\/models\/([^/]+):\w+$/)), reply),
  errorBody: (reply, requestId) => anthropicMessagesRoute.errorBody(reply, requestId),
};

/** The Anthropic model name a platform's model id in the path stands for. */
function modelFromPath(request: RouteRequest, pattern: RegExp): string | undefined {
  const id = pattern.exec(request.path ?? '')?.[1];
  if (id === undefined) return undefined;
  return decodeURIComponent(id)
    .replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace('@', '-');
}

function withModel(request: RouteRequest, model: string | undefined): RouteRequest {
  if (model === undefined) return request;
  const json = typeof request.json === 'object' && request.json !== null ? request.json : {};
  return { ...request, json: { ...json, model } };
}
