// Issue #6: prices of your own, from init({ prices }) and from the file INFRAPRISM_PRICES_FILE
// names; init's option wins over the file, both win over the bundled table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calculateCost, configurePrices, getActivePriceTable, getBundledPriceTable, lookupPrice, resetPriceTable } from '../../src/pricing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'infraprism-prices-'));
const warnings: string[] = [];
const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

beforeAll(() => {
  const collect = (...args: unknown[]): void => void warnings.push(args.join(' '));
  diag.setLogger({ error: collect, warn: collect, info: () => {}, debug: () => {}, verbose: () => {} }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterAll(() => {
  diag.disable();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  resetPriceTable();
  warnings.length = 0;
});

function writePricesFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('init({ prices })', () => {
  it('adds a model the table does not know and replaces one it does, by model or as a list', () => {
    configurePrices({ prices: { 'my-fine-tune': { input: 1, output: 2 }, 'gpt-4o': { input: 3, output: 4 } } }, {});
    expect(calculateCost({ provider: 'openai', model: 'my-fine-tune', usage })).toMatchObject({ usd: 3, match: { isCustom: true } });
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o-2024-08-06', usage }).usd).toBe(7);
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).priceTable).toBe(`${getBundledPriceTable().version}+custom`);
    // Other models keep the bundled prices.
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o-mini', usage }).usd).toBe(0.75);

    configurePrices({ prices: [{ provider: 'azure.ai.openai', model: 'gpt-4o', price: { input: 5, output: 5 } }] }, {});
    expect(lookupPrice({ provider: 'azure.ai.openai', model: 'gpt-4o' })?.price).toMatchObject({ input: 5 });
    expect(lookupPrice({ provider: 'openai', model: 'gpt-4o' })?.price).toMatchObject({ input: 2.5 });
  });

  it('throws a TypeError naming the bad entries (an explicit init argument)', () => {
    expect(() => configurePrices({ prices: { broken: { input: -1, output: 1 } } }, {})).toThrow(/#0: price.input/);
    expect(() => configurePrices({ prices: 'gpt-4o' as never }, {})).toThrow(TypeError);
  });

  it('leaves the bundled table unloaded until the first lookup', () => {
    configurePrices({ prices: { 'lazy-model': { input: 1, output: 1 } } }, {});
    // The active table is built on first use; configuring never builds it.
    const state = (globalThis as Record<symbol, { active?: unknown }>)[Symbol.for('infraprism.price-state')];
    expect(state?.active).toBeUndefined();
    expect(getActivePriceTable().lookup(undefined, 'lazy-model')).toBeDefined();
  });
});

describe('INFRAPRISM_PRICES_FILE', () => {
  it('adds the file entries, which init({ prices }) overrides', () => {
    const file = writePricesFile('prices.json', [
      { model: 'from-file', price: { input: 1, output: 1 } },
      { model: 'both', price: { input: 1, output: 1 } },
    ]);
    configurePrices({ prices: { both: { input: 9, output: 9 } } }, { INFRAPRISM_PRICES_FILE: file });
    expect(calculateCost({ model: 'from-file', usage }).usd).toBe(2);
    expect(calculateCost({ model: 'both', usage }).usd).toBe(18);
  });

  it.each([
    ['a missing file', join(dir, 'nope.json'), /cannot read it \(ENOENT\)/],
    ['a file that is not JSON', 'not-json', /not valid JSON/],
    ['a file of the wrong shape', 'number', /neither a list/],
  ])('warns and carries on without it for %s', (_name, which, reason) => {
    const file = which === 'not-json' ? writePricesFile('bad.json', '{') : which === 'number' ? writePricesFile('n.json', 7) : which;
    expect(() => configurePrices({}, { INFRAPRISM_PRICES_FILE: file })).not.toThrow();
    expect(warnings.join('\n')).toMatch(reason);
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).usd).toBe(12.5);
  });

  it('skips bad entries of the file with a warning and keeps the good ones', () => {
    const file = writePricesFile('mixed.json', { good: { input: 1, output: 1 }, bad: { input: 'x', output: 1 } });
    configurePrices({}, { INFRAPRISM_PRICES_FILE: file });
    expect(warnings.join('\n')).toMatch(/skipped 1 entries \(#1: price.input/);
    expect(calculateCost({ model: 'good', usage }).usd).toBe(2);
    expect(calculateCost({ model: 'bad', usage }).status).toBe('unknown_model');
  });
});
