import { getActivePriceTable } from './active-price-table.js';
import type { ModelPrice } from './price-data.js';
import { priceAt, type PriceTable } from './price-table.js';

export interface PriceLookupInput {
  /** `gen_ai.provider.name` of the call (`openai`, `aws.bedrock`, ...); absent: by model name. */
  provider?: string | undefined;
  model: string;
  /** The price in force at this time (epoch ms); default now. */
  at?: number | undefined;
}

export interface PriceLookupResult {
  /** The table provider whose price applies (`openai`, `aws`, ...), or `*` for an entry of yours without one. */
  provider: string;
  /** The canonical model id the name matched. */
  model: string;
  /** USD per 1M tokens (per 1000 for the `*PerThousand` prices), in force at `at`. */
  price: ModelPrice;
  /** True when the price is one of yours (`init({ prices })`, the prices file). */
  isCustom: boolean;
  /** True when the price is another provider's for the same model (`other_provider_price`). */
  isOtherProvider: boolean;
  /** The price table's version. */
  priceTable: string;
}

/**
 * Looks up the price `calculateCost` would use for a model, with the same matching (dated
 * snapshots, `-latest`, provider prefixes, fine-tuned, Bedrock and Vertex ids, case). Returns
 * `undefined` for an unknown model. Synchronous, never throws.
 */
export function lookupPrice(input: PriceLookupInput, table?: PriceTable): PriceLookupResult | undefined {
  try {
    const prices = table ?? getActivePriceTable();
    const match = prices.lookup(input.provider, input.model);
    if (match === undefined) return undefined;
    const at = typeof input.at === 'number' && Number.isFinite(input.at) ? input.at : Date.now();
    return {
      provider: match.provider,
      model: match.model,
      price: priceAt(match.prices, at),
      isCustom: match.isCustom,
      isOtherProvider: match.isOtherProvider,
      priceTable: prices.version,
    };
  } catch {
    return undefined;
  }
}
