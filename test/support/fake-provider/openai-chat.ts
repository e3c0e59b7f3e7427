/**
 * `POST /v1/chat/completions` as OpenAI documents it: a `chat.completion` object, or with
 * `stream: true` SSE `chat.completion.chunk` frames ending in `data: [DONE]`. The usage chunk
 * (`choices: []`) is sent only when the request asked for it with
 * `stream_options.include_usage: true`, as the real API does; without it a stream has no usage,
 * which is the case the instrumentation must report rather than guess.
 */
import { formatSseFrame, splitIntoPieces, withStreamError } from './sse.js';
import { isTrue, readField, readString } from '../json-fields.js';
import { DEFAULT_CONTENT } from './types.js';
import type { ErrorReply, FakeRoute, RouteAnswer, RouteRequest, SuccessReply, UsageCounts } from './types.js';

const DEFAULT_MODEL = 'gpt-4o';
const SYSTEM_FINGERPRINT = 'fp_fake0001';
const SERVICE_TIER = 'default';

/**
 * The tier the response says served the call, as the real API answers: `flex` or `priority` when
 * the request asks for it, else `default` (also for `auto`).
 */
export function servedServiceTier(request: RouteRequest): string {
  const asked = readString(request.json, 'service_tier');
  return asked === 'flex' || asked === 'priority' ? asked : SERVICE_TIER;
}

/**
 * OpenAI's usage object for `counts`. `prompt_tokens` includes `cached_tokens` and
 * `completion_tokens` includes `reasoning_tokens`, as on the real API.
 */
export function buildOpenAIChatUsage(counts: UsageCounts): Record<string, unknown> {
  return {
    prompt_tokens: counts.input,
    completion_tokens: counts.output,
    total_tokens: counts.input + counts.output,
    prompt_tokens_details: { cached_tokens: counts.cacheRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: counts.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** The chat completions route; registered in `index.ts`. */
export const openaiChatRoute: FakeRoute = {
  method: 'POST',
  path: '/v1/chat/completions',
  responseHeaders() {
    return { 'openai-version': '2020-10-01', 'openai-processing-ms': '1' };
  },
  success(request, reply) {
    const answer = describeAnswer(request, reply);
    return isTrue(request.json, 'stream') ? streamAnswer(request, reply, answer) : jsonAnswer(answer);
  },
  errorBody(reply: ErrorReply) {
    const defaults = ERROR_DEFAULTS[reply.status] ?? {
      type: reply.status >= 500 ? 'server_error' : 'invalid_request_error',
      code: null,
    };
    return {
      error: {
        message: reply.message ?? `Fake provider error ${reply.status}`,
        type: reply.type ?? defaults.type,
        param: reply.param ?? null,
        code: reply.code !== undefined ? reply.code : defaults.code,
      },
    };
  },
};

/** Types and codes the real API sends for these statuses. */
const ERROR_DEFAULTS: Readonly<Record<number, { type: string; code: string | null }>> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
  503: { type: 'server_error', code: null },
};

/** Everything both shapes share, resolved once from request and reply. */
interface ChatAnswer {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly content: string | null;
  readonly refusal: string | null;
  readonly toolCalls: ReadonlyArray<{ readonly id: string; readonly name: string; readonly arguments: string }>;
  readonly finishReason: string;
  readonly serviceTier: string;
  /** `undefined` means leave the field out. */
  readonly usage: Readonly<Record<string, unknown>> | null | undefined;
}

function describeAnswer(request: RouteRequest, reply: SuccessReply): ChatAnswer {
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_fake${request.sequence}_${i}`,
    name: call.name,
    arguments: call.arguments,
  }));
  const hasOtherOutput = toolCalls.length > 0 || reply.refusal !== undefined;
  const counts: UsageCounts = { ...request.defaultUsage, ...reply.tokens };
  return {
    id: reply.id ?? `chatcmpl-fake${request.sequence}`,
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? readString(request.json, 'model') ?? DEFAULT_MODEL,
    content: reply.content ?? (hasOtherOutput ? null : DEFAULT_CONTENT),
    refusal: reply.refusal ?? null,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    serviceTier: servedServiceTier(request),
    usage: reply.usage === 'omit' ? undefined : reply.usage === undefined ? buildOpenAIChatUsage(counts) : reply.usage,
  };
}

function jsonAnswer(answer: ChatAnswer): RouteAnswer {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: answer.content,
    refusal: answer.refusal,
    annotations: [],
  };
  if (answer.toolCalls.length > 0) {
    message['tool_calls'] = answer.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const body: Record<string, unknown> = {
    id: answer.id,
    object: 'chat.completion',
    created: answer.created,
    model: answer.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
  };
  if (answer.usage !== undefined) body['usage'] = answer.usage;
  body['service_tier'] = answer.serviceTier;
  body['system_fingerprint'] = SYSTEM_FINGERPRINT;
  return { type: 'json', body };
}

function streamAnswer(request: RouteRequest, reply: SuccessReply, answer: ChatAnswer): RouteAnswer {
  // With include_usage every chunk carries `usage: null` until the final usage chunk.
  const includeUsage = isTrue(readField(request.json, 'stream_options'), 'include_usage');
  const pieces = reply.chunks ?? 3;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): string => {
    const body: Record<string, unknown> = {
      id: answer.id,
      object: 'chat.completion.chunk',
      created: answer.created,
      model: answer.model,
      service_tier: answer.serviceTier,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (includeUsage) body['usage'] = null;
    return formatSseFrame(body);
  };

  const roleDelta = { role: 'assistant', content: answer.content === null ? null : '', refusal: null };
  const frames: string[] = [chunk(roleDelta, null)];
  if (answer.content !== null) {
    for (const piece of splitIntoPieces(answer.content, pieces)) frames.push(chunk({ content: piece }, null));
  }
  if (answer.refusal !== null) {
    for (const piece of splitIntoPieces(answer.refusal, pieces)) frames.push(chunk({ refusal: piece }, null));
  }
  answer.toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    frames.push(chunk({ tool_calls: [opening] }, null));
    for (const piece of splitIntoPieces(call.arguments, pieces)) {
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
    }
  });
  frames.push(chunk({}, answer.finishReason));
  if (includeUsage && answer.usage !== undefined) {
    frames.push(
      formatSseFrame({
        id: answer.id,
        object: 'chat.completion.chunk',
        created: answer.created,
        model: answer.model,
        service_tier: answer.serviceTier,
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices: [],
        usage: answer.usage,
      }),
    );
  }
  if (reply.omitDone !== true) frames.push(formatSseFrame('[DONE]'));

  // openai-node turns a `data: {"error": ...}` frame into an APIError thrown from the iterator.
  const errorFrame = formatSseFrame({
    error: {
      message: reply.streamError?.message ?? 'The server had an error while processing your request.',
      type: reply.streamError?.type ?? 'server_error',
      param: null,
      code: null,
    },
  });
  return { type: 'sse', frames: withStreamError(frames, reply.streamError?.afterChunks, errorFrame) };
}
