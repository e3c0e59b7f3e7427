import { logger } from '../diag.js';
import { checkPriceEntries, setCustomPrices } from './active-price-table.js';
import { describeRejected, readPricesFile, toPriceEntries, type CustomPrices } from './custom-prices.js';
import { checkRefreshOptions, startPriceRefresh, type PriceRefresh, type PricesRefreshOptions } from './price-refresh.js';

/** Environment variable naming a JSON prices file (either form of `CustomPrices`). */
export const PRICES_FILE_ENV = 'INFRAPRISM_PRICES_FILE';

export interface PriceOptions {
  prices?: CustomPrices;
  pricesRefresh?: PricesRefreshOptions;
}

/** Price options checked and read, not yet in force: what {@link applyPriceOptions} puts in place. */
export interface CheckedPriceOptions {
  /** Entries of the prices file, then of `prices` (which win). */
  readonly entries: readonly unknown[];
  readonly refresh?: PricesRefreshOptions;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Checks the price options of `init()` without changing anything: reads the prices file named by
 * `INFRAPRISM_PRICES_FILE` (a bad file or bad entries in it warn and are skipped) and checks
 * `prices` and `pricesRefresh`, throwing a TypeError for a bad explicit option (the caller can
 * fix it now). `init()` calls it before it sets up anything, so a throw leaves nothing behind.
 */
export function checkPriceOptions(options: PriceOptions, env: Env): CheckedPriceOptions {
  const entries: unknown[] = [];
  const file = env[PRICES_FILE_ENV]?.trim();
  if (file !== undefined && file !== '') {
    const fromFile = readPricesFile(file);
    if (typeof fromFile === 'string') {
      logger.warn(`${PRICES_FILE_ENV}: ignoring the prices file: ${fromFile}`);
    } else {
      const rejected = checkPriceEntries(fromFile);
      if (rejected.length > 0) logger.warn(`${PRICES_FILE_ENV}: skipped ${rejected.length} entries (${describeRejected(rejected)})`);
      const refused = new Set(rejected.map((r) => r.index));
      entries.push(...fromFile.filter((_, index) => !refused.has(index)));
    }
  }
  if (options.prices !== undefined) {
    const explicit = toPriceEntries(options.prices);
    if (explicit === undefined) throw new TypeError('init: prices must be a list of entries or an object of prices by model');
    const rejected = checkPriceEntries(explicit);
    if (rejected.length > 0) throw new TypeError(`init: bad prices entries: ${describeRejected(rejected)}`);
    entries.push(...explicit);
  }
  const refresh = options.pricesRefresh;
  if (refresh === undefined) return { entries };
  checkRefreshOptions(refresh);
  return { entries, refresh };
}

/** Puts checked price options in force: your entries, and the refresh, returned for shutdown to stop. */
export function applyPriceOptions(checked: CheckedPriceOptions): PriceRefresh | undefined {
  setCustomPrices(checked.entries);
  return checked.refresh === undefined ? undefined : startPriceRefresh(checked.refresh);
}

/** {@link checkPriceOptions}, then {@link applyPriceOptions}. */
export function configurePrices(options: PriceOptions, env: Env): PriceRefresh | undefined {
  return applyPriceOptions(checkPriceOptions(options, env));
}
