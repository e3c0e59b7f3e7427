// The pricing module: normalize provider usage, match the model to a price, compute USD.
// Pure and synchronous; nothing here does I/O at import (the refresh and the prices file run
// only when init() asks for them).
export { calculateCost } from './calculate-cost.js';
export type { CostInput, CostResult, CostStatus } from './calculate-cost.js';
export { lookupPrice } from './lookup-price.js';
export type { PriceLookupInput, PriceLookupResult } from './lookup-price.js';
export { getBundledPriceTable } from './bundled-price-table.js';
export { getActivePriceTable, resetPriceTable, setCustomPrices, swapPriceData } from './active-price-table.js';
export { applyPriceOptions, checkPriceOptions, configurePrices, PRICES_FILE_ENV } from './configure-prices.js';
export type { CheckedPriceOptions, PriceOptions } from './configure-prices.js';
export type { CustomPrices } from './custom-prices.js';
export { startPriceRefresh } from './price-refresh.js';
export type { PriceRefresh, PricesRefreshOptions } from './price-refresh.js';
export { DEFAULT_PRICE_MEMO_SIZE, PriceTable, priceAt } from './price-table.js';
export type { PriceMatch, PriceTableEntry, PriceTableOptions, RejectedPriceTableEntry } from './price-table.js';
export type {
  DatedPrice,
  MatchClause,
  ModelPrice,
  PriceData,
  PriceTier,
  ServiceTierPrice,
  TieredPrice,
  TokenPrice,
} from './price-data.js';
export {
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
} from './usage.js';
export type { TokenUsage } from './usage.js';
export { BUNDLED_PRICES_AS_OF, BUNDLED_PRICES_SOURCE, BUNDLED_PRICES_VERSION } from './data/prices.js';
