// Issue #6: model matching. Dated snapshots, -latest aliases, provider prefixes, fine-tuned ids,
// Azure, Bedrock and Vertex ids, case, provider mapping and the model-name fallback.
import { describe, it, expect } from 'vitest';
import { PriceTable, getBundledPriceTable, lookupPrice } from '../../src/pricing/index.js';

const bundled = getBundledPriceTable();

describe('model matching in the bundled table', () => {
  it('matches exact ids and dated snapshots of a family', () => {
    expect(bundled.lookup('openai', 'gpt-4o')).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    expect(bundled.lookup('openai', 'gpt-4o-2024-11-20')?.model).toBe('gpt-4o');
    expect(bundled.lookup('anthropic', 'claude-sonnet-4-20250514')?.model).toBe('claude-sonnet-4-0');
    expect(bundled.lookup('anthropic', 'claude-3-5-haiku-20241022')?.model).toBe('claude-3-5-haiku-latest');
    // A snapshot date the source does not list still reaches its family.
    expect(bundled.lookup('openai', 'gpt-4.1-mini-2030-01-01')?.model).toBe('gpt-4.1-mini');
  });

  it('never prices gpt-4o-mini as gpt-4o, nor an unknown variant as its family', () => {
    expect(bundled.lookup('openai', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    for (const model of ['gpt-4o-mini-turbo', 'gpt-4o2', 'gpt', 'gpt-4o-0613']) {
      expect(bundled.lookup('openai', model), model).toBeUndefined();
    }
  });

  it('resolves -latest aliases', () => {
    expect(bundled.lookup('anthropic', 'claude-3-5-sonnet-latest')?.model).toBe('claude-3-5-sonnet');
    expect(bundled.lookup('x_ai', 'grok-4-latest')?.model).toBe('grok-4-0709');
    expect(bundled.lookup('mistral_ai', 'mistral-large-latest')?.provider).toBe('mistral');
  });

  it('strips a routing prefix, but prices OpenRouter calls with OpenRouter prices', () => {
    expect(bundled.lookup(undefined, 'openai/gpt-4o')).toMatchObject({ provider: 'openai', model: 'gpt-4o' });
    expect(bundled.lookup('openai', 'openai/gpt-4o-mini')?.model).toBe('gpt-4o-mini');
    expect(bundled.lookup('openrouter', 'openai/gpt-4o')).toMatchObject({ provider: 'openrouter', model: 'openai/gpt-4o' });
  });

  it('prices fine-tuned ids as fine-tuned, with or without the base snapshot date', () => {
    for (const model of ['ft:gpt-4o-mini:acme::abc123', 'ft:gpt-4o-mini-2024-07-18:acme:exp:abc123']) {
      // The reviewed override, a dated entry since prompt caching started: the cached price too.
      expect(lookupPrice({ provider: 'openai', model }, bundled), model).toMatchObject({ model: 'ft:gpt-4o-mini', price: { input: 0.3, output: 1.2, cacheReadInput: 0.15 } });
    }
    expect(bundled.lookup('openai', 'ft:gpt-4.1-nano-2025-04-14:acme::x')).toMatchObject({ prices: { input: 0.2, output: 0.8 } });
    // A fine-tune of a base without a fine-tuned price is unknown, not priced as its base.
    expect(bundled.lookup('openai', 'ft:o3:acme::x')).toBeUndefined();
  });

  it('prices Bedrock ids, with and without a cross-region prefix, with Bedrock prices', () => {
    for (const model of ['anthropic.claude-sonnet-4-20250514-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0']) {
      expect(bundled.lookup('aws.bedrock', model), model).toMatchObject({ provider: 'aws', prices: { input: 3, output: 15 } });
    }
    // Not in the Bedrock list: falls back to the vendor's model id.
    expect(bundled.lookup('aws.bedrock', 'eu.anthropic.claude-3-5-haiku-20241022-v1:0')).toMatchObject({ prices: { input: 0.8, output: 4 } });
  });

  it('prices Vertex Claude ids written with @', () => {
    expect(bundled.lookup('gcp.vertex_ai', 'claude-sonnet-4@20250514')).toMatchObject({ provider: 'google', prices: { input: 3, output: 15 } });
    expect(bundled.lookup('gcp.vertex_ai', 'claude-opus-4-1@20250805')).toMatchObject({ prices: { input: 15, output: 75 } });
  });

  it('prices Azure deployments by the model the response names, falling back to OpenAI prices', () => {
    expect(bundled.lookup('azure.ai.openai', 'gpt-4o-2024-11-20')).toMatchObject({ model: 'gpt-4o', prices: { input: 2.5 } });
    expect(bundled.lookup('azure.ai.openai', 'o3-mini')).toMatchObject({ provider: 'azure' });
  });

  it('ignores case and surrounding whitespace in model and provider names', () => {
    expect(bundled.lookup('OpenAI', ' GPT-4o ')?.model).toBe('gpt-4o');
    expect(bundled.lookup('Anthropic', 'Claude-Sonnet-4-20250514')?.model).toBe('claude-sonnet-4-0');
  });

  it('maps every provider we detect to its own prices', () => {
    const cases: [string, string, string][] = [
      ['openai', 'gpt-4.1', 'openai'],
      ['anthropic', 'claude-haiku-4-5', 'anthropic'],
      ['aws.bedrock', 'amazon.nova-pro-v1:0', 'aws'],
      ['gcp.gemini', 'gemini-2.5-flash', 'google'],
      ['gcp.vertex_ai', 'gemini-2.5-pro', 'google'],
      ['groq', 'llama-3.1-8b-instant', 'groq'],
      ['deepseek', 'deepseek-chat', 'deepseek'],
      ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together'],
      ['fireworks', 'accounts/fireworks/models/llama-v3p1-8b-instruct', 'fireworks'],
      ['mistral_ai', 'mistral-small-latest', 'mistral'],
      ['openrouter', 'anthropic/claude-sonnet-4', 'openrouter'],
      ['x_ai', 'grok-3', 'x-ai'],
      ['perplexity', 'sonar-pro', 'perplexity'],
      ['azure.ai.openai', 'gpt-4o', 'openai'],
    ];
    for (const [provider, model, expected] of cases) {
      expect(bundled.lookup(provider, model)?.provider, `${provider} ${model}`).toBe(expected);
    }
  });

  it('falls back to the model name for local, unknown and missing providers', () => {
    for (const provider of ['ollama', 'vllm', 'some-gateway', undefined]) {
      expect(bundled.lookup(provider, 'gpt-4o-mini'), String(provider)).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    }
    expect(bundled.lookup(undefined, 'claude-sonnet-4-5')?.provider).toBe('anthropic');
    expect(bundled.lookup('ollama', 'llama3:8b')).toBeUndefined();
  });

  it('returns undefined for an unknown, missing, empty or absurdly long model', () => {
    for (const model of ['not-a-model', undefined, '', '   ', 'x'.repeat(300), 42 as unknown as string]) {
      expect(bundled.lookup('openai', model)).toBeUndefined();
    }
  });
});

describe('PriceTable', () => {
  it('checks your entries first, for their provider or for any, later entries winning', () => {
    const table = bundled.withEntries([
      { model: 'gpt-4o', price: { input: 1, output: 1 } },
      { provider: 'azure.ai.openai', model: 'gpt-4o', aliases: ['my-deployment'], price: { input: 2, output: 2 } },
      { model: 'gpt-4o', price: { input: 3, output: 3 } },
    ]);
    expect(table.lookup('openai', 'gpt-4o')).toMatchObject({ isCustom: true, prices: { input: 3 } });
    expect(table.lookup('openai', 'gpt-4o-2024-08-06')).toMatchObject({ isCustom: true, prices: { input: 3 } });
    expect(table.lookup('azure.ai.openai', 'MY-DEPLOYMENT')).toMatchObject({ provider: 'azure.ai.openai', prices: { input: 2 } });
    expect(table.lookup('openai', 'my-deployment')).toBeUndefined();
    expect(table.lookup('openai', 'gpt-4o-mini')).toMatchObject({ isCustom: false });
  });

  it('skips bad entries and says why, keeping the good ones', () => {
    const table = bundled.withEntries([
      { model: 'ok', price: { input: 1, output: 2 } },
      { model: '', price: { input: 1, output: 2 } },
      { model: 'neg', price: { input: -1, output: 2 } },
      { model: 'nan', price: { input: 1, output: Number.NaN } },
      { model: 'tier', price: { input: { base: 1, tiers: [{ start: 'x', price: 1 }] }, output: 1 } },
      'not an entry',
    ]);
    expect(table.lookup(undefined, 'ok')).toBeDefined();
    expect(table.rejectedEntries.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a malformed document whole, with the reason', () => {
    expect(PriceTable.create(null)).toBe('price data is not an object');
    expect(PriceTable.create({ version: 'v', providers: [{ id: 'a', models: [{ id: 'm', match: { regex: '(' }, prices: { input: 1, output: 1 } }] }] })).toMatch(
      /does not compile/,
    );
    expect(PriceTable.create({ version: 'v', providers: [{ id: 'a', models: [{ id: 'm', match: { equals: 'm' }, prices: { input: 1 } }] }] })).toMatch(
      /price.output/,
    );
  });

  it('remembers at most memoSize lookups, forgetting the oldest', () => {
    const table = PriceTable.create({ version: 'v', providers: [] }, [{ model: 'a', price: { input: 1, output: 1 } }], { memoSize: 2 });
    if (typeof table === 'string') throw new Error(table);
    for (let i = 0; i < 10; i++) table.lookup('x', `unknown-${i}`);
    expect((table as unknown as { memo: Map<string, unknown> }).memo.size).toBe(2);
    expect(table.lookup('x', 'a')).toBeDefined();
  });
});

describe('lookupPrice', () => {
  it('gives the price in force at a time, with the table version', () => {
    const now = lookupPrice({ provider: 'openai', model: 'o3-2025-04-16' });
    expect(now).toMatchObject({ provider: 'openai', model: 'o3', price: { input: 2, output: 8 }, isCustom: false });
    expect(now?.priceTable).toBe(getBundledPriceTable().version);
    expect(lookupPrice({ provider: 'openai', model: 'o3', at: Date.parse('2025-05-01') })?.price).toMatchObject({ input: 10, output: 40 });
    expect(lookupPrice({ model: 'nope' })).toBeUndefined();
    expect(lookupPrice(null as never)).toBeUndefined();
  });
});
