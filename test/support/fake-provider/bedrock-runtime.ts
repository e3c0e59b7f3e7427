/**
 * Amazon Bedrock Runtime as `@aws-sdk/client-bedrock-runtime` calls it, beside the Anthropic
 * routes (`anthropic-messages.ts`, which answer `InvokeModel` for `anthropic.*` model ids):
 *
 * - `POST /model/{modelId}/converse`: the Converse JSON (`output.message.content[]`, `stopReason`,
 *   `usage` with `inputTokens` excluding `cacheReadInputTokens`/`cacheWriteInputTokens`, as the
 *   API reports them: `totalTokens` is the sum of all four, `metrics.latencyMs`).
 * - `POST /model/{modelId}/converse-stream`: AWS event-stream frames, one per event, named by
 *   `:event-type` (`messageStart`, `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`,
 *   `messageStop`, `metadata` with the usage), each JSON body padded with `p` as the service does.
 * - `InvokeModel` and `InvokeModelWithResponseStream` for Amazon Nova (`amazon.nova-*`: the
 *   Converse-like body, usage `inputTokens`/`outputTokens`/`cacheReadInputTokenCount`/
 *   `cacheWriteInputTokenCount`) and Meta Llama (`meta.llama*`: `generation`,
 *   `prompt_token_count`, `generation_token_count`, `stop_reason`). Streams carry the model's JSON
 *   events base64-encoded in `chunk` frames, the last with `amazon-bedrock-invocationMetrics`.
 *
 * A mid-stream `streamError` is an exception frame (default `modelStreamErrorException`). Errors
 * answer `{ message }` with `x-amzn-errortype`, which the SDK turns into its modelled exception.
 */
import { parseJsonOrUndefined } from '../json-fields.js';
import { encodeBedrockChunk, encodeBedrockEvent, encodeBedrockException, EVENT_STREAM_CONTENT_TYPE } from './aws-event-stream.js';
import { splitIntoPieces, withStreamError } from './sse.js';
import { DEFAULT_CONTENT } from './types.js';
import type { ErrorReply, FakeRoute, RouteAnswer, RouteRequest, SuccessReply, UsageCounts } from './types.js';

/** The model id in a Bedrock path, decoded (`us.anthropic.claude-...-v1:0`, an ARN...). */
export function readBedrockModelId(path: string | undefined): string {
  const id = /^\/model\/([^/]+)\//.exec(path ?? '')?.[1];
  return id === undefined ? '' : decodeURIComponent(id);
}

/**
 * The path the SDK requests for `modelId` and an operation (`converse`, `converse-stream`,
 * `invoke`, `invoke-with-response-stream`), percent-encoded as sent: the key to `enqueue` under.
 */
export function bedrockPath(modelId: string, operation: string): string {
  return `/model/${encodeURIComponent(modelId)}/${operation}`;
}

/** The modelled exception the service names for an HTTP status. */
function exceptionFor(status: number): string {
  if (status === 400) return 'ValidationException';
  if (status === 403) return 'AccessDeniedException';
  if (status === 404) return 'ResourceNotFoundException';
  if (status === 408) return 'ModelTimeoutException';
  if (status === 424) return 'ModelErrorException';
  if (status === 429) return 'ThrottlingException';
  if (status === 503) return 'ServiceUnavailableException';
  return 'InternalServerException';
}

function errorBody(reply: ErrorReply): unknown {
  return { __type: reply.type ?? exceptionFor(reply.status), message: reply.message ?? `Fake provider error ${reply.status}` };
}

const responseHeaders = (requestId: string): Record<string, string> => ({ 'x-amzn-requestid': requestId });

interface Answer {
  readonly text: string | null;
  readonly toolUses: readonly { id: string; name: string; arguments: string }[];
  readonly stopReason: string;
  readonly counts: UsageCounts;
  readonly usage: SuccessReply['usage'];
}

function describeAnswer(request: RouteRequest, reply: SuccessReply): Answer {
  const toolUses = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `tooluse_fake${request.sequence}_${i}`,
    name: call.name,
    arguments: call.arguments,
  }));
  const text = reply.content ?? reply.refusal ?? (toolUses.length > 0 ? null : DEFAULT_CONTENT);
  return {
    text,
    toolUses,
    stopReason: reply.finishReason ?? (toolUses.length > 0 ? 'tool_use' : 'end_turn'),
    counts: { ...request.defaultUsage, ...reply.tokens },
    usage: reply.usage,
  };
}

