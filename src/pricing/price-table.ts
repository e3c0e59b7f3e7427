import { compileClause, type ModelMatcher } from './match-clause.js';
import { candidateModelNames, normalizeName } from './model-name.js';
import type { DatedPrice, ModelPrice, PriceData, ServiceTierPrice, TokenPrice } from './price-data.js';
import { tableProvidersFor } from './provider-names.js';

/**
 * A price of your own (`init({ prices })`, a prices file): it is checked before the table, for its
 * provider only, or for every provider when `provider` is absent. Its model id and aliases are
 * matched exactly (case-insensitive), also as the dated, prefixed or `-latest` forms of them.
 */
export interface PriceTableEntry {
  /** A `gen_ai.provider.name` (`openai`, `azure.ai.openai`, ...) or a table provider id; absent: any. */
  provider?: string;
  /** The model id: `gpt-4o`, `my-fine-tune`. */
  model: string;
  /** Other ids with the same price. */
  aliases?: readonly string[];
  price: ModelPrice;
}

/** The result of a successful lookup. */
export interface PriceMatch {
  /** The table provider whose price applies (`openai`, `aws`, ...), or the entry's own provider. */
  provider: string;
  /** The canonical model id of the matched entry. */
  model: string;
  /** One price, or dated prices; `priceAt()` picks the one in force. */
  prices: ModelPrice | readonly DatedPrice[];
  /** True when the price came from `init({ prices })`, a prices file or another entry of yours. */
  isCustom: boolean;
  /**
   * True when the call's provider is known but has no price for the model, and the price is
   * another provider's for the same model name (a DeepSeek model served by Together priced at
   * DeepSeek's price): calls are then recorded as `other_provider_price`, never plain `priced`.
   */
  isOtherProvider: boolean;
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
}

/** Default for {@link PriceTableOptions.memoSize}. */
export const DEFAULT_PRICE_MEMO_SIZE = 1000;

interface CompiledModel {
  matcher: ModelMatcher;
  match: PriceMatch;
}

interface CompiledProvider {
  id: string;
  modelMatch?: ModelMatcher;
  fallbacks: readonly string[];
  models: readonly CompiledModel[];
  /** Every name a model lists exactly (its id, its `equals` clauses): found before any rule. */
  exact: ReadonlyMap<string, PriceMatch>;
}

interface CompiledEntry {
  providers: ReadonlySet<string> | undefined;
  names: ReadonlySet<string>;
  match: PriceMatch;
}

/**
 * Model prices with name matching: a price table document (the bundled one, a prices file, a
 * refreshed table) plus entries of your own, checked first. Build it with {@link PriceTable.create},
 * which validates the document; `lookup` is pure, synchronous, memoized and never throws.
 */
export class PriceTable {
  /** The document's version, recorded on spans as `infraprism.cost.price_table`. */
  readonly version: string;
  /** Entries the table skipped: missing names, or prices that are not finite numbers >= 0. */
  readonly rejectedEntries: readonly RejectedPriceTableEntry[];

  private readonly providers: ReadonlyMap<string, CompiledProvider>;
  private readonly providerOrder: readonly CompiledProvider[];
  private readonly entries: readonly CompiledEntry[];
  private readonly memo = new Map<string, PriceMatch | null>();
  private readonly memoSize: number;

  private constructor(
    version: string,
    providers: readonly CompiledProvider[],
    entries: readonly CompiledEntry[],
    rejected: readonly RejectedPriceTableEntry[],
    options: PriceTableOptions,
  ) {
    this.version = version;
    this.providerOrder = providers;
    this.providers = new Map(providers.map((p) => [p.id, p]));
    this.entries = entries;
    this.rejectedEntries = rejected;
    const memoSize = options.memoSize;
    this.memoSize =
      typeof memoSize === 'number' && Number.isFinite(memoSize) && memoSize >= 1
        ? Math.floor(memoSize)
        : DEFAULT_PRICE_MEMO_SIZE;
  }

  /**
   * Builds a table from a price document and entries of your own. Returns the reason instead when
   * the document is malformed (a refreshed table is then refused whole); bad entries are skipped
   * and listed in `rejectedEntries`.
   */
  static create(
    data: unknown,
    entries: readonly unknown[] = [],
    options: PriceTableOptions = {},
  ): PriceTable | string {
    const compiled = compileData(data);
    if (typeof compiled === 'string') return compiled;
    const { accepted, rejected } = compileEntries(entries);
    return new PriceTable(compiled.version, compiled.providers, accepted, rejected, options);
  }

