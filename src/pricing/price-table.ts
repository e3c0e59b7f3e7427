import { candidateModelNames, normalizeName } from './model-name.js';

/**
 * Prices of one model, in USD per 1 million tokens. Only `input` and `output` are required; the
 * calculator documents what an absent cache price falls back to.
 */
export interface ModelPrice {
  /** Uncached input tokens. */
  input: number;
  /** Output tokens, reasoning included. */
  output: number;
  /** Input tokens read from the prompt cache. Absent: charged as `input`. */
  cacheReadInput?: number;
  /** Input tokens written to the cache with a 5-minute TTL (or with the provider's only TTL). */
  cacheWrite5mInput?: number;
  /** Input tokens written to the cache with a 1-hour TTL. */
  cacheWrite1hInput?: number;
}

/** One row of a price table. */
export interface PriceTableEntry {
  /** OpenTelemetry `gen_ai.provider.name` value: `openai`, `anthropic`, `azure.ai.openai`, ... */
  provider: string;
  /** The canonical model id, undated where the family shares one price: `gpt-4o`. */
  model: string;
  /** Other exact ids with the same price: dated snapshots, `-latest` and `-0` aliases. */
  aliases?: readonly string[];
  price: ModelPrice;
}

/** The result of a successful lookup: the entry whose price applies. */
export interface PriceMatch {
  /** The provider of the matched entry (may differ from the one asked for, see `lookup`). */
  provider: string;
  /** The canonical model id of the matched entry. */
  model: string;
  price: ModelPrice;
}

/** An entry the table refused, so the caller (init, a prices file) can say why. */
export interface RejectedPriceTableEntry {
  /** Position in the `entries` given to the constructor. */
  index: number;
  reason: string;
}

export interface PriceTableOptions {
  /**
   * Most (provider, model) lookups remembered, hits and misses alike; the oldest is forgotten
   * first. Bounds memory when model names come from user input. Default 1000; at least 1.
   */
  memoSize?: number;
  /** A label for the table's data, e.g. the source date of a generated snapshot. */
  version?: string;
}

/** Default for {@link PriceTableOptions.memoSize}. */
export const DEFAULT_PRICE_MEMO_SIZE = 1000;

const OPTIONAL_PRICE_FIELDS = ['cacheReadInput', 'cacheWrite5mInput', 'cacheWrite1hInput'] as const;

/**
 * Model prices with name matching. Pure and synchronous; the constructor skips invalid entries
 * (listed in `rejectedEntries`) instead of throwing, and `lookup` never throws.
 *
 * Later entries replace earlier ones with the same provider and model id or alias, so overrides
 * are `new PriceTable([...bundled, ...overrides])`. An entry with the same provider and model id
 * as an earlier one replaces that model's aliases too (its dated snapshots follow the new price)
 * unless a later entry names them itself.
 */
export class PriceTable {
  /** The label given in {@link PriceTableOptions.version}. */
  readonly version: string | undefined;
  /** Entries the constructor skipped: missing names, or prices that are not finite numbers >= 0. */
  readonly rejectedEntries: readonly RejectedPriceTableEntry[];

  // provider -> model id or alias -> match
  private readonly byProvider = new Map<string, Map<string, PriceMatch>>();
  // model id or alias -> provider of the first entry that named it
  private readonly providerOfName = new Map<string, string>();
  private readonly memo = new Map<string, PriceMatch | null>();
  private readonly memoSize: number;

  constructor(entries: readonly PriceTableEntry[], options: PriceTableOptions = {}) {
    this.version = options.version;
    const memoSize = options.memoSize;
    this.memoSize =
      typeof memoSize === 'number' && Number.isFinite(memoSize) && memoSize >= 1
        ? Math.floor(memoSize)
        : DEFAULT_PRICE_MEMO_SIZE;

    const rejected: RejectedPriceTableEntry[] = [];
    const list: readonly unknown[] = Array.isArray(entries) ? entries : [];
    list.forEach((entry, index) => {
      const reason = this.add(entry);
      if (reason !== undefined) rejected.push({ index, reason });
    });
    this.rejectedEntries = rejected;
  }

  /** Number of distinct (provider, model id or alias) names the table answers to. */
  get size(): number {
    let size = 0;
    for (const names of this.byProvider.values()) size += names.size;
    return size;
  }

