import { describe, it, expect } from 'vitest';
import {
  PriceTable,
  calculateCost,
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  type TokenUsage,
} from '../../src/pricing/index.js';

// Issue 3 (foundation) and issue 6 pin these worked examples; prices per 1M tokens from the
// bundled table: gpt-4o $2.50 in / $1.25 cached / $10 out; o3 $2 in / $8 out;
// claude-sonnet-4 $3 in / $0.30 cache read / $3.75 5-minute write / $6 1-hour write / $15 out.
describe('calculateCost worked examples', () => {
  it('prices gpt-4o with 150 input and 500 output tokens at $0.005375', () => {
    // 150 × 2.5 + 500 × 10 = 375 + 5000 = 5375 per 1M → $0.005375
    const usage = normalizeOpenAIChatUsage({ prompt_tokens: 150, completion_tokens: 500, total_tokens: 650 });
    const result = calculateCost({ provider: 'openai', model: 'gpt-4o', usage });
    expect(result).toEqual({
      status: 'priced',
      usd: 0.005375,
      match: { provider: 'openai', model: 'gpt-4o', price: { input: 2.5, output: 10, cacheReadInput: 1.25 } },
    });
  });

  it('prices cached prompt tokens of gpt-4o at the cache-read price: 1000 prompt, 800 cached, 300 output → $0.0045', () => {
    // (1000 − 800) × 2.5 + 800 × 1.25 + 300 × 10 = 500 + 1000 + 3000 = 4500 per 1M → $0.0045
    const usage = normalizeOpenAIChatUsage({
      prompt_tokens: 1000,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 800 },
    });
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).usd).toBe(0.0045);
  });

  it('prices o3 reasoning tokens as output: 100 input, 1000 output of which 800 reasoning → $0.0082', () => {
    // 100 × 2 + 1000 × 8 = 200 + 8000 = 8200 per 1M → $0.0082 (reasoning is inside the 1000)
    const usage = normalizeOpenAIChatUsage({
      prompt_tokens: 100,
      completion_tokens: 1000,
      completion_tokens_details: { reasoning_tokens: 800 },
    });
    expect(usage?.reasoningOutputTokens).toBe(800);
    expect(calculateCost({ provider: 'openai', model: 'o3', usage }).usd).toBe(0.0082);
  });

  it('prices claude-sonnet-4 with a 5-minute cache write at $0.00849', () => {
    // Anthropic's input_tokens (1000) excludes cache reads and writes, so input = 2000:
    // 1000 × 3 + 800 × 0.3 + 200 × 3.75 + 300 × 15 = 3000 + 240 + 750 + 4500 = 8490 per 1M → $0.00849
    const usage = normalizeAnthropicUsage({
      input_tokens: 1000,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 200,
      cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 0 },
      output_tokens: 300,
    });
    expect(usage?.inputTokens).toBe(2000);
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4', usage }).usd).toBe(0.00849);
  });

  it('prices claude-sonnet-4 with the same write at 1 hour at $0.00894', () => {
    // 1000 × 3 + 800 × 0.3 + 200 × 6 + 300 × 15 = 3000 + 240 + 1200 + 4500 = 8940 per 1M → $0.00894
    const usage = normalizeAnthropicUsage({
      input_tokens: 1000,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 200,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 200 },
      output_tokens: 300,
    });
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4', usage }).usd).toBe(0.00894);
  });

  it('prices an Anthropic cache write without a TTL breakdown as a 5-minute write', () => {
    // Same as the 5-minute example, from usage of an API version without `cache_creation`: $0.00849
    const usage = normalizeAnthropicUsage({
      input_tokens: 1000,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 200,
      output_tokens: 300,
    });
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4', usage }).usd).toBe(0.00849);
  });

  it('prices a dated snapshot of claude-sonnet-4 like the family', () => {
    // 1000 × 3 + 500 × 15 = 3000 + 7500 = 10500 per 1M → $0.0105
    const usage = normalizeAnthropicUsage({ input_tokens: 1000, output_tokens: 500 });
    const result = calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage });
    expect(result.status).toBe('priced');
    expect(result.usd).toBe(0.0105);
    expect(result.match?.model).toBe('claude-sonnet-4');
  });

  it('prices gpt-4o-mini at its own price, not gpt-4o', () => {
    // 150 × 0.15 + 500 × 0.6 = 22.5 + 300 = 322.5 per 1M → $0.0003225 (gpt-4o would be $0.005375)
    const usage: TokenUsage = { inputTokens: 150, outputTokens: 500 };
    const result = calculateCost({ provider: 'openai', model: 'gpt-4o-mini', usage });
    expect(result.usd).toBe(0.0003225);
    expect(result.match?.model).toBe('gpt-4o-mini');
  });

  it('prices an embedding call by its input alone', () => {
    // 1,000,000 × 0.02 = $0.02 per 1M → $0.02
    const usage = normalizeOpenAIChatUsage({ prompt_tokens: 1_000_000, total_tokens: 1_000_000 });
    expect(calculateCost({ provider: 'openai', model: 'text-embedding-3-small', usage }).usd).toBe(0.02);
  });
});

