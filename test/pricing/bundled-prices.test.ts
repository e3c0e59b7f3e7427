// Issue #6: the bundled table is what the generator makes of its sources, and carries the
// source's prices. A sample of the source's models (every provider we bundle, >= 50 models) is
// checked against an independent reading of the source's match rules and prices.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { BUNDLED_PRICES_AS_OF, BUNDLED_PRICES_VERSION, getBundledPriceTable, lookupPrice } from '../../src/pricing/index.js';

// The generating sources live next to the repository (../shared/pricing/); in a clone without them
// these checks are skipped, and the rest of the pricing tests still pin the bundled numbers.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceFile = fileURLToPath(new URL('../../../shared/pricing/genai-prices-v2-data.json', import.meta.url));
const hasSource = existsSync(sourceFile);

// Every provider the table bundles (genai-prices ids).
const BUNDLED = ['openai', 'anthropic', 'google', 'mistral', 'x-ai', 'deepseek', 'perplexity', 'groq', 'together', 'fireworks', 'aws', 'azure', 'openrouter'];
// Source price keys -> ours.
const FIELDS: Record<string, string> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cacheReadInput',
  cache_write_mtok: 'cacheWrite5mInput',
  cache_write_1h_mtok: 'cacheWrite1hInput',
  input_audio_mtok: 'audioInput',
  output_audio_mtok: 'audioOutput',
  input_image_mtok: 'imageInput',
  output_image_mtok: 'imageOutput',
  web_searches_kcount: 'webSearchesPerThousand',
  requests_kcount: 'requestsPerThousand',
};

type Clause =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: Clause[] }
  | { and: Clause[] };
type SourcePrices = Record<string, unknown>;
interface SourceModel {
  id: string;
  match: Clause;
  prices: SourcePrices | { constraint?: { start_date?: string; start_time?: string }; prices: SourcePrices }[];
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
  if ('regex' in clause) return new RegExp(clause.regex).test(id);
  if ('or' in clause) return clause.or.some((c) => matches(c, id));
  return clause.and.every((c) => matches(c, id));
}

// A name the clause accepts: its first literal (equals, starts_with, contains, ends_with).
function exampleName(clause: Clause): string | undefined {
  if ('equals' in clause) return clause.equals.toLowerCase();
  if ('starts_with' in clause) return clause.starts_with.toLowerCase();
  if ('contains' in clause) return clause.contains.toLowerCase();
  if ('ends_with' in clause) return clause.ends_with.toLowerCase();
  if ('or' in clause) {
    for (const part of clause.or) {
      const name = exampleName(part);
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

// The price set in force on the source date (time-of-day windows aside).
function pricesOnSourceDate(model: SourceModel): SourcePrices {
  if (!Array.isArray(model.prices)) return model.prices;
  const inForce = model.prices.filter(
    (p) => p.constraint?.start_time === undefined && (p.constraint?.start_date === undefined || p.constraint.start_date <= BUNDLED_PRICES_AS_OF),
  );
  return (inForce.at(-1) ?? model.prices[0])!.prices;
}

// Anthropic models whose source lacks a 1-hour write price get 2× input (Anthropic's rule).
function expectedPrice(provider: string, prices: SourcePrices): Record<string, unknown> {
  const expected: Record<string, unknown> = { input: 0, output: 0 };
  for (const [key, value] of Object.entries(prices)) if (FIELDS[key] !== undefined) expected[FIELDS[key]] = value;
  if (provider === 'anthropic' && expected['cacheWrite1hInput'] === undefined && typeof expected['input'] === 'number' && expected['cacheWrite5mInput'] !== undefined) {
    expected['cacheWrite1hInput'] = (expected['input'] as number) * 2;
  }
  return expected;
}

describe.skipIf(!hasSource)('bundled prices against the genai-prices source', () => {
  const source = hasSource ? (JSON.parse(readFileSync(sourceFile, 'utf8')) as SourceProvider[]) : [];
  const overrides = JSON.parse(readFileSync(`${repoRoot}scripts/price-overrides.json`, 'utf8')) as { overrides: { provider: string; model: string }[] };
  const overridden = new Set(overrides.overrides.map((o) => `${o.provider}/${o.model}`));

  // Every 9th model of each bundled provider (openrouter: every 40th) that a name resolves to in the
  // source: a deterministic sample. Overridden models are checked by the override tests instead.
  const sample: [string, string, SourceModel][] = [];
  for (const provider of BUNDLED) {
    const models = source.find((p) => p.id === provider)?.models ?? [];
    const step = provider === 'openrouter' ? 40 : 9;
    const eligible = models
      .filter((model) => !overridden.has(`${provider}/${model.id}`))
      .map((model) => [model, exampleName(model.match)] as const)
      .filter(([model, name]) => name !== undefined && models.find((m) => matches(m.match, name)) === model);
    eligible.forEach(([model, name], i) => {
      if (i % step === 0) sample.push([provider, name!, model]);
    });
  }

  it('samples at least 50 models across every bundled provider', () => {
    expect(sample.length).toBeGreaterThanOrEqual(50);
    expect(new Set(sample.map(([provider]) => provider)).size).toBe(BUNDLED.length);
  });

  it.each(sample)('carries the source price of %s %s', (provider, name, model) => {
    const found = lookupPrice({ provider, model: name, at: Date.parse(`${BUNDLED_PRICES_AS_OF}T12:00:00Z`) }, getBundledPriceTable());
    expect(found?.model).toBe(model.id);
    expect(found?.provider).toBe(provider);
    expect(found?.price).toMatchObject(expectedPrice(provider, pricesOnSourceDate(model)));
  });

  it('is what scripts/generate-prices.mjs generates from its sources today', () => {
    // --check exits 1 (and execFileSync throws) when the file differs from a fresh generation.
    const output = execFileSync(process.execPath, ['scripts/generate-prices.mjs', '--check'], { cwd: repoRoot, stdio: 'pipe' }).toString();
    expect(output).toContain(`up to date`);
    expect(output).toContain(BUNDLED_PRICES_VERSION);
  });
});

describe('the bundled table', () => {
  it('names its source and date in its version', () => {
    expect(BUNDLED_PRICES_VERSION).toMatch(new RegExp(`^genai-prices@${BUNDLED_PRICES_AS_OF}\\+[0-9a-f]{8}$`));
    expect(getBundledPriceTable().version).toBe(BUNDLED_PRICES_VERSION);
    expect(getBundledPriceTable().size).toBeGreaterThan(1000);
  });
});
