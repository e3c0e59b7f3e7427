import {
  INFRAPRISM_COST_STATUS_VALUE_NO_USAGE,
  INFRAPRISM_COST_STATUS_VALUE_PRICED,
  INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL,
} from '../semconv.js';
import { getBundledPriceTable } from './bundled-price-table.js';
import type { PriceMatch, PriceTable } from './price-table.js';
import { toTokenCount, type TokenUsage } from './usage.js';

/**
 * What `infraprism.cost.status` says about a call:
 * - `priced`: `usd` holds the cost;
 * - `unknown_model`: there is usage, but no price for the model (never reported as $0);
 * - `no_usage`: the call reported no usable token counts, e.g. a stream cut before its usage chunk.
 */
export type CostStatus =
  | typeof INFRAPRISM_COST_STATUS_VALUE_PRICED
  | typeof INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL
  | typeof INFRAPRISM_COST_STATUS_VALUE_NO_USAGE;

export interface CostResult {
  status: CostStatus;
  /** Cost in USD, rounded to 1e-10; present only when `status` is `priced`. */
  usd?: number;
  /** The price used; present when the model was found, whatever the status. */
  match?: PriceMatch;
}

export interface CostInput {
  /** OpenTelemetry `gen_ai.provider.name` value of the call: `openai`, `anthropic`, ... */
  provider?: string | undefined;
  /** The model that served the call (the response's model when known, else the request's). */
  model?: string | undefined;
  /** Normalized usage, from one of the `normalize*Usage` functions. */
  usage?: TokenUsage | undefined;
  /** The service tier the provider reported serving the call with (`flex`, `priority`, ...). */
  serviceTier?: string | undefined;
  /** True for calls billed through a Batch API (discounted). */
  isBatch?: boolean | undefined;
  /** When the call was made, in epoch milliseconds (for dated price changes); default now. */
  at?: number | undefined;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000;
// Costs are rounded to 1e-10 USD, far below any billed amount, so that sums of float products
// such as 150 * 2.5 + 500 * 10 compare equal to the decimal the provider's price sheet gives.
const USD_DECIMALS = 1e10;

/**
 * Computes the USD cost of one call from its normalized usage and the price table (default: the
 * bundled table). Pure, synchronous, and never throws: bad input gives a result with a status.
 *
 * A call without usable usage is `no_usage` (checked first: without token counts the model does
 * not matter); a call whose model the table does not know is `unknown_model`, without `usd`.
 *
 * The formula, per 1M tokens, with the parts of input clamped so they never exceed its total
 * (cache reads first, then 5-minute, then 1-hour writes):
 *
 *   (input − cacheRead − cacheWrite5m − cacheWrite1h) × price.input
 *   + cacheRead × (price.cacheReadInput ?? price.input)
 *   + cacheWrite5m × (price.cacheWrite5mInput ?? price.input)
 *   + cacheWrite1h × (price.cacheWrite1hInput ?? price.cacheWrite5mInput ?? price.input)
 *   + output × price.output
 *
 * Fallbacks: a model without a cache-read price bills cached tokens as input. OpenAI charges no
 * cache writes (written tokens are billed as ordinary input), hence the input price for writes
 * without a price of their own. Only Anthropic splits writes by TTL (5 minutes at 1.25×, 1 hour at
 * 2× the input price); its bundled entries carry both prices, and a provider with a single write
 * price charges it whatever the TTL, hence 1-hour falling back to the 5-minute price. Reasoning
 * tokens are part of output and billed at the output price.
 */
export function calculateCost(input: CostInput, table?: PriceTable): CostResult {
  try {
    const { provider, model, usage } = isRecord(input) ? (input as CostInput) : {};
    const prices = table ?? getBundledPriceTable();
    const match = prices.lookup(
      typeof provider === 'string' ? provider : undefined,
      typeof model === 'string' ? model : undefined,
    );

    const counts = readUsage(usage);
    if (counts === undefined) {
      const status = INFRAPRISM_COST_STATUS_VALUE_NO_USAGE;
      return match === undefined ? { status } : { status, match };
    }
    if (match === undefined) return { status: INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL };
    return { status: INFRAPRISM_COST_STATUS_VALUE_PRICED, usd: priceUsage(counts, match), match };
  } catch {
    // Unreachable with a PriceTable; a foreign object passed as the table must not throw into
    // the caller's code either.
    return { status: INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL };
  }
}

interface UsageCounts {
  uncachedInput: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
}

/** Re-checks usage (it may come from plain JS) and splits input into disjoint parts. */
function readUsage(usage: unknown): UsageCounts | undefined {
  if (!isRecord(usage)) return undefined;
  const input = toTokenCount(usage['inputTokens']);
  const output = toTokenCount(usage['outputTokens']);
  if (input === undefined && output === undefined) return undefined;

  let remaining = input ?? 0;
  const take = (value: unknown): number => {
    const part = Math.min(toTokenCount(value) ?? 0, remaining);
    remaining -= part;
    return part;
  };
  const cacheRead = take(usage['cacheReadInputTokens']);
  const cacheWrite5m = take(usage['cacheWrite5mInputTokens']);
  const cacheWrite1h = take(usage['cacheWrite1hInputTokens']);
  return { uncachedInput: remaining, cacheRead, cacheWrite5m, cacheWrite1h, output: output ?? 0 };
}

function priceUsage(counts: UsageCounts, match: PriceMatch): number {
  const { price } = match;
  const cacheWrite5mPrice = price.cacheWrite5mInput ?? price.input;
  const perMillion =
    counts.uncachedInput * price.input +
    counts.cacheRead * (price.cacheReadInput ?? price.input) +
    counts.cacheWrite5m * cacheWrite5mPrice +
    counts.cacheWrite1h * (price.cacheWrite1hInput ?? cacheWrite5mPrice) +
    counts.output * price.output;
  return Math.round((perMillion / TOKENS_PER_PRICE_UNIT) * USD_DECIMALS) / USD_DECIMALS;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