  /** A table with the same document and different entries of your own (e.g. after `init`). */
  withEntries(entries: readonly unknown[], version?: string): PriceTable {
    const { accepted, rejected } = compileEntries(entries);
    return new PriceTable(version ?? this.version, this.providerOrder, accepted, rejected, { memoSize: this.memoSize });
  }

  /** Number of models in the document plus entries of your own. */
  get size(): number {
    let size = this.entries.length;
    for (const provider of this.providerOrder) size += provider.models.length;
    return size;
  }

  /**
   * Finds the price for a model. Names are compared trimmed and lower-cased. Tried in order, the
   * first hit wins, for each name of `candidateModelNames(model)` (the id as given, then its
   * native, undated and un-aliased forms):
   *
   * 1. your entries for this provider or for any provider;
   * 2. the table providers of the call's provider (see `provider-names.ts`), then the providers
   *    they fall back to (Azure → OpenAI, Anthropic): the first model whose match rule accepts it;
   * 3. by the model name alone, for unknown, local or missing providers and for models the
   *    provider's own list lacks: the providers whose model rule (`gpt-`, `claude`, `gemini`, ...)
   *    accepts the name, then OpenRouter's exact `vendor/model` ids.
   *
   * Returns `undefined` for an unknown or missing model. Results, misses included, are memoized
   * per (provider, model).
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
    const tableIds = tableProvidersFor(provider);
    const entryKeys = provider === undefined ? [] : [provider, ...tableIds];

    for (const name of names) {
      for (const entry of this.entries) {
        const forProvider = entry.providers === undefined || entryKeys.some((k) => entry.providers?.has(k));
        if (forProvider && entry.names.has(name)) return entry.match;
      }
    }

    // The call's own providers and their fallbacks, each once, in order.
    const own: CompiledProvider[] = [];
    const addProvider = (id: string): void => {
      const found = this.providers.get(id);
      if (found === undefined || own.includes(found)) return;
      own.push(found);
      for (const fallback of found.fallbacks) addProvider(fallback);
    };
    const direct = provider === undefined ? undefined : this.providers.get(provider);
    if (direct !== undefined) addProvider(direct.id);
    for (const id of tableIds) addProvider(id);

    for (const name of names) {
      for (const candidate of own) {
        const match = findModel(candidate, name);
        if (match !== undefined) return match;
      }
    }
    // By name alone: the provider's own price when the call has no (known) provider, another
    // provider's when it has one, which the match then says.
    const isBorrowed = provider !== undefined;
    for (const name of names) {
      for (const candidate of this.providerOrder) {
        if (candidate.modelMatch === undefined || !candidate.modelMatch(name)) continue;
        const match = findModel(candidate, name);
        if (match !== undefined) return isBorrowed ? borrowed(match) : match;
      }
    }
    const openrouter = this.providers.get('openrouter');
    const routed = openrouter === undefined ? undefined : findModel(openrouter, model);
    return routed !== undefined && isBorrowed ? borrowed(routed) : routed;
  }
}

/**
 * A provider's model for a name: one that lists the name exactly first, then the first whose rule
 * accepts it, so a family's prefix rule never prices a model listed by its own name.
 */
function findModel(provider: CompiledProvider, name: string): PriceMatch | undefined {
  const exact = provider.exact.get(name);
  if (exact !== undefined) return exact;
  for (const model of provider.models) if (model.matcher(name)) return model.match;
  return undefined;
}

function borrowed(match: PriceMatch): PriceMatch {
  return Object.freeze({ ...match, isOtherProvider: true });
}

/** The names a match clause lists exactly: `equals`, also inside `or`; lower-cased. */
function exactNames(clause: unknown): string[] {
  if (!isRecord(clause)) return [];
  if (typeof clause['equals'] === 'string') return [clause['equals'].toLowerCase()];
  if (Array.isArray(clause['or'])) return (clause['or'] as unknown[]).flatMap(exactNames);
  return [];
}

/**
 * The price in force at `at` (epoch ms): for dated prices the last whose start date (UTC midnight)
 * has passed and whose daily UTC hours, if any, contain the time; the first when none applies.
 */
export function priceAt(prices: ModelPrice | readonly DatedPrice[], at: number): ModelPrice {
  if (!Array.isArray(prices)) return prices as ModelPrice;
  const list = prices as readonly DatedPrice[];
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i] as DatedPrice;
    if (item.from !== undefined && at < Date.parse(`${item.from}T00:00:00Z`)) continue;
    if (item.hours !== undefined && !isWithinHours(item.hours, at)) continue;
    return item.price;
  }
  return (list[0] as DatedPrice).price;
}

