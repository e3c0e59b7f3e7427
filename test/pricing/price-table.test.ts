import { describe, it, expect } from 'vitest';
import { PriceTable, getBundledPriceTable, type PriceTableEntry } from '../../src/pricing/index.js';

const bundled = getBundledPriceTable();

describe('model matching in the bundled table', () => {
  it('matches the exact model id', () => {
    expect(bundled.lookup('openai', 'gpt-4o')).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    expect(bundled.lookup('anthropic', 'claude-haiku-4-5')).toMatchObject({ model: 'claude-haiku-4-5' });
  });

  it('never prices gpt-4o-mini as gpt-4o, nor gpt-4o as gpt-4o-mini', () => {
    expect(bundled.lookup('openai', 'gpt-4o-mini')?.model).toBe('gpt-4o-mini');
    expect(bundled.lookup('openai', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(bundled.lookup('openai', 'gpt-4o')?.model).toBe('gpt-4o');
    expect(bundled.lookup('openai', 'gpt-4o-mini')?.price.input).not.toBe(bundled.lookup('openai', 'gpt-4o')?.price.input);
  });

  it('does not match a family by prefix: unknown variants stay unknown', () => {
    for (const model of ['gpt-4o-mini-turbo', 'gpt-4', 'gpt-4o2', 'o3-pro', 'claude-sonnet-4-7', 'gpt']) {
      expect(bundled.lookup('openai', model)).toBeUndefined();
    }
  });

  it('prices a dated snapshot as its undated family', () => {
    expect(bundled.lookup('openai', 'gpt-4.1-mini-2030-01-01')?.model).toBe('gpt-4.1-mini');
    expect(bundled.lookup('anthropic', 'claude-sonnet-4-20250514')?.model).toBe('claude-sonnet-4');
    expect(bundled.lookup('anthropic', 'claude-3-5-haiku-20241022')?.model).toBe('claude-3-5-haiku');
  });

  it('never drops four-digit snapshot suffixes, which OpenAI priced separately', () => {
    expect(bundled.lookup('openai', 'gpt-4o-0613')).toBeUndefined();
  });

  it('answers to the aliases the source lists', () => {
    expect(bundled.lookup('openai', 'gpt-4o-2024-11-20')?.model).toBe('gpt-4o');
    expect(bundled.lookup('anthropic', 'claude-3-7-sonnet-latest')?.model).toBe('claude-3-7-sonnet');
    expect(bundled.lookup('anthropic', 'claude-sonnet-4-0')?.model).toBe('claude-sonnet-4');
  });

  it('strips a provider prefix such as openai/gpt-4o', () => {
    expect(bundled.lookup(undefined, 'openai/gpt-4o')?.model).toBe('gpt-4o');
    expect(bundled.lookup('openai', 'openai/gpt-4o-mini')?.model).toBe('gpt-4o-mini');
    expect(bundled.lookup(undefined, 'anthropic/claude-sonnet-4-20250514')?.model).toBe('claude-sonnet-4');
  });

  it('ignores case and surrounding whitespace in model and provider names', () => {
    expect(bundled.lookup('OpenAI', ' GPT-4o ')?.model).toBe('gpt-4o');
    expect(bundled.lookup('Anthropic', 'Claude-Sonnet-4-20250514')?.model).toBe('claude-sonnet-4');
  });

  it('falls back to the model name for OpenAI-compatible hosts, unknown providers and no provider', () => {
    for (const provider of ['azure.ai.openai', 'some-gateway', undefined]) {
      expect(bundled.lookup(provider, 'gpt-4o')).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    }
    expect(bundled.lookup('aws.bedrock', 'claude-sonnet-4')).toMatchObject({ provider: 'anthropic' });
  });

  it('returns undefined for an unknown, missing, empty or absurdly long model', () => {
    for (const model of ['not-a-model', undefined, '', '   ', 'x'.repeat(300), 42 as unknown as string]) {
      expect(bundled.lookup('openai', model)).toBeUndefined();
    }
  });

  it('labels the bundled table with its source date', () => {
    expect(bundled.version).toMatch(/^genai-prices@\d{4}-\d{2}-\d{2}$/);
    expect(bundled.rejectedEntries).toEqual([]);
  });
});

describe('PriceTable', () => {
  const price = { input: 1, output: 2 };

  it('prefers the provider’s own entry over another provider’s with the same model id', () => {
    const table = new PriceTable([
      { provider: 'openai', model: 'gpt-4o', price: { input: 2.5, output: 10 } },
      { provider: 'azure.ai.openai', model: 'gpt-4o', price: { input: 2.75, output: 11 } },
    ]);
    expect(table.lookup('azure.ai.openai', 'gpt-4o')?.price.input).toBe(2.75);
    expect(table.lookup('openai', 'gpt-4o')?.price.input).toBe(2.5);
    // Without an entry of its own, a provider gets the first provider's price.
    expect(table.lookup('some-gateway', 'gpt-4o')?.provider).toBe('openai');
  });

  it('prefers an exact snapshot entry to the undated family', () => {
    const table = new PriceTable([
      { provider: 'openai', model: 'gpt-4o', price: { input: 2.5, output: 10 } },
      { provider: 'openai', model: 'gpt-4o-2024-05-13', price: { input: 5, output: 15 } },
    ]);
    expect(table.lookup('openai', 'gpt-4o-2024-05-13')?.price.input).toBe(5);
    expect(table.lookup('openai', 'gpt-4o-2024-08-06')?.price.input).toBe(2.5);
  });

  it('prefers the provider’s own undated family to another provider’s exact snapshot', () => {
    const table = new PriceTable([
      { provider: 'openai', model: 'gpt-4o-2024-05-13', price: { input: 5, output: 15 } },
      { provider: 'azure.ai.openai', model: 'gpt-4o', price: { input: 2.75, output: 11 } },
    ]);
    expect(table.lookup('azure.ai.openai', 'gpt-4o-2024-05-13')?.price.input).toBe(2.75);
  });

  it('lets a later entry replace an earlier one, aliases included', () => {
    const table = new PriceTable([
      { provider: 'openai', model: 'gpt-4o', aliases: ['gpt-4o-2024-08-06'], price: { input: 2.5, output: 10 } },
      { provider: 'openai', model: 'GPT-4o', price: { input: 3, output: 12 } },
    ]);
    expect(table.lookup('openai', 'gpt-4o')?.price.input).toBe(3);
    expect(table.lookup('openai', 'gpt-4o-2024-08-06')?.price.input).toBe(3);
  });

  it('skips invalid entries, says why, and keeps the valid ones', () => {
    const entries = [
      { provider: 'acme', model: 'good', price },
      null,
      { provider: '', model: 'no-provider', price },
      { provider: 'acme', model: 7, price },
      { provider: 'acme', model: 'no-price' },
      { provider: 'acme', model: 'negative', price: { input: -1, output: 2 } },
      { provider: 'acme', model: 'nan-cache', price: { input: 1, output: 2, cacheReadInput: Number.NaN } },
      { provider: 'acme', model: 'string-output', price: { input: 1, output: '2' } },
    ] as unknown as PriceTableEntry[];
    const table = new PriceTable(entries);
    expect(table.rejectedEntries.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(table.rejectedEntries[4]?.reason).toMatch(/price\.input/);
    expect(table.lookup('acme', 'good')?.price).toEqual(price);
    expect(table.lookup('acme', 'negative')).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('does not throw when given something other than an array', () => {
    expect(new PriceTable(null as unknown as PriceTableEntry[]).size).toBe(0);
  });

  it('hands out frozen prices, so one caller cannot change another’s cost', () => {
    const match = bundled.lookup('openai', 'gpt-4o');
    expect(Object.isFrozen(match)).toBe(true);
    expect(Object.isFrozen(match?.price)).toBe(true);
  });

  it('returns the same match for repeated lookups, misses included', () => {
    const table = new PriceTable([{ provider: 'acme', model: 'm', price }]);
    expect(table.lookup('acme', 'M-2025-01-01')).toBe(table.lookup('acme', 'M-2025-01-01'));
    expect(table.lookup('acme', 'nope')).toBeUndefined();
    expect(table.lookup('acme', 'nope')).toBeUndefined();
  });

  it('bounds its memo, forgetting the oldest lookups first', () => {
    const table = new PriceTable([{ provider: 'acme', model: 'm', price }], { memoSize: 3 });
    // The memo is private; its size is what this test pins.
    const memo = (table as unknown as { memo: Map<string, unknown> }).memo;
    for (let i = 0; i < 100; i++) table.lookup('acme', `unknown-${i}`);
    expect(memo.size).toBe(3);
    expect([...memo.keys()]).toEqual(['acme\u0000unknown-97', 'acme\u0000unknown-98', 'acme\u0000unknown-99']);
    expect(table.lookup('acme', 'm')?.model).toBe('m');
  });

  it('falls back to the default memo size for a bad option', () => {
    const table = new PriceTable([], { memoSize: Number.NaN });
    const memo = (table as unknown as { memo: Map<string, unknown> }).memo;
    for (let i = 0; i < 1500; i++) table.lookup(undefined, `unknown-${i}`);
    expect(memo.size).toBe(1000);
  });
});
