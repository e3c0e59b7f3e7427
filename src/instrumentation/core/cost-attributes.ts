import type { Attributes } from '@opentelemetry/api';
import { warnOnce } from '../../diag.js';
import { calculateCost, type CostInput, type CostResult, type TokenUsage } from '../../pricing/index.js';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_INFRAPRISM_COST_PRICE_TABLE,
  ATTR_INFRAPRISM_COST_STATUS,
  ATTR_INFRAPRISM_COST_USD,
  INFRAPRISM_COST_STATUS_VALUE_OTHER_PROVIDER_PRICE,
  INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL,
} from '../../semconv.js';

// What our spans and the foreign GenAI spans that InfraPrismSpanProcessor prices carry alike:
// one place, so every priced span reads the same.

/** The `gen_ai.usage.*` attributes of a usage (cache writes of both TTLs as one count). */
export function usageAttributes(usage: TokenUsage): Attributes {
  const attributes: Attributes = {};
  addUsageAttributes(attributes, usage);
  return attributes;
}

/** Writes {@link usageAttributes} into `attributes` (no intermediate object: once per call). */
export function addUsageAttributes(attributes: Attributes, usage: TokenUsage): void {
  attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
  attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
  if (usage.cacheReadInputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadInputTokens;
  }
  if (usage.cacheWrite5mInputTokens !== undefined || usage.cacheWrite1hInputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] =
      (usage.cacheWrite5mInputTokens ?? 0) + (usage.cacheWrite1hInputTokens ?? 0);
  }
  if (usage.reasoningOutputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningOutputTokens;
  }
}

/**
 * Prices a call as `calculateCost` does (pass the call's start as `at`, so a dated price change
 * during a long call does not apply to it), and warns once per model without a price, or priced
 * at another provider's price.
 */
export function priceCall(input: CostInput): CostResult {
  const cost = calculateCost(input);
  if (cost.status === INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL) {
    const { provider, model } = input;
    warnOnce(
      `unknown-model:${provider}:${model}`,
      `no price known for model "${model}" of provider "${provider}": its calls carry infraprism.cost.status=unknown_model and no cost`,
    );
  } else if (cost.status === INFRAPRISM_COST_STATUS_VALUE_OTHER_PROVIDER_PRICE) {
    const { provider, model } = input;
    warnOnce(
      `other-provider-price:${provider}:${model}`,
      `provider "${provider}" has no price for model "${model}": its calls are priced at provider "${cost.match?.provider}"'s price and carry infraprism.cost.status=other_provider_price (add yours with init({ prices }))`,
    );
  }
  return cost;
}

/** `infraprism.cost.status`, `.usd` and `.price_table` of a priced call. */
export function costAttributes(cost: { status: string; usd?: number; priceTable?: string }): Attributes {
  const attributes: Attributes = {};
  addCostAttributes(attributes, cost);
  return attributes;
}

/** Writes {@link costAttributes} into `attributes`. */
export function addCostAttributes(attributes: Attributes, cost: { status: string; usd?: number; priceTable?: string }): void {
  attributes[ATTR_INFRAPRISM_COST_STATUS] = cost.status;
  if (cost.usd !== undefined) attributes[ATTR_INFRAPRISM_COST_USD] = cost.usd;
  if (cost.priceTable !== undefined) attributes[ATTR_INFRAPRISM_COST_PRICE_TABLE] = cost.priceTable;
}
