import { getBundledPriceTable } from './bundled-price-table.js';
import { PriceTable } from './price-table.js';

/**
 * The price table calls are priced with: the bundled one (or the last refreshed one) plus your
 * own entries (`init({ prices })`, the prices file). Kept on `globalThis` under a registered
 * symbol, so the ESM and CommonJS copies of this package price with the same table.
 */
interface PriceState {
  /** Entries of your own, checked before the table. */
  entries: readonly unknown[];
  /** A refreshed table document's table, replacing the bundled one. */
  refreshed?: PriceTable;
  /** The combined table, built on first use after a change. */
  active?: PriceTable;
}

const PRICE_STATE = Symbol.for('infraprism.price-state');
type GlobalWithPrices = { [PRICE_STATE]?: PriceState };

function state(): PriceState {
  const holder = globalThis as GlobalWithPrices;
  holder[PRICE_STATE] ??= { entries: [] };
  return holder[PRICE_STATE];
}

/** The table `calculateCost` and `lookupPrice` use by default; built lazily on first use. */
export function getActivePriceTable(): PriceTable {
  const current = state();
  if (current.active === undefined) {
    const base = current.refreshed ?? getBundledPriceTable();
    current.active = current.entries.length === 0 ? base : base.withEntries(current.entries, `${base.version}+custom`);
  }
  return current.active;
}

/**
 * Replaces your own price entries (they are checked before the table). Returns the entries that
 * were refused, with why, so the caller can report them.
 */
export function setCustomPrices(entries: readonly unknown[]): PriceTable['rejectedEntries'] {
  const current = state();
  current.entries = [...entries];
  delete current.active;
  return checkPriceEntries(current.entries);
}

/** The entries a table would refuse, with why; changes nothing (init checks before it acts). */
export function checkPriceEntries(entries: readonly unknown[]): PriceTable['rejectedEntries'] {
  // Checked against an empty document, so the bundled table is still only loaded on first lookup.
  const checked = PriceTable.create({ version: 'entries', providers: [] }, entries);
  return typeof checked === 'string' ? [] : checked.rejectedEntries;
}

/**
 * Swaps in a new table document (a refresh) atomically: the next lookup uses it whole, and calls
 * being priced keep the table they started with. Returns the reason when the document is invalid,
 * in which case the current table stays.
 */
export function swapPriceData(data: unknown): string | undefined {
  const table = PriceTable.create(data);
  if (typeof table === 'string') return table;
  if (table.size === 0) return 'price data has no models';
  const current = state();
  current.refreshed = table;
  delete current.active;
  return undefined;
}

/** Back to the bundled table without entries of your own (tests, shutdown). */
export function resetPriceTable(): void {
  delete (globalThis as GlobalWithPrices)[PRICE_STATE];
}