function isWithinHours([start, end]: readonly [string, string], at: number): boolean {
  const secondsOfDay = (at / 1000) % 86400;
  const from = readSecondsOfDay(start);
  const to = readSecondsOfDay(end);
  if (from === undefined || to === undefined) return false;
  return to < from ? secondsOfDay >= from || secondsOfDay < to : secondsOfDay >= from && secondsOfDay < to;
}

function readSecondsOfDay(time: string): number | undefined {
  const match = /^(\d\d):(\d\d):(\d\d)Z$/.exec(time);
  if (match === null) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

// --- validation --------------------------------------------------------------------------------

const TOKEN_PRICE_FIELDS = [
  'input',
  'output',
  'cacheReadInput',
  'cacheWrite5mInput',
  'cacheWrite1hInput',
  'audioInput',
  'audioOutput',
  'cacheReadAudioInput',
  'imageInput',
  'imageOutput',
  'cacheReadImageInput',
] as const;
const COUNT_PRICE_FIELDS = ['webSearchesPerThousand', 'requestsPerThousand'] as const;
const TIER_VARIANTS = ['flex', 'priority', 'batch'] as const;
const TIER_FIELDS = ['input', 'output', 'cacheReadInput', 'cacheWrite5mInput', 'cacheWrite1hInput'] as const;
const MAX_TIERS = 16;

function compileData(data: unknown): { version: string; providers: CompiledProvider[] } | string {
  if (!isRecord(data)) return 'price data is not an object';
  const version = data['version'];
  if (typeof version !== 'string' || version.length === 0 || version.length > 200) return 'price data has no version';
  const providers = data['providers'];
  if (!Array.isArray(providers)) return 'price data has no providers list';
  const compiled: CompiledProvider[] = [];
  for (const provider of providers as unknown[]) {
    if (!isRecord(provider)) return 'a provider is not an object';
    const id = normalizeName(provider['id']);
    if (id === undefined) return 'a provider has no id';
    const fallbacks = Array.isArray(provider['fallbacks'])
      ? (provider['fallbacks'] as unknown[]).map(normalizeName).filter((f): f is string => f !== undefined)
      : [];
    const models = provider['models'];
    if (!Array.isArray(models)) return `provider ${id} has no models list`;
    const compiledModels: CompiledModel[] = [];
    const listed: [unknown, PriceMatch][] = [];
    for (const model of models as unknown[]) {
      if (!isRecord(model)) return `a model of ${id} is not an object`;
      const modelId = model['id'];
      if (typeof modelId !== 'string' || modelId.length === 0) return `a model of ${id} has no id`;
      const matcher = compileClause(model['match'] ?? { equals: modelId });
      if (typeof matcher === 'string') return `${id}/${modelId}: ${matcher}`;
      const prices = readPrices(model['prices']);
      if (typeof prices === 'string') return `${id}/${modelId}: ${prices}`;
      const match: PriceMatch = Object.freeze({ provider: id, model: modelId, prices, isCustom: false, isOtherProvider: false });
      compiledModels.push({ matcher, match });
      listed.push([model['match'], match]);
    }
    // A model's own id first, then the names other models list: the id names the model that
    // carries it even when an earlier model also lists it.
    const exact = new Map<string, PriceMatch>();
    for (const [, match] of listed) if (!exact.has(match.model.toLowerCase())) exact.set(match.model.toLowerCase(), match);
    for (const [clause, match] of listed) for (const name of exactNames(clause)) if (!exact.has(name)) exact.set(name, match);
    const entry: CompiledProvider = { id, fallbacks, models: compiledModels, exact };
    if (provider['modelMatch'] !== undefined) {
      const modelMatch = compileClause(provider['modelMatch']);
      if (typeof modelMatch === 'string') return `provider ${id}: ${modelMatch}`;
      entry.modelMatch = modelMatch;
    }
    compiled.push(entry);
  }
  return { version, providers: compiled };
}

function compileEntries(entries: readonly unknown[]): { accepted: CompiledEntry[]; rejected: RejectedPriceTableEntry[] } {
  const accepted: CompiledEntry[] = [];
  const rejected: RejectedPriceTableEntry[] = [];
  const list: readonly unknown[] = Array.isArray(entries) ? entries : [];
  list.forEach((entry, index) => {
    const compiled = compileEntry(entry);
    if (typeof compiled === 'string') rejected.push({ index, reason: compiled });
    else accepted.push(compiled);
  });
  // Later entries win: checked first.
  return { accepted: accepted.reverse(), rejected };
}

function compileEntry(entry: unknown): CompiledEntry | string {
  if (!isRecord(entry)) return 'not an object';
  let providers: Set<string> | undefined;
  if (entry['provider'] !== undefined) {
    const provider = normalizeName(entry['provider']);
    if (provider === undefined) return 'provider is not a non-empty string';
    providers = new Set([provider, ...tableProvidersFor(provider)]);
  }
  const model = normalizeName(entry['model']);
  if (model === undefined) return 'model is not a non-empty string';
  const names = new Set([model]);
  const aliases = entry['aliases'];
  if (aliases !== undefined) {
    if (!Array.isArray(aliases)) return 'aliases is not a list';
    for (const alias of aliases as unknown[]) {
      const name = normalizeName(alias);
      if (name === undefined) return 'an alias is not a non-empty string';
      names.add(name);
    }
  }
  const price = readPrice(entry['price']);
  if (typeof price === 'string') return price;
  const match: PriceMatch = Object.freeze({
    provider: providers === undefined ? '*' : ([...providers][0] as string),
    model,
    prices: price,
    isCustom: true,
    isOtherProvider: false,
  });
  return { providers, names, match };
}

function readPrices(prices: unknown): ModelPrice | readonly DatedPrice[] | string {
  if (!Array.isArray(prices)) return readPrice(prices);
  if (prices.length === 0) return 'empty dated price list';
  const list: DatedPrice[] = [];
  for (const item of prices as unknown[]) {
    if (!isRecord(item)) return 'a dated price is not an object';
    const price = readPrice(item['price']);
    if (typeof price === 'string') return price;
    const dated: { -readonly [K in keyof DatedPrice]: DatedPrice[K] } = { price };
    const from = item['from'];
    if (from !== undefined) {
      if (typeof from !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(from) || Number.isNaN(Date.parse(from))) return 'bad "from" date';
      dated.from = from;
    }
    const hours = item['hours'];
    if (hours !== undefined) {
      if (!Array.isArray(hours) || hours.length !== 2 || !hours.every((h) => typeof h === 'string' && readSecondsOfDay(h) !== undefined)) {
        return 'bad "hours" window';
      }
      dated.hours = [hours[0] as string, hours[1] as string];
    }
    list.push(Object.freeze(dated));
  }
  return Object.freeze(list);
}

/** Checks a price and copies its known fields; returns the reason when one is bad. */
function readPrice(price: unknown): ModelPrice | string {
  if (!isRecord(price)) return 'price is not an object';
  const input = readTokenPrice(price['input']);
  if (input === undefined) return 'price.input is not a price >= 0';
  const output = readTokenPrice(price['output']);
  if (output === undefined) return 'price.output is not a price >= 0';
  const checked: Record<string, unknown> = { input, output };
  for (const field of TOKEN_PRICE_FIELDS) {
    if (field === 'input' || field === 'output' || price[field] === undefined) continue;
    const value = readTokenPrice(price[field]);
    if (value === undefined) return `price.${field} is not a price >= 0`;
    checked[field] = value;
  }
  for (const field of COUNT_PRICE_FIELDS) {
    if (price[field] === undefined) continue;
    const value = readNumber(price[field]);
    if (value === undefined) return `price.${field} is not a finite number >= 0`;
    checked[field] = value;
  }
  for (const variant of TIER_VARIANTS) {
    const source = price[variant];
    if (source === undefined) continue;
    if (!isRecord(source)) return `price.${variant} is not an object`;
    const tier: ServiceTierPrice = {};
    for (const field of TIER_FIELDS) {
      if (source[field] === undefined) continue;
      const value = readTokenPrice(source[field]);
      if (value === undefined) return `price.${variant}.${field} is not a price >= 0`;
      tier[field] = value;
    }
    checked[variant] = Object.freeze(tier);
  }
  // Frozen: the same object is handed to every caller of lookup().
  return Object.freeze(checked) as unknown as ModelPrice;
}

function readTokenPrice(value: unknown): TokenPrice | undefined {
  const flat = readNumber(value);
  if (flat !== undefined) return flat;
  if (!isRecord(value)) return undefined;
  const base = readNumber(value['base']);
  const tiers = value['tiers'];
  if (base === undefined || !Array.isArray(tiers) || tiers.length > MAX_TIERS) return undefined;
  const checked: { start: number; price: number }[] = [];
  for (const tier of tiers as unknown[]) {
    if (!isRecord(tier)) return undefined;
    const start = readNumber(tier['start']);
    const tierPrice = readNumber(tier['price']);
    if (start === undefined || tierPrice === undefined) return undefined;
    checked.push({ start, price: tierPrice });
  }
  checked.sort((a, b) => a.start - b.start);
  return Object.freeze({ base, tiers: Object.freeze(checked) });
}

function readNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
