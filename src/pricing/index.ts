// The pricing module: normalize provider usage, match the model to a price, compute USD.
// Pure and synchronous; nothing here does I/O or logs (the caller owns diag messages).
export { calculateCost } from './calculate-cost.js';
export type { CostInput, CostResult, CostStatus } from './calculate-cost.js';
export { getBundledPriceTable } from './bundled-price-table.js';
export { DEFAULT_PRICE_MEMO_SIZE, PriceTable } from './price-table.js';
export type {
  ModelPrice,
  PriceMatch,
  PriceTableEntry,
  PriceTableOptions,
  RejectedPriceTableEntry,
} from './price-table.js';
export {
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
} from './usage.js';
export type { TokenUsage } from './usage.js';
export {
  BUNDLED_PRICE_ENTRIES,
  BUNDLED_PRICES_AS_OF,
  BUNDLED_PRICES_SOURCE,
  BUNDLED_PRICES_VERSION,
} from './data/prices.js';
