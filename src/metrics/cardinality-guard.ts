import type { Attributes } from '@opentelemetry/api';
import { warnOnce } from '../diag.js';
import { ATTR_OTEL_METRIC_OVERFLOW } from '../semconv.js';

/** The one attribute set every series beyond the limit is recorded on. */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true });

/**
 * Bounds the distinct attribute sets of one instrument: the first `limit - 1` sets pass,
 * every later new set is recorded on a single series marked `otel.metric.overflow=true`
 * (so totals stay right and memory stays flat), and the overflow is reported once.
 * Entity ids and tag values come from the app, so without this one busy tenant list could
 * grow the metrics backend without bound. The metrics SDK has a limit of its own (2000 per
 * stream by default), but only on our MeterProvider; this one works on the app's too.
 *
 * It also keeps what was built for each admitted set (`Entry`: the frozen attribute objects
 * to record with), so a call on a known series costs one key string and one map lookup
 * instead of a new attribute object per record (CPU per call). The cache holds
 * admitted sets only, so it is bounded by the same limit.
 */
export class CardinalityGuard<Input, Entry> {
  private readonly admitted = new Map<string, Entry>();
  private overflowEntry: Entry | undefined;

  /**
   * @param build the attribute set of an input; called once per new set.
   * @param makeEntry what to keep for a set (it gets the set itself, or the overflow set).
   */
  constructor(
    private readonly instrumentName: string,
    private readonly limit: number,
    private readonly build: (input: Input) => Attributes,
    private readonly makeEntry: (attributes: Attributes) => Entry,
  ) {}

  /**
   * The entry to record `input` with. `key` must identify the attribute set `build(input)`
   * makes: equal keys for equal sets, distinct keys for distinct sets.
   */
  admit(key: string, input: Input): Entry {
    const known = this.admitted.get(key);
    if (known !== undefined) return known;
    // One slot stays reserved for the overflow series itself.
    if (this.admitted.size < this.limit - 1) {
      const entry = this.makeEntry(Object.freeze(this.build(input)));
      this.admitted.set(key, entry);
      return entry;
    }
    warnOnce(
      `metric-overflow:${this.instrumentName}`,
      `${this.instrumentName}: more than ${this.limit - 1} distinct attribute sets; further ones are recorded as one series with ${ATTR_OTEL_METRIC_OVERFLOW}=true (raise metrics.cardinalityLimit, allow fewer tag keys or set metrics.dropEntityId)`,
    );
    this.overflowEntry ??= this.makeEntry(OVERFLOW_ATTRIBUTES);
    return this.overflowEntry;
  }
}

/** The attributes themselves, for instruments that record with the set as it is. */
export function asIs(attributes: Attributes): Attributes {
  return attributes;
}
