// The bundled table is what the generator makes of its sources, and carries their prices. A sample
// of the sources' models (every provider we bundle, >= 50 models) is checked against an
// independent reading of the sources' match rules and prices: where the vendored data file and the
// npm package's data both list a model, the newest dated price list (on a tie, the package's).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { BUNDLED_PRICES_AS_OF, BUNDLED_PRICES_VERSION, calculateCost, getBundledPriceTable, lookupPrice } from '../../src/pricing/index.js';

// The sources are in the repository (scripts/price-sources/, the pinned @pydantic/genai-prices).
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceFile = `${repoRoot}scripts/price-sources/genai-prices-v2-data.json`;
const { findProvider } = createRequire(import.meta.url)('@pydantic/genai-prices') as {
  findProvider(options: { providerId: string }): SourceProvider | undefined;
};

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

function latestStartDate(model: SourceModel): string {
  if (!Array.isArray(model.prices)) return '';
  return model.prices.reduce((latest, p) => {
    const date = (p.constraint as { start_date?: string } | undefined)?.start_date;
    return date !== undefined && date > latest ? date : latest;
  }, '');
}

/** The provider's models as the table should price them: both sources, the newest list winning. */
function mergedModels(fileProvider: SourceProvider | undefined, packageProvider: SourceProvider | undefined): SourceModel[] {
  const byId = new Map<string, SourceModel>();
  for (const model of fileProvider?.models ?? []) byId.set(model.id, model);
  for (const model of packageProvider?.models ?? []) {
    const other = byId.get(model.id);
    if (other === undefined || latestStartDate(model) >= latestStartDate(other)) byId.set(model.id, model);
  }
  return [...byId.values()];
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

describe('bundled prices against the genai-prices sources', () => {
  const source = JSON.parse(readFileSync(sourceFile, 'utf8')) as SourceProvider[];
  const overrides = JSON.parse(readFileSync(`${repoRoot}scripts/price-overrides.json`, 'utf8')) as { overrides: { provider: string; model: string }[] };
  const overridden = new Set(overrides.overrides.map((o) => `${o.provider}/${o.model}`));

  // Every 9th model of each bundled provider (openrouter: every 40th) that a name resolves to in the
  // source: a deterministic sample. Overridden models are checked by the override tests instead.
  const sample: [string, string, SourceModel][] = [];
  for (const provider of BUNDLED) {
    const models = mergedModels(source.find((p) => p.id === provider), findProvider({ providerId: provider }));
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

  it('has every model either source lists, each priced as itself, never by a sibling\'s rule', () => {
    const table = getBundledPriceTable();
    const wrong: string[] = [];
    let count = 0;
    for (const provider of BUNDLED) {
      for (const model of mergedModels(source.find((p) => p.id === provider), findProvider({ providerId: provider }))) {
        count++;
        const found = table.lookup(provider, model.id);
        if (found?.model !== model.id || found.provider !== provider) wrong.push(`${provider}/${model.id} -> ${found?.provider}/${found?.model}`);
      }
    }
    expect(count).toBeGreaterThan(1100);
    expect(wrong).toEqual([]);
  });

  it('prices models only the npm package lists, and their dated snapshots, at their own prices', () => {
    const at = Date.parse('2026-10-01T00:00:00Z');
    expect(lookupPrice({ provider: 'openai', model: 'gpt-6-sol', at })?.price).toMatchObject({ input: { base: 2 }, output: { base: 10 }, cacheWrite5mInput: { base: 2.5 } });
    for (const model of ['claude-opus-5-5', 'claude-opus-5-5-20261101']) {
      expect(lookupPrice({ provider: 'anthropic', model, at }), model).toMatchObject({ model: 'claude-opus-5-5', price: { input: 4, output: 20 } });
    }
  });

  it('prices models only LiteLLM lists at LiteLLM\'s prices, without changing any genai-prices model', () => {
    const litellm = JSON.parse(readFileSync(`${repoRoot}scripts/price-sources/litellm-model-prices.json`, 'utf8')) as Record<string, Record<string, number>>;
    const record = litellm['gpt-5-search-api']!;
    expect(lookupPrice({ provider: 'openai', model: 'gpt-5-search-api' })).toMatchObject({
      model: 'gpt-5-search-api',
      price: { input: record['input_cost_per_token']! * 1e6, output: record['output_cost_per_token']! * 1e6 },
    });
    // A name a genai-prices rule accepts keeps that model, even where LiteLLM has an entry of its own.
    expect(lookupPrice({ provider: 'openai', model: 'gpt-4o-2024-08-06' })?.model).toBe('gpt-4o');
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

describe('the bundled table\'s overrides and service tiers', () => {
  const million = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

  it('keeps the source\'s earlier prices before an override\'s date (DeepSeek, 2025-09-05)', () => {
    // The source's peak-hours price (00:30-16:30 UTC) before the override, one price at all hours after.
    expect(calculateCost({ provider: 'deepseek', model: 'deepseek-chat', usage: million, at: Date.parse('2025-08-01T12:00:00Z') }).usd).toBe(1.37);
    for (const time of ['2025-10-01T12:00:00Z', '2025-10-01T20:00:00Z']) {
      expect(calculateCost({ provider: 'deepseek', model: 'deepseek-chat', usage: million, at: Date.parse(time) }).usd).toBe(0.7);
    }
  });

  it('prices flex and priority on models with dated prices, at the dated price in force', () => {
    // o3 since 2025-06-10: $2 / $8; flex half, priority 1.75x (LiteLLM's ratios).
    const at = Date.parse('2026-10-01T00:00:00Z');
    expect(calculateCost({ provider: 'openai', model: 'o3', usage: million, serviceTier: 'flex', at })).toMatchObject({ status: 'priced', usd: 5 });
    expect(calculateCost({ provider: 'openai', model: 'o3', usage: million, serviceTier: 'priority', at })).toMatchObject({ status: 'priced', usd: 17.5 });
    expect(calculateCost({ provider: 'openai', model: 'o3', usage: million, isBatch: true, at }).status).toBe('estimated');
  });

  it('prices flex on a long-context gpt-5.6-terra call at the flex long-context tier, cache writes included', () => {
    // Since 2026-07-30, over 272K input: $4 input, $5 write, $18 output; flex halves each.
    const usage = { inputTokens: 400_000, outputTokens: 100_000, cacheWrite5mInputTokens: 100_000 };
    const at = Date.parse('2026-10-01T00:00:00Z');
    // 300000 × 2 + 100000 × 2.5 + 100000 × 9 per 1M
    expect(calculateCost({ provider: 'openai', model: 'gpt-5.6-terra', usage, serviceTier: 'flex', at })).toMatchObject({ status: 'priced', usd: 1.75 });
    expect(calculateCost({ provider: 'openai', model: 'gpt-5.6-terra', usage, at }).usd).toBe(3.5);
  });

  it('--report says what each source contributed and where the sources disagree', () => {
    const output = execFileSync(process.execPath, ['scripts/generate-prices.mjs', '--check', '--report'], { cwd: repoRoot, stdio: 'pipe' }).toString();
    expect(output).toMatch(/^source: openai\/gpt-6-sol only in @pydantic\/genai-prices@0\.1\.8$/m);
    expect(output).toMatch(/^conflict: anthropic\/claude-sonnet-5: took scripts\/price-sources\/genai-prices-v2-data\.json \(latest change 2026-09-01/m);
    expect(output).toMatch(/^order: anthropic\/claude-opus-5-5 moved before a rule that accepts its name$/m);
    expect(output).toMatch(/^source: openai\/gpt-5-search-api only in LiteLLM$/m);
  });
});