/** Converse's `usage`: input excludes cache reads and writes; `totalTokens` counts all four. */
function converseUsage(counts: UsageCounts): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    inputTokens: counts.input,
    outputTokens: counts.output,
    totalTokens: counts.input + counts.cacheRead + counts.cacheWrite + counts.output,
  };
  if (counts.cacheRead > 0) usage['cacheReadInputTokens'] = counts.cacheRead;
  if (counts.cacheWrite > 0) usage['cacheWriteInputTokens'] = counts.cacheWrite;
  return usage;
}

/** Nova's InvokeModel usage names its cache counts `...TokenCount`. */
function novaUsage(counts: UsageCounts): Record<string, unknown> {
  return {
    inputTokens: counts.input,
    outputTokens: counts.output,
    totalTokens: counts.input + counts.cacheRead + counts.cacheWrite + counts.output,
    cacheReadInputTokenCount: counts.cacheRead,
    cacheWriteInputTokenCount: counts.cacheWrite,
  };
}

function usageOr(answer: Answer, fallback: Record<string, unknown>): unknown {
  return answer.usage === undefined ? fallback : answer.usage;
}

function contentBlocks(answer: Answer): unknown[] {
  const content: unknown[] = [];
  if (answer.text !== null) content.push({ text: answer.text });
  for (const tool of answer.toolUses) {
    content.push({ toolUse: { toolUseId: tool.id, name: tool.name, input: parseJsonOrUndefined(tool.arguments) ?? {} } });
  }
  return content;
}

/** The Converse / Nova stream events, as `[eventType, body]`, in the service's order. */
function converseStreamEvents(answer: Answer, pieces: number, omitStop: boolean): [string, Record<string, unknown>][] {
  const events: [string, Record<string, unknown>][] = [['messageStart', { role: 'assistant' }]];
  let index = 0;
  if (answer.text !== null) {
    for (const piece of splitIntoPieces(answer.text, pieces)) {
      events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }]);
    }
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
    index++;
  }
  for (const tool of answer.toolUses) {
    events.push(['contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: tool.id, name: tool.name } } }]);
    for (const piece of splitIntoPieces(tool.arguments, pieces)) {
      events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: piece } } }]);
    }
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
    index++;
  }
  if (!omitStop) events.push(['messageStop', { stopReason: answer.stopReason }]);
  return events;
}

function exceptionFrame(reply: SuccessReply): Uint8Array {
  return encodeBedrockException(reply.streamError?.type ?? 'modelStreamErrorException', {
    message: reply.streamError?.message ?? 'Model stream error',
    originalStatusCode: 529,
  });
}

function eventStream(frames: Uint8Array[], reply: SuccessReply): RouteAnswer {
  return {
    type: 'binaryStream',
    contentType: EVENT_STREAM_CONTENT_TYPE,
    frames: withStreamError(frames, reply.streamError?.afterChunks, exceptionFrame(reply)),
  };
}

// The service pads every event body with `p` so that sizes do not reveal the content's length.
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP';

export const bedrockConverseRoute: FakeRoute = {
  method: 'POST',
  path: '/model/{modelId}/converse',
  matchesPath: (path) => /^\/model\/[^/]+\/converse$/.test(path),
  responseHeaders,
  success(request, reply) {
    const answer = describeAnswer(request, reply);
    const body: Record<string, unknown> = {
      output: { message: { role: 'assistant', content: contentBlocks(answer) } },
      stopReason: answer.stopReason,
      metrics: { latencyMs: 120 },
    };
    if (answer.usage !== 'omit') body['usage'] = usageOr(answer, converseUsage(answer.counts));
    return { type: 'json', body };
  },
  errorBody,
};

export const bedrockConverseStreamRoute: FakeRoute = {
  method: 'POST',
  path: '/model/{modelId}/converse-stream',
  matchesPath: (path) => /^\/model\/[^/]+\/converse-stream$/.test(path),
  responseHeaders,
  success(request, reply) {
    const answer = describeAnswer(request, reply);
    const events = converseStreamEvents(answer, reply.chunks ?? 3, reply.omitDone === true);
    if (answer.usage !== 'omit') {
      events.push(['metadata', { usage: usageOr(answer, converseUsage(answer.counts)), metrics: { latencyMs: 120 } }]);
    }
    return eventStream(events.map(([type, body]) => encodeBedrockEvent(type, { ...body, p: PADDING })), reply);
  },
  errorBody,
};

