import { context, createContextKey, trace, type Context, type Tracer } from '@opentelemetry/api';
import { mergeAttribution, readContextAttribution, splitAttributionParams } from '../../attribution/index.js';
import { warnOnce } from '../../diag.js';
import { startCallSpan, type CallSpan } from './call-span.js';
import { endWhenCollected, type Lifeline } from './end-when-collected.js';
import { reportInternalError } from './errors.js';
import { observeApiPromise } from './observe-api-promise.js';
import { isObservableStream, observeAsyncIterable, observeStream, type StreamObserver } from './observe-stream.js';
import type { OperationDescriptor, ProviderTarget } from './operation.js';

/** An SDK method as we patch it: the request params first. */
export type Method = (this: unknown, body: unknown, ...rest: unknown[]) => unknown;

export interface TracedMethodOptions {
  descriptor: OperationDescriptor;
  /** Read on every call, so a later `setTracerProvider` is honoured. */
  getTracer(): Tracer;
  /** Reads where the call goes from the resource instance (`this`). */
  readTarget(resource: unknown): ProviderTarget;
  /**
   * For SDKs whose first argument wraps the params (AWS commands: `command.input`): reads them.
   * The argument is then sent unchanged: such SDKs serialize only their modelled members, so our
   * `entity_*`/`tags` never reach the provider.
   */
  readParams?(firstArgument: unknown): unknown;
}

/**
 * Wraps an SDK method (`create`) so each call becomes one span. Our per-call params
 * are always stripped — the provider never receives them — and any failure of ours
 * falls back to the plain call: the caller gets exactly what the SDK returns.
 */
export function createTracedMethod(original: Method, options: TracedMethodOptions): Method {
  return function tracedMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    const { sentBody, call, callContext, hidesUsageChunk } = beginCall(this, body, options);
    if (!call || !callContext) return original.call(this, sentBody, ...rest);

    let result: unknown;
    try {
      result = context.with(callContext, () => original.call(this, sentBody, ...rest));
    } catch (error) {
      call.fail(error);
      throw error;
    }
    const isHidden = hidesUsageChunk ? options.descriptor.isRequestedUsageChunk : undefined;
    observeResult(result, call, isHidden, options.descriptor);
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

function beginCall(resource: unknown, body: unknown, options: TracedMethodOptions): BegunCall {
  const begun: BegunCall = { sentBody: body, hidesUsageChunk: false };
  try {
    const { descriptor, readParams } = options;
    const split = splitAttributionParams(readParams ? readParams(body) : body);
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
    // The SDK's own HTTP request (and any HTTP instrumentation's span) runs inside ours.
    begun.callContext = trace.setSpan(active, begun.call.span);
  } catch (error) {
    reportInternalError(`starting a ${options.descriptor.operationName} span`, error);
  }
  return begun;
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
 * Runs an SDK helper that starts a span of its own and then calls a traced method (the Anthropic
 * SDK's `messages.stream()` starts its span before it calls `create`) with the call's span
 * already started, so what the helper starts is a child of ours. `run` gets the params without our
 * `entity_*`/`tags`. The first traced method called synchronously inside `run` takes the span
 * over and ends it as its own; if none does, it ends here (failed when `run` throws).
 */
export function runWithCallStartedAhead<T>(
  resource: unknown,
  body: unknown,
  options: TracedMethodOptions,
  run: (sentBody: unknown) => T,
): T {
  const { sentBody, call, callContext } = beginCall(resource, body, options);
  if (!call || !callContext) return run(sentBody);
  const holder: CallStartedAhead = { call };
  let result: T;
  try {
    result = context.with(callContext.setValue(CALL_STARTED_AHEAD, holder), run, undefined, sentBody);
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

function observeResult(
  result: unknown,
  call: CallSpan,
  isHidden: ((chunk: unknown) => boolean) | undefined,
  descriptor: OperationDescriptor,
): void {
  try {
    // A promise never awaited, or a stream never read, ends the span when collected.
    const lifeline = endWhenCollected(() => call.end());
    const observer: StreamObserver = {
      onChunk: (chunk) => call.recordChunk(chunk),
      onEnd: () => call.end(),
      onError: (error) => call.fail(error),
      onAbort: () => call.abort(),
    };
    if (isHidden) observer.shouldHide = isHidden;
    const isObserved = observeApiPromise(result, {
      onParsed: (value) => {
        if (call.isStreaming && isObservableStream(value)) {
          observeStream(value, observer, lifeline);
        } else {
          call.recordResponse(value);
          call.end();
        }
        return value;
      },
      onError: (error) => call.fail(error),
      // Awaited: the parse chain ends the span (and a stream gets its own hold).
      onSubscribed: () => releasePromise(),
    });
    const releasePromise = isObserved ? lifeline.hold(result as object) : () => {};
    if (isObserved) return;
    if (isPromise(result)) {
      observePlainPromise(result, call, descriptor, observer, lifeline);
      return;
    }
    warnOnce(
      'unrecognized-result',
      'the SDK returned a value InfraPrism does not recognize (not an APIPromise); its spans end without response data — please report the SDK version',
    );
    call.end();
  } catch (error) {
    reportInternalError('observing a call result', error);
    call.end();
  }
}

/**
 * A plain Promise (the AWS SDK's `send`) runs its request whether or not anyone awaits it, and
 * reading its outcome consumes nothing: the caller's `then` gets the same output or error. A
 * stream inside the output (`descriptor.streamOf`) is observed as the caller iterates it.
 */
function observePlainPromise(
  result: Promise<unknown>,
  call: CallSpan,
  descriptor: OperationDescriptor,
  observer: StreamObserver,
  lifeline: Lifeline,
): void {
  result.then(
    (output) => {
      try {
        const stream = call.isStreaming ? descriptor.streamOf?.(output) : undefined;
        if (stream !== undefined && observeAsyncIterable(stream, observer, lifeline)) return;
        call.recordResponse(output);
        call.end();
      } catch (error) {
        reportInternalError('observing a call output', error);
        call.end();
      }
    },
    (error: unknown) => call.fail(error),
  );
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}
