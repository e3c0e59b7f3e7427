// Every cost status says how far the cost can be trusted: a price of the call's own provider
// (`priced`), the standard price for a tier the table lacks (`estimated`), another provider's price
// (`other_provider_price`), and usage it could not read (`unrecognized_usage`, never `no_usage`).
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PriceTable, calculateCost, lookupPrice, type PriceData } from '../../src/pricing/index.js';

const warnings: string[] = [];
beforeAll(() => {
  const collect = (...args: unknown[]): void => void warnings.push(args.join(' '));
  diag.setLogger({ error: collect, warn: collect, info: () => {}, debug: () => {}, verbose: () => {} }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterAll(() => diag.disable());
afterEach(() => void (warnings.length = 0));

function tableOf(providers: PriceData['providers']): PriceTable {
  const table = PriceTable.create({ version: 'test-table', providers });
  if (typeof table === 'string') throw new Error(table);
  return table;
}

const MILLION = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

describe('calculateCost with the providers\' own usage objects', () => {
  // gpt-4o: $2.50 input, $1.25 cached, $10 output per 1M; claude-sonnet-4: $3 input, $0.30 cache
  // read, $3.75 5-minute write, $15 output.
  it('reads an OpenAI Chat Completions usage as the SDK returns it', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 300, total_tokens: 1300, prompt_tokens_details: { cached_tokens: 800 } };
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage })).toMatchObject({ status: 'priced', usd: 0.0045 });
  });

  it('reads a Responses API usage, whose input includes cached tokens', () => {
    const usage = { input_tokens: 1000, output_tokens: 300, total_tokens: 1300, input_tokens_details: { cached_tokens: 800 }, output_tokens_details: { reasoning_tokens: 0 } };
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage })).toMatchObject({ status: 'priced', usd: 0.0045 });
  });

  it('reads an Anthropic usage, whose input excludes cache reads and writes', () => {
    // 100 × 3 + 1000 × 0.3 + 200 × 3.75 + 500 × 15 = 300 + 300 + 750 + 7500 per 1M
    const usage = { input_tokens: 100, output_tokens: 500, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 };
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage })).toMatchObject({ status: 'priced', usd: 0.00885 });
  });

  it('tells an Anthropic usage without cache fields from a Responses one by the provider', () => {
    const usage = { input_tokens: 100, output_tokens: 500 };
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage }).usd).toBe(0.0078);
  });

  it('reads Google usageMetadata: tool-use prompt tokens are input, thoughts are output', () => {
    const table = tableOf([{ id: 'google', models: [{ id: 'g', prices: { input: 1, output: 10, cacheReadInput: 0.1 } }] }]);
    const usage = { promptTokenCount: 1000, cachedContentTokenCount: 400, candidatesTokenCount: 100, thoughtsTokenCount: 50, toolUsePromptTokenCount: 200, totalTokenCount: 1350 };
    // (1200 − 400) × 1 + 400 × 0.1 + (100 + 50) × 10 = 800 + 40 + 1500 per 1M
    expect(calculateCost({ provider: 'gcp.gemini', model: 'g', usage }, table)).toMatchObject({ status: 'priced', usd: 0.00234 });
  });

  it('answers unrecognized_usage, with one diag warning naming only the keys, for usage in no shape it reads', () => {
    const usage = { tokens_in: 'canary-secret-value', tokens_out: 3 };
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).status).toBe('unrecognized_usage');
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).status).toBe('unrecognized_usage');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('tokens_in,tokens_out');
    expect(warnings[0]).not.toContain('canary-secret-value');
  });

  it('keeps no_usage for calls without a usage object', () => {
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o' }).status).toBe('no_usage');
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage: undefined }).status).toBe('no_usage');
    expect(warnings).toEqual([]);
  });
});

