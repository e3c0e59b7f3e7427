import { readFileSync } from 'node:fs';
import type { ModelPrice } from './price-data.js';
import type { PriceTableEntry, RejectedPriceTableEntry } from './price-table.js';

/**
 * Prices of your own, per 1M tokens with the table's fields (`input`, `output`, `cacheReadInput`,
 * `cacheWrite5mInput`, `cacheWrite1hInput`, `audioInput`, ...): a list of entries, or an object
 * keyed by model id whose values are the price plus an optional `provider` and `aliases`:
 *
 *   { 'my-fine-tune': { input: 0.3, output: 1.2 }, 'gpt-4o': { provider: 'azure.ai.openai', input: 2.75, output: 11 } }
 */
export type CustomPrices =
  | readonly PriceTableEntry[]
  | Readonly<Record<string, ModelPrice & { provider?: string; aliases?: readonly string[] }>>;

/** Turns either form of {@link CustomPrices} into entries; anything else gives `undefined`. */
export function toPriceEntries(prices: unknown): unknown[] | undefined {
  if (Array.isArray(prices)) return [...(prices as unknown[])];
  if (typeof prices !== 'object' || prices === null) return undefined;
  return Object.entries(prices as Record<string, unknown>).map(([model, value]) => {
    if (typeof value !== 'object' || value === null) return { model, price: value };
    const { provider, aliases, ...price } = value as Record<string, unknown>;
    const entry: Record<string, unknown> = { model, price };
    if (provider !== undefined) entry['provider'] = provider;
    if (aliases !== undefined) entry['aliases'] = aliases;
    return entry;
  });
}

/** Describes refused entries in one line, without prices or anything else from them. */
export function describeRejected(rejected: readonly RejectedPriceTableEntry[]): string {
  return rejected.map(({ index, reason }) => `#${index}: ${reason}`).join('; ');
}

/** Reads a prices file (JSON, either form of {@link CustomPrices}); returns why it could not. */
export function readPricesFile(path: string): unknown[] | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    const code = (error as { code?: unknown } | undefined)?.code;
    return `cannot read it (${typeof code === 'string' ? code : 'error'})`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return 'it is not valid JSON';
  }
  return toPriceEntries(parsed) ?? 'it is neither a list of entries nor an object of prices by model';
}
