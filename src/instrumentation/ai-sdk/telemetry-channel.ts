/**
 * AI SDK 7 without user code: `ai` publishes every operation on the `diagnostics_channel`
 * TracingChannel `ai:telemetry` and skips that work while nobody subscribes. Each provider call
 * (`languageModelCall`, one per step) and each `embed`/`embedMany` becomes one CLIENT span through
 * the core's span lifecycle, so it is priced, attributed and measured as a direct SDK call is.
 *
 * What we read of a message: the message type, `callId`, `provider`, `modelId`, numeric settings,
 * the runtime context keys the caller chose to include (`entity_type`, `entity_id`, `tags`) and the
 * result's usage, ids and finish reason. Never its messages, instructions, tools, values or output.
 *
 * Every handler is guarded: Node rethrows a subscriber's exception on the next tick, which would
 * crash the app, so nothing of ours may escape into the channel.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import { context, type Tracer } from '@opentelemetry/api';
import { mergeAttribution, readContextAttribution, type Attribution, type AttributionParams } from '../../attribution/index.js';
import { readTags } from '../../attribution/params.js';
import { normalizeProviderName } from '../../processing/foreign-span.js';
import { startCallSpan, type CallSpan } from '../core/call-span.js';
import { reportInternalError } from '../core/errors.js';
import type { OperationDescriptor } from '../core/operation.js';
import { readObject, readString } from '../core/readers.js';
import { isAbortError, observeModelStream } from './model-stream.js';
import { embedOperation, languageModelCall, type AiSdkCallRequest } from './operations/language-model-call.js';

/** The channel `ai` 7 publishes on (`AI_SDK_TELEMETRY_TRACING_CHANNEL`). */
export const AI_SDK_TELEMETRY_CHANNEL = 'ai:telemetry';

/** A message as `ai` publishes it; `result` and `error` are set by the TracingChannel. */
interface ChannelMessage {
  readonly type?: unknown;
  readonly event?: unknown;
  result?: unknown;
  error?: unknown;
}

/** The operation an async context runs in, as our bound store holds it. */
export interface AiSdkOperationScope {
  /** The innermost message type: `generateText`, `step`, `languageModelCall`, `executeTool`, ... */
  readonly type: string;
  /** True when our span of this operation's provider calls gets their usage (see {@link isPricedHere}). */
  readonly isPricedHere: boolean;
}

/** What an operation (`generateText`, `streamText`) tells its provider calls, by `callId`. */
interface OperationInfo {
  readonly isStreaming: boolean;
  readonly params: AttributionParams;
}

interface ChannelState {
  getTracer: () => Tracer;
  readonly store: AsyncLocalStorage<AiSdkOperationScope>;
  readonly spans: WeakMap<object, CallSpan>;
  readonly operations: Map<string, OperationInfo>;
  readonly handlers: diagnosticsChannel.TracingChannelSubscribers<object>;
}

// One subscription per process, shared by the ESM and CJS copies of this package.
const STATE_KEY = Symbol.for('infraprism.ai-sdk.telemetry-channel');
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: ChannelState };

// A `streamText` whose stream is never read never publishes its end: the table stays bounded.
const MAX_OPEN_OPERATIONS = 1_000;

const OPERATION_TYPES = new Set(['generateText', 'streamText']);
const EMBED_TYPES = new Set(['embed', 'embedMany']);
/** The scopes in which a GenAI CLIENT span of another instrumentation stands for a call we trace. */
const PROVIDER_CALL_SCOPES = new Set(['generateText', 'streamText', 'step', 'languageModelCall', 'embed', 'embedMany']);

/**
 * Subscribes to `ai:telemetry` (once per process; a later call only swaps the tracer). Costs
 * nothing while `ai` 7 is absent: a channel nobody publishes on is never called.
 */
export function subscribeToAiSdkTelemetry(getTracer: () => Tracer): void {
  const holder = globalThis as GlobalWithState;
  const existing = holder[STATE_KEY];
  if (existing) {
    existing.getTracer = getTracer;
    return;
  }
  if (typeof diagnosticsChannel.tracingChannel !== 'function') return;
  const state: ChannelState = {
    getTracer,
    store: new AsyncLocalStorage(),
    spans: new WeakMap(),
    operations: new Map(),
    handlers: {
      start: (message) => guardHandler('start', () => onStart(state, message as ChannelMessage)),
      end: () => {},
      asyncStart: () => {},
      asyncEnd: (message) => guardHandler('asyncEnd', () => onAsyncEnd(state, message as ChannelMessage)),
      error: (message) => guardHandler('error', () => onError(state, message as ChannelMessage)),
    },
  };
  const channel = diagnosticsChannel.tracingChannel(AI_SDK_TELEMETRY_CHANNEL);
  channel.subscribe(state.handlers);
  // The operation each async context runs in, for the span processor: an @ai-sdk/otel span
  // started there describes a provider call our own span already prices.
  channel.start.bindStore(state.store, (message) => readScope(message as ChannelMessage));
  holder[STATE_KEY] = state;
}

/** Stops the subscription (tests, `disable()`). */
export function unsubscribeFromAiSdkTelemetry(): void {
  const holder = globalThis as GlobalWithState;
  const state = holder[STATE_KEY];
  if (!state) return;
  const channel = diagnosticsChannel.tracingChannel(AI_SDK_TELEMETRY_CHANNEL);
  channel.unsubscribe(state.handlers);
  channel.start.unbindStore(state.store);
  delete holder[STATE_KEY];
}

