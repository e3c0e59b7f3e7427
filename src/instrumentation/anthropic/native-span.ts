/**
 * One cost per call next to the Anthropic SDK's own spans.
 *
 * `@anthropic-ai/sdk` 0.134 and later starts its own CLIENT span for each API call through the
 * tracer it keeps on the client (`client._tracer`, from the global tracer provider unless the
 * client was given one; absent with `ANTHROPIC_OPEN_TELEMETRY=false` or `openTelemetry: false`)
 * and records the response's token usage on it. With our span also there, a backend that sums
 * `gen_ai.usage.*` over spans would count every call twice.
 *
 * The rule: our span is the one that carries usage and cost. The SDK's span stays — a child of
 * ours, with everything else it records (HTTP attributes, request settings, content when the user
 * turned that on) — but its `gen_ai.usage.*` attributes are dropped as they are set. Whatever the
 * user's setting, every call has exactly one span with usage and one cost.
 *
 * The SDK starts its span synchronously inside `messages.create`, before its first await, so
 * swapping the client's tracer for the duration of that synchronous call sees exactly the spans
 * of this call. Helpers that start the span themselves (`MessageStream`, the tool runners) pass
 * it down as `options.__span`, where we find it directly.
 */
import { context, trace, type Attributes, type AttributeValue, type Span, type Tracer } from '@opentelemetry/api';
import { GEN_AI_USAGE_ATTRIBUTE_PREFIX } from '../../semconv.js';
import { reportInternalError } from '../core/errors.js';
import { readObject } from '../core/readers.js';

const USAGE_HIDDEN = Symbol('infraprism.anthropic.usage-hidden');

type HiddenSpan = Span & { [USAGE_HIDDEN]?: true };

/**
 * Runs `call` (the SDK method, inside our span's context) so that any span the SDK starts for
 * it carries no `gen_ai.usage.*`. Returns what `call` returns or throws, untouched.
 */
export function withNativeSpanUsageHidden<T>(resource: unknown, options: unknown, call: () => T): T {
  let restore: (() => void) | undefined;
  try {
    // Runs inside our span's context. If ours does not record (sampled out), the SDK's span
    // keeps its usage rather than leave the call with none.
    if (trace.getSpan(context.active())?.isRecording()) {
      const passedSpan = readObject(readObject(options)?.['__span'])?.['span'];
      if (isSpan(passedSpan)) hideUsage(passedSpan);
      restore = captureSpansOf(readObject(readObject(resource)?.['_client']));
    }
  } catch (error) {
    reportInternalError('preparing for the Anthropic SDK span', error);
  }
  try {
    return call();
  } finally {
    if (restore) {
      try {
        restore();
      } catch (error) {
        reportInternalError('restoring the Anthropic SDK tracer', error);
      }
    }
  }
}

/** True when the resource's client (0.134+) starts spans of its own. */
export function hasNativeSpans(resource: unknown): boolean {
  try {
    return isTracer(readObject(readObject(resource)?.['_client'])?.['_tracer']);
  } catch (error) {
    reportInternalError('reading the Anthropic SDK tracer', error);
    return false;
  }
}

/** Swaps the client's tracer for one that hides usage on the spans it starts; returns the undo. */
function captureSpansOf(client: Record<string, unknown> | undefined): (() => void) | undefined {
  if (!client || !Object.prototype.hasOwnProperty.call(client, '_tracer')) return undefined;
  const tracer = client['_tracer'];
  if (!isTracer(tracer)) return undefined;
  const capturing = Object.create(tracer) as Tracer;
  capturing.startSpan = (...args: Parameters<Tracer['startSpan']>) => {
    const span = tracer.startSpan(...args);
    try {
      hideUsage(span);
    } catch (error) {
      reportInternalError('hiding usage on the Anthropic SDK span', error);
    }
    return span;
  };
  client['_tracer'] = capturing;
  return () => {
    if (client['_tracer'] === capturing) client['_tracer'] = tracer;
  };
}

function hideUsage(span: HiddenSpan): void {
  if (span[USAGE_HIDDEN] || !span.isRecording()) return;
  span[USAGE_HIDDEN] = true;
  const setAttribute = span.setAttribute;
  const setAttributes = span.setAttributes;
  span.setAttribute = function setAttributeWithoutUsage(this: Span, key: string, value: AttributeValue) {
    return isUsageKey(key) ? this : setAttribute.call(this, key, value);
  };
  span.setAttributes = function setAttributesWithoutUsage(this: Span, attributes: Attributes) {
    const kept: Attributes = {};
    for (const [key, value] of Object.entries(attributes ?? {})) if (!isUsageKey(key)) kept[key] = value;
    return setAttributes.call(this, kept);
  };
}

function isUsageKey(key: unknown): boolean {
  return typeof key === 'string' && key.startsWith(GEN_AI_USAGE_ATTRIBUTE_PREFIX);
}

function isTracer(value: unknown): value is Tracer {
  return typeof (readObject(value)?.['startSpan']) === 'function';
}

function isSpan(value: unknown): value is HiddenSpan {
  const record = readObject(value);
  return (
    typeof record?.['setAttribute'] === 'function' &&
    typeof record['setAttributes'] === 'function' &&
    typeof record['isRecording'] === 'function'
  );
}
