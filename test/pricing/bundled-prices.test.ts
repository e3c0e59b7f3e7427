import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { BUNDLED_PRICE_ENTRIES, BUNDLED_PRICES_AS_OF, getBundledPriceTable } from '../../src/pricing/index.js';

// The generating source lives next to the repository (../shared/pricing/); in a clone without it
// these checks are skipped, and the rest of the pricing tests still pin the bundled numbers.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceFile = fileURLToPath(new URL('../../../shared/pricing/genai-prices-v2-data.json', import.meta.url));
const hasSource = existsSync(sourceFile);

// Our provider names (OpenTelemetry gen_ai.provider.name) → genai-prices provider ids.
const SOURCE_PROVIDER: Record<string, string> = { openai: 'openai', anthropic: 'anthropic' };

type Clause =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: Clause[] }
  | { and: Clause[] };
type SourcePrice = number | { base: number; tiers: unknown[] };
type SourcePrices = Record<string, SourcePrice>;
interface SourceModel {
  id: string;
  match: Clause;
  prices: SourcePrices | { constraint?: { start_date?: string }; prices: SourcePrices }[];
}
interface SourceProvider {
  id: string;
  models: SourceModel[];
}

// An independent reading of the source's match rules: the first model whose clause accepts the id.
function matches(clause: Clause, id: string): boolean {
  if ('equals' in clause) return id === clause.equals.toLowerCase();
  if ('starts_with' in clause) return id.startsWith(clause.starts_with.toLowerCase());
  if ('ends_with' in clause) return id.endsWith(clause.ends_with.toLowerCase());
  if ('contains' in clause) return id.includes(clause.contains.toLowerCase());
  if ('regex' in clause) return new RegExp(clause.regex, 'i').test(id);
  if ('or' in clause) return clause.or.some((c) => matches(c, id));
  return clause.and.every((c) => matches(c, id));
}

// The flat price the bundled table should carry: for dated prices the one in force on the source
// date, for tiered prices the base tier (tiers and dates come with issue 6).
function currentPrices(model: SourceModel): SourcePrices {
  if (!Array.isArray(model.prices)) return model.prices;
  const inForce = model.prices.filter((p) => p.constraint?.start_date === undefined || p.constraint.start_date <= BUNDLED_PRICES_AS_OF);
  return (inForce.at(-1) ?? model.prices[0])!.prices;
}

function base(price: SourcePrice | undefined): number | undefined {
  return typeof price === 'object' ? price.base : price;
}

describe.skipIf(!hasSource)('bundled prices against the genai-prices source', () => {
  const providers = hasSource ? (JSON.parse(readFileSync(sourceFile, 'utf8')) as SourceProvider[]) : [];
  const findModel = (provider: string, id: string): SourceModel | undefined =>
    providers.find((p) => p.id === SOURCE_PROVIDER[provider])?.models.find((m) => matches(m.match, id));

  it('bundles the models the foundation issue names', () => {
    const models = BUNDLED_PRICE_ENTRIES.map((e) => e.model);
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3', 'o4-mini', 'gpt-5', 'text-embedding-3-small', 'claude-sonnet-4', 'claude-opus-4', 'claude-3-5-haiku', 'claude-haiku-4-5', 'claude-sonnet-4-5']) {
      expect(models).toContain(model);
    }
  });

  it.each(BUNDLED_PRICE_ENTRIES.map((entry) => [`${entry.provider}/${entry.model}`, entry] as const))(
    'carries the source price of %s',
    (_name, entry) => {
      const source = findModel(entry.provider, entry.model);
      expect(source, `no source model matches ${entry.model}`).toBeDefined();
      const prices = currentPrices(source!);
      expect(entry.price.input).toBe(base(prices['input_mtok']));
      expect(entry.price.output).toBe(base(prices['output_mtok']) ?? 0);
      expect(entry.price.cacheReadInput).toBe(base(prices['cache_read_mtok']));
      expect(entry.price.cacheWrite5mInput).toBe(base(prices['cache_write_5m_mtok'] ?? prices['cache_write_mtok']));
      expect(entry.price.cacheWrite1hInput).toBe(base(prices['cache_write_1h_mtok']));
      // Every alias is a name the source resolves to the same model.
      for (const alias of entry.aliases ?? []) expect(findModel(entry.provider, alias), alias).toBe(source);
      // And the table answers to the model, with the entry's own price.
      expect(getBundledPriceTable().lookup(entry.provider, entry.model)?.price).toEqual(entry.price);
    },
  );

  it('is what scripts/generate-prices.mjs generates from the source today', () => {
    // --check exits 1 (and execFileSync throws) when the file differs from a fresh generation.
    expect(() =>
      execFileSync(process.execPath, ['scripts/generate-prices.mjs', '--check'], { cwd: repoRoot, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
