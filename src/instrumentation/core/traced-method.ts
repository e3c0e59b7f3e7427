import { context, createContextKey, trace, type Context, type Tracer } from '@opentelemetry/api';
import { mergeAttribution, readContextAttribution, splitAttributionParams } from '../../attribution/index.js';
import type { SplitParams } from '../../attribution/params.js';
import { warnOnce } from '../../diag.js';
import { shouldEnterCallContext } from './call-context.js';
import { startCallSpan, type CallSpan } from './call-span.js';
import { endWhenCollected, type Lifeline } from './end-when-collected.js';
import { reportInternalError } from './errors.js';
import { observeApiPromise } from './observe-api-promise.js';
import { isObservableStream, observeStream, type StreamObserver } from './observe-stream.js';
import type { OperationDescriptor, ProviderTarget } from './operation.js';
import type { Method, ResultKind, SdkPatchTarget } from './sdk-definition.js';

export type { Method } from './sdk-definition.js';

export interface TracedMethodOptions {
  /** The patched method's declaration: its descriptor, or how to pick one per call. */
  target: SdkPatchTarget;
  /** How the method hands its result back. */
  resultKind: ResultKind;
  /** Read on every call, so a later `setTracerProvider` is honoured. */
  getTracer(): Tracer;
  /** Reads where the call goes from the resource instance (`this`). */
  readTarget(resource: unknown): ProviderTarget;
  /** Takes our per-call params out of the SDK's (see `SdkDefinition.splitParams`). */
  splitParams(body: unknown): SplitParams<unknown>;
  /** True when the SDK will read our span from the context for this call (its own span). */
  needsCallContext?(resource: unknown): boolean;
}

/**
 * Wraps an SDK method (`create`) so each call becomes one span. Our per-call params
 * are always stripped — the provider never receives them — and any failure of ours
 * falls back to the plain call: the caller gets exactly what the SDK returns.
 */
export function createTracedMethod(original: Method, options: TracedMethodOptions): Method {
  const { target: patchTarget, resultKind } = options;
  const { selectDescriptor, startsSpanAhead } = patchTarget;
  const fixedDescriptor = patchTarget.descriptor;
  return function tracedMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    let descriptor = fixedDescriptor;
    if (selectDescriptor) {
      try {
        descriptor = selectDescriptor(body, rest);
      } catch (error) {
        reportInternalError(`choosing the operation of a ${patchTarget.method} call`, error);
        descriptor = undefined;
      }
      // A call the definition does not trace (another command of a dispatching `send`).
      if (!descriptor) return original.call(this, body, ...rest);
    }
    if (startsSpanAhead && !isStartingAhead(startsSpanAhead, this)) return original.call(this, body, ...rest);
    const { sentBody, call, callContext, hidesUsageChunk } = beginCall(this, body, descriptor, options);
    if (!call || !descriptor) return original.call(this, sentBody, ...rest);
    if (startsSpanAhead && callContext) {
      return runWithCallStartedAhead(call, callContext, () => original.call(this, sentBody, ...rest));
    }

    let result: unknown;
    try {
      result = callContext
        ? context.with(callContext, () => original.call(this, sentBody, ...rest))
        : original.call(this, sentBody, ...rest);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    const isHidden = hidesUsageChunk ? descriptor.isRequestedUsageChunk : undefined;
    if (resultKind === 'promise') observePromise(result, call, descriptor);
    else observeResult(result, call, isHidden);
    return result;
  };
}

interface BegunCall {
  /** The params to send: the caller's without our `entity_*`/`tags`, usage asked for where needed. */
  sentBody: unknown;
  call?: CallSpan;
  callContext?: Context;
  hidesUsageChunk: boolean;
}

function beginCall(
  resource: unknown,
  body: unknown,
  descriptor: OperationDescriptor | undefined,
  options: TracedMethodOptions,
): BegunCall {
  const begun: BegunCall = { sentBody: body, hidesUsageChunk: false };
  try {
    if (!descriptor) throw new Error('a patch target without a descriptor');
    const { readParams } = options.target;
    const split = readParams ? splitAttributionParams(readParams(body)) : options.splitParams(body);
    // Wrapped params (AWS commands) are sent as they are: see SdkPatchTarget.readParams.
    if (!readParams) begun.sentBody = split.body;
    const active = context.active();
    // A helper already started this call's span (see runWithCallStartedAhead): the call is ours.
    const ahead = claimCallStartedAhead(active);
    if (ahead) {
      begun.call = ahead;
      begun.callContext = active;
      return begun;
    }
    const target = options.readTarget(resource);
    // Streams report usage only when asked; ask on the caller's behalf where the
    // endpoint accepts it, and hide the extra chunk from a caller who never asked.
    const withUsage = target.acceptsStreamUsageOption ? descriptor.requestStreamUsage?.(begun.sentBody) : undefined;
    if (withUsage !== undefined) {
      begun.sentBody = withUsage;
      begun.hidesUsageChunk = true;
    }
    begun.call = startCallSpan({
      tracer: options.getTracer(),
      descriptor,
      params: readParams ? split.body : begun.sentBody,
      target,
      attribution: mergeAttribution(readContextAttribution(active), split.params),
    });
    // The SDK's own HTTP request (and any HTTP instrumentation's span) runs inside ours when
    // something would read it there (call-context.ts); else in the caller's context.
    if (shouldEnterCallContext(active, options.needsCallContext?.(resource) === true)) {
      begun.callContext = trace.setSpan(active, begun.call.span);
    }
  } catch (error) {
    reportInternalError(`starting a ${descriptor?.operationName ?? options.target.method} span`, error);
  }
  return begun;
}