  /**
   * Finds the price for a model. Names are compared trimmed and lower-cased. Tried in order, the
   * first hit wins:
   *
   * 1. the provider's own entries: the exact id, then the id without a routing prefix
   *    (`openai/gpt-4o` → `gpt-4o`), then either without a snapshot date
   *    (`gpt-4o-2024-11-20` → `gpt-4o`), so a dated id reaches its family only when the table has
   *    no entry for that snapshot;
   * 2. the same names across all providers, each name resolving to the first provider in the
   *    table that lists it: this prices OpenAI-compatible hosts (`azure.ai.openai`), unknown
   *    providers and calls without a provider by model name.
   *
   * Suffixes other than a full date are never dropped: `gpt-4o-mini` is not `gpt-4o`, and
   * `gpt-4-0613` is not `gpt-4`. Returns `undefined` for an unknown or missing model. Results,
   * misses included, are memoized per (provider, model).
   */
  lookup(provider: string | undefined, model: string | undefined): PriceMatch | undefined {
    if (typeof model !== 'string') return undefined;
    const key = `${typeof provider === 'string' ? provider : ''}\u0000${model}`;
    const remembered = this.memo.get(key);
    if (remembered !== undefined) return remembered ?? undefined;

    const normalizedModel = normalizeName(model);
    if (normalizedModel === undefined) return undefined;
    const found = this.resolve(normalizeName(provider), normalizedModel) ?? null;

    if (this.memo.size >= this.memoSize) {
      // Map iterates in insertion order: the first key is the oldest.
      const oldest = this.memo.keys().next();
      if (oldest.done !== true) this.memo.delete(oldest.value);
    }
    this.memo.set(key, found);
    return found ?? undefined;
  }

  private resolve(provider: string | undefined, model: string): PriceMatch | undefined {
    const names = candidateModelNames(model);
    const own = provider === undefined ? undefined : this.byProvider.get(provider);
    if (own !== undefined) {
      for (const name of names) {
        const match = own.get(name);
        if (match !== undefined) return match;
      }
    }
    for (const name of names) {
      const owner = this.providerOfName.get(name);
      const match = owner === undefined ? undefined : this.byProvider.get(owner)?.get(name);
      if (match !== undefined) return match;
    }
    return undefined;
  }

  /** Adds one entry; returns why it was refused, or undefined. */
  private add(entry: unknown): string | undefined {
    if (typeof entry !== 'object' || entry === null) return 'not an object';
    const { provider: rawProvider, model: rawModel, aliases, price } = entry as Record<string, unknown>;
    const provider = normalizeName(rawProvider);
    if (provider === undefined) return 'provider is not a non-empty string';
    const model = normalizeName(rawModel);
    if (model === undefined) return 'model is not a non-empty string';
    const checkedPrice = readPrice(price);
    if (typeof checkedPrice === 'string') return checkedPrice;

    const match: PriceMatch = Object.freeze({ provider, model, price: checkedPrice });
    let names = this.byProvider.get(provider);
    if (names === undefined) {
      names = new Map();
      this.byProvider.set(provider, names);
    }
    const aliasList: readonly unknown[] = Array.isArray(aliases) ? aliases : [];
    const ownNames = [model];
    for (const alias of aliasList) {
      const name = normalizeName(alias);
      if (name !== undefined && !ownNames.includes(name)) ownNames.push(name);
    }
    // Replacing a model replaces its whole family: the names the replaced entry answered to
    // follow the new price, so an override of `gpt-4o` also prices `gpt-4o-2024-08-06`.
    const replaced = names.get(model);
    if (replaced !== undefined && replaced.model === model) {
      for (const [name, current] of names) {
        if (current === replaced) names.set(name, match);
      }
    }
    for (const name of ownNames) {
      names.set(name, match);
      if (!this.providerOfName.has(name)) this.providerOfName.set(name, provider);
    }
    return undefined;
  }
}

/** Checks a price and copies its known fields; returns the reason when one is bad. */
function readPrice(price: unknown): ModelPrice | string {
  if (typeof price !== 'object' || price === null) return 'price is not an object';
  const source = price as Record<string, unknown>;
  const input = readPerMillion(source['input']);
  if (input === undefined) return 'price.input is not a finite number >= 0';
  const output = readPerMillion(source['output']);
  if (output === undefined) return 'price.output is not a finite number >= 0';
  const checked: ModelPrice = { input, output };
  for (const field of OPTIONAL_PRICE_FIELDS) {
    if (source[field] === undefined) continue;
    const value = readPerMillion(source[field]);
    if (value === undefined) return `price.${field} is not a finite number >= 0`;
    checked[field] = value;
  }
  // Frozen: the same object is handed to every caller of lookup().
  return Object.freeze(checked);
}

function readPerMillion(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