/** Bedrock's own counts on the last chunk of every InvokeModel stream. */
function invocationMetrics(counts: UsageCounts): Record<string, number> {
  return { inputTokenCount: counts.input, outputTokenCount: counts.output, invocationLatency: 120, firstByteLatency: 40 };
}

type ModelFamily = 'nova' | 'llama';

function familyOf(path: string): ModelFamily | undefined {
  const id = readBedrockModelId(path);
  if (/(?:^|\.)amazon\.nova-/.test(id)) return 'nova';
  if (/(?:^|\.)meta\.llama/.test(id)) return 'llama';
  return undefined;
}

function novaBody(answer: Answer): Record<string, unknown> {
  const body: Record<string, unknown> = {
    output: { message: { role: 'assistant', content: contentBlocks(answer) } },
    stopReason: answer.stopReason,
  };
  if (answer.usage !== 'omit') body['usage'] = usageOr(answer, novaUsage(answer.counts));
  return body;
}

function llamaBody(answer: Answer): Record<string, unknown> {
  return {
    generation: answer.text ?? '',
    prompt_token_count: answer.counts.input,
    generation_token_count: answer.counts.output,
    stop_reason: answer.stopReason === 'end_turn' ? 'stop' : answer.stopReason,
  };
}

function withMetrics(payload: Record<string, unknown>, answer: Answer): Record<string, unknown> {
  return answer.usage === 'omit' ? payload : { ...payload, 'amazon-bedrock-invocationMetrics': invocationMetrics(answer.counts) };
}

function novaStreamPayloads(answer: Answer, reply: SuccessReply): Record<string, unknown>[] {
  const events = converseStreamEvents(answer, reply.chunks ?? 3, reply.omitDone === true);
  const payloads = events.map(([type, body]): Record<string, unknown> => ({ [type]: body }));
  if (answer.usage !== 'omit') {
    const usage = usageOr(answer, { inputTokens: answer.counts.input, outputTokens: answer.counts.output });
    payloads.push(withMetrics({ metadata: { usage } }, answer));
  }
  return payloads;
}

/** Llama streams the generation in pieces; the prompt count comes once, the last carries the stop. */
function llamaStreamPayloads(answer: Answer, reply: SuccessReply): Record<string, unknown>[] {
  const pieces = splitIntoPieces(answer.text ?? '', reply.chunks ?? 3);
  return pieces.map((piece, i) => {
    const isLast = i === pieces.length - 1;
    const payload: Record<string, unknown> = {
      generation: piece,
      prompt_token_count: i === 0 ? answer.counts.input : null,
      generation_token_count: isLast ? answer.counts.output : i + 1,
      stop_reason: isLast && reply.omitDone !== true ? llamaBody(answer)['stop_reason'] : null,
    };
    return isLast ? withMetrics(payload, answer) : payload;
  });
}

/** `InvokeModel` for Nova and Llama ids (Anthropic ids fall through to the Anthropic route). */
export const bedrockInvokeRoute: FakeRoute = {
  method: 'POST',
  path: '/model/{modelId}/invoke',
  matchesPath: (path) => /^\/model\/[^/]+\/invoke$/.test(path) && familyOf(path) !== undefined,
  responseHeaders,
  success(request, reply) {
    const answer = describeAnswer(request, reply);
    const body = familyOf(request.path ?? '') === 'nova' ? novaBody(answer) : llamaBody(answer);
    return { type: 'json', body };
  },
  errorBody,
};

export const bedrockInvokeStreamRoute: FakeRoute = {
  method: 'POST',
  path: '/model/{modelId}/invoke-with-response-stream',
  matchesPath: (path) => /^\/model\/[^/]+\/invoke-with-response-stream$/.test(path) && familyOf(path) !== undefined,
  responseHeaders: (requestId) => ({ ...responseHeaders(requestId), 'x-amzn-bedrock-content-type': 'application/json' }),
  success(request, reply) {
    const answer = describeAnswer(request, reply);
    const payloads = familyOf(request.path ?? '') === 'nova' ? novaStreamPayloads(answer, reply) : llamaStreamPayloads(answer, reply);
    return eventStream(payloads.map(encodeBedrockChunk), reply);
  },
  errorBody,
};

/** Every Bedrock Runtime route of this file, ahead of the Anthropic ones in `ROUTES`. */
export const bedrockRuntimeRoutes: readonly FakeRoute[] = [
  bedrockConverseRoute,
  bedrockConverseStreamRoute,
  bedrockInvokeRoute,
  bedrockInvokeStreamRoute,
];