describe('service tiers', () => {
  const table = tableOf([
    {
      id: 'openai',
      models: [
        {
          id: 'dated',
          prices: [
            { price: { input: 10, output: 40, flex: { input: 5, output: 20 } } },
            {
              from: '2026-01-01',
              price: {
                input: { base: 2, tiers: [{ start: 1000, price: 4 }] },
                output: 8,
                cacheWrite5mInput: 2.5,
                flex: { input: { base: 1, tiers: [{ start: 1000, price: 2 }] }, output: 4, cacheWrite5mInput: 1.25 },
              },
            },
          ],
        },
        { id: 'standard-only', prices: { input: 2, output: 8 } },
      ],
    },
  ]);
  const at = Date.parse('2026-06-01T00:00:00Z');

  it('prices flex on a model with dated prices at the flex price in force, long-context tier and cache writes included', () => {
    // 2000 input (over the 1000 tier) of which 1000 written: 1000 × 2 + 1000 × 1.25 + 1M × 4
    const usage = { inputTokens: 2000, outputTokens: 1_000_000, cacheWrite5mInputTokens: 1000 };
    expect(calculateCost({ provider: 'openai', model: 'dated', usage, serviceTier: 'flex', at }, table)).toMatchObject({ status: 'priced', usd: 4.00325 });
    expect(calculateCost({ provider: 'openai', model: 'dated', usage: MILLION, serviceTier: 'flex', at: Date.parse('2025-06-01') }, table).usd).toBe(25);
  });

  it('says estimated, at the standard price, for a tier the table has no price for', () => {
    expect(calculateCost({ provider: 'openai', model: 'standard-only', usage: MILLION, serviceTier: 'priority', at }, table)).toMatchObject({ status: 'estimated', usd: 10 });
    expect(calculateCost({ provider: 'openai', model: 'standard-only', usage: MILLION, isBatch: true, at }, table)).toMatchObject({ status: 'estimated', usd: 10 });
    // Anthropic reports Message Batches results with service_tier "batch".
    expect(calculateCost({ provider: 'openai', model: 'standard-only', usage: MILLION, serviceTier: 'batch', at }, table)).toMatchObject({ status: 'estimated', usd: 10 });
  });

  it('bills default, auto and scale tiers at the standard price as priced', () => {
    for (const serviceTier of ['default', 'auto', 'scale', undefined]) {
      expect(calculateCost({ provider: 'openai', model: 'standard-only', usage: MILLION, serviceTier, at }, table)).toMatchObject({ status: 'priced', usd: 10 });
    }
  });
});

describe('prices of another provider', () => {
  const table = tableOf([
    { id: 'deepseek', modelMatch: { starts_with: 'deepseek' }, models: [{ id: 'deepseek-chat', prices: { input: 0.28, output: 0.42 } }] },
    { id: 'together', models: [{ id: 'other', prices: { input: 1, output: 1 } }] },
    { id: 'azure', fallbacks: ['openai'], models: [] },
    { id: 'openai', modelMatch: { starts_with: 'gpt-' }, models: [{ id: 'gpt-x', prices: { input: 1, output: 2 } }] },
  ]);

  it('says other_provider_price when the call\'s provider has no price and another provider\'s is used', () => {
    const result = calculateCost({ provider: 'together_ai', model: 'deepseek-chat', usage: MILLION }, table);
    expect(result).toMatchObject({ status: 'other_provider_price', usd: 0.7, match: { provider: 'deepseek', isOtherProvider: true } });
    expect(lookupPrice({ provider: 'together_ai', model: 'deepseek-chat' }, table)).toMatchObject({ provider: 'deepseek', isOtherProvider: true });
  });

  it('keeps priced for the provider\'s own price, a declared fallback (Azure serves OpenAI\'s models), and calls without a provider', () => {
    expect(calculateCost({ provider: 'deepseek', model: 'deepseek-chat', usage: MILLION }, table).status).toBe('priced');
    expect(calculateCost({ provider: 'azure.ai.openai', model: 'gpt-x', usage: MILLION }, table).status).toBe('priced');
    expect(calculateCost({ model: 'gpt-x', usage: MILLION }, table).status).toBe('priced');
  });

  it('prices a DeepSeek model served by Together in the bundled table as other_provider_price, never plain priced', () => {
    const result = calculateCost({ provider: 'together_ai', model: 'deepseek-chat', usage: MILLION });
    expect(result.status).toBe('other_provider_price');
    expect(result.match?.provider).toBe('deepseek');
  });
});

describe('exact names before rules', () => {
  it('never prices a model listed by its own name with an earlier family rule', () => {
    const table = tableOf([
      {
        id: 'anthropic',
        models: [
          { id: 'family', match: { starts_with: 'claude-opus-5' }, prices: { input: 5, output: 25 } },
          { id: 'claude-opus-5-5', prices: { input: 4, output: 20 } },
        ],
      },
    ]);
    expect(calculateCost({ provider: 'anthropic', model: 'claude-opus-5-5', usage: MILLION }, table)).toMatchObject({ usd: 24, match: { model: 'claude-opus-5-5' } });
    expect(calculateCost({ provider: 'anthropic', model: 'claude-opus-5-1', usage: MILLION }, table).match?.model).toBe('family');
  });
});
