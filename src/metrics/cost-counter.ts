import { ValueType, type Attributes, type Meter } from '@opentelemetry/api';
import type { ResolvedMetricAttributeOptions } from '../config/resolve-metrics-config.js';
import type { EndedCall } from '../instrumentation/core/call-listeners.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_INFRAPRISM_ENTITY_ID,
  ATTR_INFRAPRISM_ENTITY_TYPE,
  ATTR_INFRAPRISM_TAG_PREFIX,
  METRIC_INFRAPRISM_CLIENT_COST,
} from '../semconv.js';
import { asIs, CardinalityGuard, OVERFLOW_ATTRIBUTES } from './cardinality-guard.js';

interface RunningTotal {
  readonly attributes: Attributes;
  usd: number;
}

/** Cannot collide with a key of {@link CostCounter}'s: those are JSON arrays. */
const OVERFLOW_KEY = 'overflow';
const TOTALS = new WeakMap<Meter, Map<string, RunningTotal>>();

/** The running totals of `meter`'s cost counter, created with the counter on first use. */
function totalsOf(meter: Meter): Map<string, RunningTotal> {
  let totals = TOTALS.get(meter);
  if (totals) return totals;
  const created = new Map<string, RunningTotal>();
  const counter = meter.createObservableCounter(METRIC_INFRAPRISM_CLIENT_COST, {
    description: 'Cost of LLM calls in US dollars, computed locally from the price table.',
    unit: 'USD',
    valueType: ValueType.DOUBLE,
  });
  counter.addCallback((result) => {
    for (const { usd, attributes } of created.values()) result.observe(usd, attributes);
  });
  TOTALS.set(meter, created);
  totals = created;
  return totals;
}

/**
 * `infraprism.client.cost`: the USD cost of priced calls, summed per provider, model,
 * operation, entity and allow-listed tag. A call without a price (unknown model, no usage)
 * adds nothing: its span says why, and a 0 here would read as "free".
 *
 * An observable counter over running totals: a call adds to its set's total (a map lookup), and
 * the SDK reads the totals at collection. A synchronous `Counter.add` would hash the attribute
 * set on every call, the largest single cost of a call's metrics; the exported sums are the
 * same (cumulative, or the SDK's deltas of them). The totals belong to the meter, so a standby
 * instance on the same meter (see MetricsInstrumentation) adds to the same sums.
 */
export class CostCounter {
  private readonly guard: CardinalityGuard<EndedCall, Attributes>;
  private readonly totals: Map<string, RunningTotal>;

  constructor(
    meter: Meter,
    private readonly options: ResolvedMetricAttributeOptions,
  ) {
    this.totals = totalsOf(meter);
    this.guard = new CardinalityGuard(
      METRIC_INFRAPRISM_CLIENT_COST,
      options.cardinalityLimit,
      (call) => this.attributes(call),
      asIs,
    );
  }

  record(call: EndedCall): void {
    const usd = call.cost.usd;
    if (usd === undefined || !Number.isFinite(usd) || usd < 0) return;
    const key = this.attributesKey(call);
    const attributes = this.guard.admit(key, call);
    const totalKey = attributes === OVERFLOW_ATTRIBUTES ? OVERFLOW_KEY : key;
    const total = this.totals.get(totalKey);
    if (total) total.usd += usd;
    else this.totals.set(totalKey, { attributes, usd });
  }

  /** Identifies the set {@link attributes} makes for a call (an absent value is `null`). */
  private attributesKey(call: EndedCall): string {
    const { entityType, entityId, tags } = call.attribution;
    const values: unknown[] = [
      call.providerName,
      call.operationName,
      call.requestModel,
      call.responseModel,
      entityType,
      this.options.dropEntityId ? undefined : entityId,
    ];
    for (const key of this.options.tagKeys) values.push(tags[key]);
    return JSON.stringify(values);
  }

  private attributes(call: EndedCall): Attributes {
    const attributes: Attributes = {
      [ATTR_GEN_AI_PROVIDER_NAME]: call.providerName,
      [ATTR_GEN_AI_OPERATION_NAME]: call.operationName,
    };
    if (call.requestModel !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = call.requestModel;
    if (call.responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = call.responseModel;
    const { entityType, entityId, tags } = call.attribution;
    if (entityType !== undefined) attributes[ATTR_INFRAPRISM_ENTITY_TYPE] = entityType;
    if (entityId !== undefined && !this.options.dropEntityId) attributes[ATTR_INFRAPRISM_ENTITY_ID] = entityId;
    for (const key of this.options.tagKeys) {
      const value = tags[key];
      if (value !== undefined) attributes[`${ATTR_INFRAPRISM_TAG_PREFIX}${key}`] = value;
    }
    return attributes;
  }
}
