import { context, trace, type Context, type Tracer } from '@opentelemetry/api';
import { mergeAttribution, readContextAttribution, splitAttributionParams } from '../../attribution/index.js';
import { warnOnce } from '../../diag.js';
import { startCallSpan, type CallSpan } from './call-span.js';
import { endWhenCollected } from './end-when-collected.js';
import { reportInternalError } from './errors.js';
import { observeApiPromise } from './observe-api-promise.js';
import { isObservableStream, observeStream, type StreamObserver } from './observe-stream.js';
import type { OperationDescriptor, ProviderTarget } from './operation.js';

/** An SDK method as we patch it: the request params first. */
export type Method = (this: unknown, body: unknown, ...rest: unknown[]) => unknown;

export interface TracedMethodOptions {
  descriptor: OperationDescriptor;
  /** Read on every call, so a later `setTracerProvider` is honoured. */
  getTracer(): Tracer;
  /** Reads where the call goes from the resource instance (`this`). */
  readTarget(resource: unknown): ProviderTarget;
}

/**
 * Wraps an SDK method (`create`) so each call becomes one span. Our per-call params
 * are always stripped — the provider never receives them — and any failure of ours
 * falls back to the plain call: the caller gets exactly what the SDK returns.
 */
export function createTracedMethod(original: Method, options: TracedMethodOptions): Method {
  return function tracedMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    let sentBody = body;
    let call: CallSpan | undefined;
    let callContext: Context | undefined;
    let hidesUsageChunk = false;
    try {
      const { descriptor } = options;
      const split = splitAttributionParams(body);
      sentBody = split.body;
      const target = options.readTarget(this);
      // Streams report usage only when asked; ask on the caller's behalf where the
      // endpoint accepts it, and hide the extra chunk from a caller who never asked.
      const withUsage = target.acceptsStreamUsageOption ? descriptor.requestStreamUsage?.(sentBody) : undefined;
      if (withUsage !== undefined) {
        sentBody = withUsage;
        hidesUsageChunk = true;
      }
      const active = context.active();
      call = startCallSpan({
        tracer: options.getTracer(),
        descriptor,
        params: sentBody,
        target,
        attribution: mergeAttribution(readContextAttribution(active), split.params),
      });
      // The SDK's own HTTP request (and any HTTP instrumentation's span) runs inside ours.
      callContext = trace.setSpan(active, call.span);
    } catch (error) {
      reportInternalError(`starting a ${options.descriptor.operationName} span`, error);
    }
    if (!call || !callContext) return original.call(this, sentBody, ...rest);

    let result: unknown;
    try {
      result = context.with(callContext, () => original.call(this, sentBody, ...rest));
    } catch (error) {
      call.fail(error);
      throw error;
    }
    const isHidden = hidesUsageChunk ? options.descriptor.isRequestedUsageChunk : undefined;
    observeResult(result, call, isHidden);
    return result;
  };
}

function observeResult(result: unknown, call: CallSpan, isHidden: ((chunk: unknown) => boolean) | undefined): void {
  try {
    // A promise never awaited, or a stream never read, ends the span when collected.
    const lifeline = endWhenCollected(() => call.end());
    const isObserved = observeApiPromise(result, {
      onParsed: (value) => {
        if (call.isStreaming && isObservableStream(value)) {
          const observer: StreamObserver = {
            onChunk: (chunk) => call.recordChunk(chunk),
            onEnd: () => call.end(),
            onError: (error) => call.fail(error),
            onAbort: () => call.abort(),
          };
          if (isHidden) observer.shouldHide = isHidden;
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
