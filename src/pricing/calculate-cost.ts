import {
  INFRAPRISM_COST_STATUS_VALUE_ESTIMATED,
  INFRAPRISM_COST_STATUS_VALUE_NO_USAGE,
  INFRAPRISM_COST_STATUS_VALUE_OTHER_PROVIDER_PRICE,
  INFRAPRISM_COST_STATUS_VALUE_PRICED,
  INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL,
  INFRAPRISM_COST_STATUS_VALUE_UNRECOGNIZED_USAGE,
} from '../semconv.js';
import { getActivePriceTable } from './active-price-table.js';
import type { ModelPrice, ServiceTierPrice, TokenPrice } from './price-data.js';
import { priceAt, type PriceMatch, type PriceTable } from './price-table.js';
import { readAnyUsage } from './read-any-usage.js';
import { toTokenCount, type TokenUsage } from './usage.js';

/**
 * What `infraprism.cost.status` says about a call (docs/cost.md says what to do about each):
 * - `priced`: `usd` holds the cost at the call's own provider's price;
 * - `estimated`: `usd` holds the cost at the standard price, because the table has no price for
 *   the service tier or Batch API the call was served with;
 * - `other_provider_price`: `usd` holds the cost at another provider's price for the same model,
 *   because the call's provider has none in the table (wins over `estimated`);
 * - `unknown_model`: there is usage, but no price for the model (never reported as $0);
 * - `no_usage`: the call reported no usage, e.g. a stream cut before its usage chunk;
 * - `unrecognized_usage`: a usage object was given, but in no shape the calculator reads.
 */
export type CostStatus =
  | typeof INFRAPRISM_COST_STATUS_VALUE_PRICED
  | typeof INFRAPRISM_COST_STATUS_VALUE_ESTIMATED
  | typeof INFRAPRISM_COST_STATUS_VALUE_OTHER_PROVIDER_PRICE
  | typeof INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL
  | typeof INFRAPRISM_COST_STATUS_VALUE_NO_USAGE
  | typeof INFRAPRISM_COST_STATUS_VALUE_UNRECOGNIZED_USAGE;

export interface CostResult {
  status: CostStatus;
  /** Cost in USD, rounded to 1e-10; present when `status` is `priced`, `estimated` or `other_provider_price`. */
  usd?: number;
  /** The price used; present when the model was found, whatever the status. */
  match?: PriceMatch;
  /** The version of the price table consulted (`infraprism.cost.price_table` on spans). */
  priceTable?: string;
}

export interface CostInput {
  /** OpenTelemetry `gen_ai.provider.name` value of the call: `openai`, `anthropic`, ... */
  provider?: string | undefined;
  /** The model that served the call (the response's model when known, else the request's). */
  model?: string | undefined;
  /**
   * The call's usage: normalized (a `TokenUsage`), or the provider's own usage object as the SDK
   * returned it (OpenAI Chat Completions and Responses, Anthropic Messages, Google `usageMetadata`).
   */
  usage?: TokenUsage | object | undefined;
  /**
   * The service tier the provider reported serving the call with: OpenAI `flex` or `priority`,
   * Anthropic `batch` (priced as `isBatch`); others bill at the standard price.
   */
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
 * active table, i.e. the bundled one plus your `prices`, or a refreshed one). Pure, synchronous,
 * and never throws: bad input gives a result with a status.
 *
 * A call without usage is `no_usage`, and one whose usage object is in no shape it reads is
 * `unrecognized_usage` with one diag warning (both checked first: without token counts the model
 * does not matter); a call whose model the table does not know is `unknown_model`, without `usd`.
 *
 * The price: the one in force at `at` (dated price changes); for `serviceTier` `flex` or
 * `priority`, or `isBatch`, that variant's prices when the table has them, else the standard ones
 * and the status `estimated`; each tiered price at the tier the call's total input tokens exceed,
 * for every token of its kind (the whole request is repriced, as providers bill).
 *
 * The formula, per 1M tokens, with the parts of input clamped so they never exceed its total
 * (cache reads first, then 5-minute and 1-hour writes, then audio and image tokens):
 *
 *   textInput × input + cacheRead × (cacheReadInput ?? input)
 *   + cacheWrite5m × (cacheWrite5mInput ?? input) + cacheWrite1h × (cacheWrite1hInput ?? cacheWrite5mInput ?? input)
 *   + audioInput × (audioInput ?? input) + imageInput × (imageInput ?? input)
 *   + textOutput × output + audioOutput × (audioOutput ?? output) + imageOutput × (imageOutput ?? output)
 *   + webSearches × webSearchesPerThousand / 1000 + requestsPerThousand / 1000
 *
 * Fallbacks: a model without a cache-read price bills cached tokens as input; a model without a
 * cache-write price bills written tokens as input (older OpenAI models charge nothing extra for
 * writes). Anthropic splits writes by TTL (5 minutes at 1.25×, 1 hour at 2× the input price) and
 * its bundled entries carry both prices; OpenAI reports 30-minute and 12-hour writes, and a
 * provider with a single write price charges it whatever the TTL, hence the extended TTL falling
 * back to the default TTL's price. Reasoning tokens are part of output and billed at the output
 * price; cached audio and image tokens are billed at the cached (text) price, since usage does not
 * split them.
 */
