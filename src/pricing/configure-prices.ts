import { logger } from '../diag.js';
import { setCustomPrices } from './active-price-table.js';
import { describeRejected, readPricesFile, toPriceEntries, type CustomPrices } from './custom-prices.js';
import { checkRefreshOptions, startPriceRefresh, type PriceRefresh, type PricesRefreshOptions } from './price-refresh.js';

/** Environment variable naming a JSON prices file (either form of `CustomPrices`). */
export const PRICES_FILE_ENV = 'INFRAPRISM_PRICES_FILE';

export interface PriceOptions {
  prices?: CustomPrices;
  pricesRefresh?: PricesRefreshOptions;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Applies the price options of `init()`: entries from the prices file named by
 * `INFRAPRISM_PRICES_FILE`, then `prices` (which win), and starts the opt-in refresh. A bad
 * explicit option throws a TypeError (the caller can fix it now); a bad file warns and is skipped.
 * Returns the refresh, for shutdown to stop.
 */
export function configurePrices(options: PriceOptions, env: Env): PriceRefresh | undefined {
  const entries: unknown[] = [];
  const file = env[PRICES_FILE_ENV]?.trim();
  if (file !== undefined && file !== '') {
    const fromFile = readPricesFile(file);
    if (typeof fromFile === 'string') {
      logger.warn(`${PRICES_FILE_ENV}: ignoring the prices file: ${fromFile}`);
    } else {
      const rejected = setCustomPrices(fromFile);
      if (rejected.length > 0) logger.warn(`${PRICES_FILE_ENV}: skipped ${rejected.length} entries (${describeRejected(rejected)})`);
      const refused = new Set(rejected.map((r) => r.index));
      entries.push(...fromFile.filter((_, index) => !refused.has(index)));
    }
  }
  if (options.prices !== undefined) {
    const explicit = toPriceEntries(options.prices);
    if (explicit === undefined) throw new TypeError('init: prices must be a list of entries or an object of prices by model');
    const rejected = setCustomPrices(explicit);
    if (rejected.length > 0) throw new TypeError(`init: bad prices entries: ${describeRejected(rejected)}`);
    entries.push(...explicit);
  }
  const refreshOptions = options.pricesRefresh;
  if (refreshOptions !== undefined) checkRefreshOptions(refreshOptions);
  setCustomPrices(entries);
  return refreshOptions === undefined ? undefined : startPriceRefresh(refreshOptions);
}