/**
 * True inside an AI SDK operation whose provider calls our channel spans price: a GenAI span of
 * another instrumentation started here (`@ai-sdk/otel`'s `chat`/`embeddings`) repeats one of them.
 */
export function isInAiSdkProviderCallScope(): boolean {
  const scope = (globalThis as GlobalWithState)[STATE_KEY]?.store.getStore();
  return scope !== undefined && scope.isPricedHere && PROVIDER_CALL_SCOPES.has(scope.type);
}

function readScope(message: ChannelMessage): AiSdkOperationScope {
  try {
    const type = typeof message.type === 'string' ? message.type : '';
    return { type, isPricedHere: isPricedHere(message) };
  } catch {
    return { type: '', isPricedHere: false };
  }
}

/**
 * The TracingChannel hands on a result only when the call records inputs and outputs: with
 * `recordInputs: false` or `recordOutputs: false` the AI SDK publishes no result, so our span
 * has no usage and another instrumentation's span (if any) keeps the price.
 */
function isPricedHere(message: ChannelMessage): boolean {
  const event = readObject(message.event);
  return event?.['recordInputs'] !== false && event?.['recordOutputs'] !== false;
}

function onStart(state: ChannelState, message: ChannelMessage): void {
  const type = message.type;
  const event = readObject(message.event);
  if (!event || typeof type !== 'string') return;
  if (OPERATION_TYPES.has(type)) {
    rememberOperation(state, event, type === 'streamText');
    return;
  }
  let descriptor: OperationDescriptor;
  let operation: OperationInfo | undefined;
  if (type === 'languageModelCall') {
    descriptor = languageModelCall;
    const callId = readCallId(event);
    operation = callId === undefined ? undefined : state.operations.get(callId);
  } else if (EMBED_TYPES.has(type)) {
    descriptor = embedOperation;
    operation = { isStreaming: false, params: readAttributionParams(event['runtimeContext']) };
  } else {
    return;
  }
  const request: AiSdkCallRequest = { event, isStreaming: operation?.isStreaming === true };
  const call = startCallSpan({
    tracer: state.getTracer(),
    descriptor,
    params: request,
    target: { providerName: normalizeProviderName(readString(event['provider']) ?? 'unknown') },
    attribution: readAttribution(operation),
  });
  state.spans.set(message, call);
}

function onAsyncEnd(state: ChannelState, message: ChannelMessage): void {
  const call = state.spans.get(message);
  if (!call) {
    if (OPERATION_TYPES.has(message.type as string)) forgetOperation(state, message);
    return;
  }
  state.spans.delete(message);
  const stream = readObject(message.result)?.['stream'];
  if (isReadableStream(stream)) {
    observeModelStream(stream, call);
    return;
  }
  call.recordResponse(message.result);
  call.end();
}

function onError(state: ChannelState, message: ChannelMessage): void {
  const call = state.spans.get(message);
  if (!call) return;
  state.spans.delete(message);
  if (isAbortError(message.error)) call.abort();
  else call.fail(message.error);
}

function rememberOperation(state: ChannelState, event: Record<string, unknown>, isStreaming: boolean): void {
  const callId = readCallId(event);
  if (callId === undefined) return;
  if (state.operations.size >= MAX_OPEN_OPERATIONS) {
    const oldest = state.operations.keys().next();
    if (oldest.done !== true) state.operations.delete(oldest.value);
  }
  state.operations.set(callId, { isStreaming, params: readAttributionParams(event['runtimeContext']) });
}

function forgetOperation(state: ChannelState, message: ChannelMessage): void {
  const callId = readCallId(readObject(message.event));
  if (callId !== undefined) state.operations.delete(callId);
}

function readCallId(event: Record<string, unknown> | undefined): string | undefined {
  return readString(event?.['callId']);
}

/**
 * Entity and tags from the runtime context keys the caller included in telemetry
 * (`telemetry.includeRuntimeContext`), named as our per-call params: `entity_type`, `entity_id`,
 * `tags`. Anything else in the runtime context is never read.
 */
function readAttributionParams(runtimeContext: unknown): AttributionParams {
  const record = readObject(runtimeContext);
  const params: AttributionParams = {};
  if (!record) return params;
  const entityType = readString(record['entity_type']);
  const entityId = readString(record['entity_id']);
  if (entityType !== undefined) params.entity_type = entityType;
  if (entityId !== undefined) params.entity_id = entityId;
  if (record['tags'] !== undefined) params.tags = readTags(record['tags'], 'runtimeContext.tags');
  return params;
}

/** `withEntity`/`withTags` of the caller's context, with the operation's own params winning. */
function readAttribution(operation: OperationInfo | undefined): Attribution {
  const fromContext = readContextAttribution(context.active());
  return operation ? mergeAttribution(fromContext, operation.params) : fromContext;
}

function isReadableStream(value: unknown): value is ReadableStream<unknown> {
  const record = readObject(value);
  return record !== undefined && typeof record['pipeThrough'] === 'function' && typeof record['getReader'] === 'function';
}

function guardHandler(where: string, handler: () => void): void {
  try {
    handler();
  } catch (error) {
    reportInternalError(`the ai:telemetry ${where} handler`, error);
  }
}
