import type { Attributes } from '@opentelemetry/api';
import { warnOnce } from '../diag.js';
import { ATTR_OTEL_METRIC_OVERFLOW } from '../semconv.js';

/** The one attribute set every series beyond the limit is recorded on. */
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true });

/**
 * Bounds the distinct attribute sets of one instrument: the first `limit - 1` sets pass,
 * every later new set is recorded on a single series marked `otel.metric.overflow=true`
 * (so totals stay right and memory stays flat), and the overflow is reported once.
 * Entity ids and tag values come from the app, so without this one busy tenant list could
 * grow the metrics backend without bound. The metrics SDK has a limit of its own (2000 per
 * stream by default), but only on our MeterProvider; this one works on the app's too.
 */
export class CardinalityGuard {
  private readonly seen = new Set<string>();

  constructor(
    private readonly instrumentName: string,
    private readonly limit: number,
  ) {}

  /** The attributes to record with: `attributes` itself, or the overflow set. */
  admit(attributes: Attributes): Attributes {
    const key = attributeSetKey(attributes);
    if (this.seen.has(key)) return attributes;
    // One slot stays reserved for the overflow series itself.
    if (this.seen.size < this.limit - 1) {
      this.seen.add(key);
      return attributes;
    }
    warnOnce(
      `metric-overflow:${this.instrumentName}`,
      `${this.instrumentName}: more than ${this.limit - 1} distinct attribute sets; further ones are recorded as one series with ${ATTR_OTEL_METRIC_OVERFLOW}=true (raise metrics.cardinalityLimit, allow fewer tag keys or set metrics.dropEntityId)`,
    );
    return OVERFLOW_ATTRIBUTES;
  }
}

function attributeSetKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((name) => [name, attributes[name]]));
}