describe('calculateCost statuses', () => {
  const usage: TokenUsage = { inputTokens: 10, outputTokens: 10 };

  it('reports unknown_model without a usd amount for a model the table does not know', () => {
    const result = calculateCost({ provider: 'openai', model: 'gpt-99-turbo', usage });
    expect(result).toEqual({ status: 'unknown_model' });
    expect('usd' in result).toBe(false);
  });

  it('reports unknown_model when the call names no model', () => {
    expect(calculateCost({ provider: 'openai', usage })).toEqual({ status: 'unknown_model' });
    expect(calculateCost({ provider: 'openai', model: '   ', usage })).toEqual({ status: 'unknown_model' });
  });

  it('reports no_usage when there is no usage, and keeps the match it found', () => {
    const result = calculateCost({ provider: 'openai', model: 'gpt-4o' });
    expect(result.status).toBe('no_usage');
    expect(result.usd).toBeUndefined();
    expect(result.match?.model).toBe('gpt-4o');
  });

  it('reports no_usage before unknown_model: without token counts the model does not matter', () => {
    expect(calculateCost({ model: 'gpt-99-turbo' })).toEqual({ status: 'no_usage' });
  });

  it('reports no_usage for usage without a usable input or output count', () => {
    const garbage = [null, 'lots', 42, {}, { inputTokens: 'ten', outputTokens: Number.NaN }, { inputTokens: -1 }];
    for (const bad of garbage) {
      expect(calculateCost({ model: 'gpt-4o', usage: bad as unknown as TokenUsage }).status).toBe('no_usage');
    }
  });

  it('never throws on input that is not an object', () => {
    for (const bad of [undefined, null, 'gpt-4o', 7, []]) {
      expect(calculateCost(bad as never)).toEqual({ status: 'no_usage' });
    }
  });

  it('prices zero tokens at $0 when the model is known', () => {
    expect(calculateCost({ model: 'gpt-4o', usage: { inputTokens: 0, outputTokens: 0 } })).toMatchObject({
      status: 'priced',
      usd: 0,
    });
  });
});

describe('calculateCost price fallbacks', () => {
  const table = new PriceTable([
    { provider: 'acme', model: 'flat', price: { input: 2, output: 4 } },
    { provider: 'acme', model: 'one-write-price', price: { input: 2, output: 4, cacheWrite5mInput: 3 } },
  ]);

  it('bills cache reads and writes at the input price when the model has no cache prices', () => {
    // OpenAI-style: writes cost ordinary input. 1000 × 2 + 10 × 4 = 2040 per 1M → $0.00204
    const usage: TokenUsage = {
      inputTokens: 1000,
      outputTokens: 10,
      cacheReadInputTokens: 300,
      cacheWrite5mInputTokens: 200,
      cacheWrite1hInputTokens: 100,
    };
    expect(calculateCost({ provider: 'acme', model: 'flat', usage }, table).usd).toBe(0.00204);
  });

  it('bills 1-hour writes at the 5-minute price when the model has a single write price', () => {
    // (1000 − 100) × 2 + 100 × 3 + 10 × 4 = 1800 + 300 + 40 = 2140 per 1M → $0.00214
    const usage: TokenUsage = { inputTokens: 1000, outputTokens: 10, cacheWrite1hInputTokens: 100 };
    expect(calculateCost({ provider: 'acme', model: 'one-write-price', usage }, table).usd).toBe(0.00214);
  });

  it('clamps cache parts that exceed the input total instead of pricing negative tokens', () => {
    // 100 input of which "300" cached: the 100 are all cache reads at 1.25 → 125 per 1M → $0.000125
    const usage: TokenUsage = { inputTokens: 100, outputTokens: 0, cacheReadInputTokens: 300, cacheWrite5mInputTokens: 50 };
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).usd).toBe(0.000125);
  });

  it('rounds to 1e-10 USD so float sums compare equal to the decimal amount', () => {
    // 1 × 0.1 + 1 × 0.2 = 0.30000000000000004 in floats, 0.3 per 1M → $0.0000003 after rounding
    const tenths = new PriceTable([{ provider: 'acme', model: 'tenths', price: { input: 0.1, output: 0.2 } }]);
    expect(calculateCost({ model: 'tenths', usage: { inputTokens: 1, outputTokens: 1 } }, tenths).usd).toBe(0.0000003);
  });
});
