import { ValueType, type Attributes, type Counter, type Meter } from '@opentelemetry/api';
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
import { asIs, CardinalityGuard } from './cardinality-guard.js';

/**
 * `infraprism.client.cost`: the USD cost of priced calls, summed per provider, model,
 * operation, entity and allow-listed tag. A call without a price (unknown model, no usage)
 * adds nothing: its span says why, and a 0 here would read as "free".
 */
export class CostCounter {
  private readonly counter: Counter;
  private readonly guard: CardinalityGuard<EndedCall, Attributes>;

  constructor(
    meter: Meter,
    private readonly options: ResolvedMetricAttributeOptions,
  ) {
    this.counter = meter.createCounter(METRIC_INFRAPRISM_CLIENT_COST, {
      description: 'Cost of LLM calls in US dollars, computed locally from the price table.',
      unit: 'USD',
      valueType: ValueType.DOUBLE,
    });
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
    this.counter.add(usd, this.guard.admit(this.attributesKey(call), call));
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