function isStartingAhead(startsSpanAhead: (resource: unknown) => boolean, resource: unknown): boolean {
  try {
    return startsSpanAhead(resource);
  } catch (error) {
    reportInternalError('deciding to start a span ahead', error);
    return false;
  }
}

/** A span started ahead of its call, waiting for the traced method that makes the call. */
interface CallStartedAhead {
  call: CallSpan | undefined;
}

const CALL_STARTED_AHEAD = createContextKey('infraprism call started ahead');

function claimCallStartedAhead(active: Context): CallSpan | undefined {
  const holder = active.getValue(CALL_STARTED_AHEAD) as CallStartedAhead | undefined;
  const call = holder?.call;
  if (holder) holder.call = undefined;
  return call;
}

/**
 * Runs a helper (SdkPatchTarget.startsSpanAhead) with `call` already started, so what the helper
 * starts is a child of ours. The first traced method called synchronously inside takes the span
 * over and ends it as its own; if none does, it ends here (failed when the helper throws).
 */
function runWithCallStartedAhead<T>(call: CallSpan, callContext: Context, run: () => T): T {
  const holder: CallStartedAhead = { call };
  let result: T;
  try {
    result = context.with(callContext.setValue(CALL_STARTED_AHEAD, holder), run);
  } catch (error) {
    if (holder.call) call.fail(error);
    holder.call = undefined;
    throw error;
  }
  if (holder.call) {
    holder.call = undefined;
    call.end();
  }
  return result;
}

/** The response (or, for a stream, its chunks) on the span, then the end. Returns `value` as it is. */
function recordValue(
  value: unknown,
  call: CallSpan,
  descriptor: OperationDescriptor | undefined,
  lifeline: Lifeline,
  isHidden?: (chunk: unknown) => boolean,
): unknown {
  if (call.isStreaming) {
    const stream = descriptor?.readStream ? descriptor.readStream(value) : value;
    if (isObservableStream(stream)) {
      const observer: StreamObserver = {
        onChunk: (chunk) => call.recordChunk(chunk),
        onEnd: () => call.end(),
        onError: (error) => call.fail(error),
        onAbort: () => call.abort(),
      };
      if (isHidden) observer.shouldHide = isHidden;
      observeStream(stream, observer, lifeline);
      return value;
    }
  }
  call.recordResponse(value);
  call.end();
  return value;
}

/**
 * A plain promise (or thenable): observing it with our own `then` reads nothing twice and
 * changes nothing for the caller, who still gets the same promise, value and rejection. The
 * request runs whether or not the caller awaits it, so only a stream needs the collector's
 * lifeline.
 */
function observePromise(result: unknown, call: CallSpan, descriptor: OperationDescriptor): void {
  try {
    if (!isThenable(result)) {
      warnOnce(
        'unrecognized-result',
        'the SDK returned a value InfraPrism does not recognize (not a promise); its spans end without response data — please report the SDK version',
      );
      call.end();
      return;
    }
    result.then(
      (value) => {
        try {
          recordValue(value, call, descriptor, endWhenCollected(() => call.end()));
        } catch (error) {
          reportInternalError('observing a call result', error);
          call.end();
        }
      },
      (error: unknown) => call.fail(error),
    );
  } catch (error) {
    reportInternalError('observing a call result', error);
    call.end();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function observeResult(result: unknown, call: CallSpan, isHidden: ((chunk: unknown) => boolean) | undefined): void {
  try {
    // A promise never awaited, or a stream never read, ends the span when collected.
    const lifeline = endWhenCollected(() => call.end());
    const isObserved = observeApiPromise(result, {
      onParsed: (value) => recordValue(value, call, undefined, lifeline, isHidden),
      onError: (error) => call.fail(error),
      // Awaited: the parse chain ends the span (and a stream gets its own hold).
      onSubscribed: () => releasePromise(),
      onRawResponse: () => call.endUnread(),
    });
    const releasePromise = isObserved ? lifeline.hold(result as object) : () => {};
    if (!isObserved) {
      warnOnce(
        'unrecognized-result',
        'the SDK returned a value InfraPrism does not recognize (not an APIPromise); its spans end without response data — please report the SDK version',
      );
      call.end();
    }
  } catch (error) {
    reportInternalError('observing a call result', error);
    call.end();
  }
}
