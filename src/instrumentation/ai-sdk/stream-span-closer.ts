/**
 * `ai` 6 never ends the `ai.streamText.doStream` (or `ai.streamObject.doStream`) span of a stream
 * the caller aborts: it ends the operation's root span and leaves the provider call's span open,
 * so that call is never exported, let alone priced. The tracer we hand the calls we switch
 * telemetry on for ends such a span, with what it has and `error.type` = `aborted`, when its root
 * span ends. Everything else is the global tracer's own work: spans, context and attributes.
 */
import { context, SpanStatusCode, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, INFRAPRISM_ERROR_TYPE_VALUE_ABORTED } from '../../semconv.js';
import { reportInternalError } from '../core/errors.js';

// The tracer name `ai` 6 uses for its own spans.
const AI_SDK_TRACER_NAME = 'ai';
const STREAM_ROOT_SPANS = new Set(['ai.streamText', 'ai.streamObject']);
const STREAM_CALL_SUFFIX = '.doStream';

type ActiveSpanCallback = (span: Span) => unknown;

/** A tracer for one `streamText`/`streamObject` call: the global `ai` tracer, plus the closing rule. */
export function createStreamSpanCloser(): Tracer {
  const delegate = trace.getTracer(AI_SDK_TRACER_NAME);
  const open = new Set<Span>();
  const track = (name: string, span: Span): Span => {
    try {
      if (name.endsWith(STREAM_CALL_SUFFIX)) trackProviderCall(span, open);
      else if (STREAM_ROOT_SPANS.has(name)) closeOpenCallsAtEnd(span, open);
    } catch (error) {
      reportInternalError('tracking an AI SDK stream span', error);
    }
    return span;
  };
  const tracer = {
    startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
      return track(name, delegate.startSpan(name, options, ctx));
    },
    startActiveSpan(name: string, ...args: unknown[]): unknown {
      const fn = args.pop() as ActiveSpanCallback;
      const [options, ctx] = args as [SpanOptions | undefined, Context | undefined];
      const parent = ctx ?? context.active();
      const span = tracer.startSpan(name, options, parent);
      return context.with(trace.setSpan(parent, span), fn, undefined, span);
    },
  };
  return tracer as Tracer;
}

function trackProviderCall(span: Span, open: Set<Span>): void {
  open.add(span);
  const end = span.end;
  span.end = function endProviderCall(this: Span, ...args: Parameters<Span['end']>) {
    open.delete(span);
    return end.apply(this, args);
  };
}

function closeOpenCallsAtEnd(root: Span, open: Set<Span>): void {
  const end = root.end;
  root.end = function endRoot(this: Span, ...args: Parameters<Span['end']>) {
    for (const span of open) {
      try {
        span.setAttribute(ATTR_ERROR_TYPE, INFRAPRISM_ERROR_TYPE_VALUE_ABORTED);
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      } catch (error) {
        reportInternalError('ending an aborted AI SDK stream span', error);
      }
    }
    open.clear();
    return end.apply(this, args);
  };
}