export function calculateCost(input: CostInput, table?: PriceTable): CostResult {
  let prices: PriceTable | undefined;
  try {
    const { provider, model, usage, serviceTier, isBatch, at } = isRecord(input) ? (input as CostInput) : {};
    prices = table ?? getActivePriceTable();
    const priceTable = prices.version;
    const match = prices.lookup(
      typeof provider === 'string' ? provider : undefined,
      typeof model === 'string' ? model : undefined,
    );

    const normalized = readAnyUsage(usage, provider, model);
    const counts = normalized === undefined ? undefined : readUsage(normalized);
    if (counts === undefined) {
      // An object we could not read is never reported as a call without usage.
      const status =
        normalized === undefined && isRecord(usage) ? INFRAPRISM_COST_STATUS_VALUE_UNRECOGNIZED_USAGE : INFRAPRISM_COST_STATUS_VALUE_NO_USAGE;
      return match === undefined ? { status, priceTable } : { status, match, priceTable };
    }
    if (match === undefined) return { status: INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL, priceTable };
    const when = typeof at === 'number' && Number.isFinite(at) ? at : Date.now();
    const { price, isEstimated } = applyVariant(priceAt(match.prices, when), serviceTier, isBatch === true);
    const status = match.isOtherProvider
      ? INFRAPRISM_COST_STATUS_VALUE_OTHER_PROVIDER_PRICE
      : isEstimated
        ? INFRAPRISM_COST_STATUS_VALUE_ESTIMATED
        : INFRAPRISM_COST_STATUS_VALUE_PRICED;
    return { status, usd: priceUsage(counts, price), match, priceTable };
  } catch {
    // Unreachable with a PriceTable; a foreign object passed as the table must not throw into
    // the caller's code either.
    return { status: INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL };
  }
}

/**
 * The price with a service tier's or the Batch API's prices in place of the standard ones; the
 * standard price, estimated, when the table has none for the variant the call was served with.
 * Other tier names (`default`, `auto`, `standard`, `scale`) bill at the standard price.
 */
function applyVariant(price: ModelPrice, serviceTier: unknown, isBatch: boolean): { price: ModelPrice; isEstimated: boolean } {
  let variant: ServiceTierPrice | undefined;
  // Anthropic reports results of its Message Batches API with `service_tier: "batch"`.
  if (isBatch || serviceTier === 'batch') variant = price.batch;
  else if (serviceTier === 'flex') variant = price.flex;
  else if (serviceTier === 'priority') variant = price.priority;
  else return { price, isEstimated: false };
  if (variant === undefined) return { price, isEstimated: true };
  return { price: { ...price, ...variant }, isEstimated: false };
}

interface UsageCounts {
  totalInput: number;
  textInput: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  audioInput: number;
  imageInput: number;
  textOutput: number;
  audioOutput: number;
  imageOutput: number;
  webSearches: number;
}

/** Re-checks usage (it may come from plain JS) and splits input and output into disjoint parts. */
function readUsage(usage: unknown): UsageCounts | undefined {
  if (!isRecord(usage)) return undefined;
  const input = toTokenCount(usage['inputTokens']);
  const output = toTokenCount(usage['outputTokens']);
  if (input === undefined && output === undefined) return undefined;

  let remainingInput = input ?? 0;
  const takeInput = (value: unknown): number => {
    const part = Math.min(toTokenCount(value) ?? 0, remainingInput);
    remainingInput -= part;
    return part;
  };
  const cacheRead = takeInput(usage['cacheReadInputTokens']);
  const cacheWrite5m = takeInput(usage['cacheWrite5mInputTokens']);
  const cacheWrite1h = takeInput(usage['cacheWrite1hInputTokens']);
  const audioInput = takeInput(usage['audioInputTokens']);
  const imageInput = takeInput(usage['imageInputTokens']);

  let remainingOutput = output ?? 0;
  const takeOutput = (value: unknown): number => {
    const part = Math.min(toTokenCount(value) ?? 0, remainingOutput);
    remainingOutput -= part;
    return part;
  };
  const audioOutput = takeOutput(usage['audioOutputTokens']);
  const imageOutput = takeOutput(usage['imageOutputTokens']);
  return {
    totalInput: input ?? 0,
    textInput: remainingInput,
    cacheRead,
    cacheWrite5m,
    cacheWrite1h,
    audioInput,
    imageInput,
    textOutput: remainingOutput,
    audioOutput,
    imageOutput,
    webSearches: toTokenCount(usage['webSearchRequests']) ?? 0,
  };
}

function priceUsage(counts: UsageCounts, price: ModelPrice): number {
  // Every tiered price is read at the tier of the call's total input tokens.
  const at = (value: TokenPrice | undefined): number | undefined => resolveTier(value, counts.totalInput);
  const input = at(price.input) ?? 0;
  const output = at(price.output) ?? 0;
  const cacheWrite5m = at(price.cacheWrite5mInput) ?? input;
  const perMillion =
    counts.textInput * input +
    counts.cacheRead * (at(price.cacheReadInput) ?? input) +
    counts.cacheWrite5m * cacheWrite5m +
    counts.cacheWrite1h * (at(price.cacheWrite1hInput) ?? cacheWrite5m) +
    counts.audioInput * (at(price.audioInput) ?? input) +
    counts.imageInput * (at(price.imageInput) ?? input) +
    counts.textOutput * output +
    counts.audioOutput * (at(price.audioOutput) ?? output) +
    counts.imageOutput * (at(price.imageOutput) ?? output);
  let usd = perMillion / TOKENS_PER_PRICE_UNIT;
  if (counts.webSearches > 0 && price.webSearchesPerThousand !== undefined) {
    usd += (counts.webSearches * price.webSearchesPerThousand) / 1000;
  }
  if (price.requestsPerThousand !== undefined) usd += price.requestsPerThousand / 1000;
  return Math.round(usd * USD_DECIMALS) / USD_DECIMALS;
}

/** A tiered price at the highest tier whose start the call's total input exceeds. */
function resolveTier(value: TokenPrice | undefined, totalInput: number): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  let price = value.base;
  for (const tier of value.tiers) if (totalInput > tier.start) price = tier.price;
  return price;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
