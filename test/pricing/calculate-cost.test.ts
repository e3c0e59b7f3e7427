// Issue #6: the calculator. Worked examples of the issue, and every price kind the table carries:
// cache reads and writes by TTL, audio and image tokens, web searches and per-request prices,
// long-context tiers, dated prices, OpenAI service tiers and Batch.
import { describe, it, expect } from 'vitest';
import {
  PriceTable,
  calculateCost,
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
  type PriceData,
  type PriceTableEntry,
  type TokenUsage,
} from '../../src/pricing/index.js';

/** A table with only the given entries (no bundled data). */
function tableOf(entries: PriceTableEntry[], providers: PriceData['providers'] = []): PriceTable {
  const table = PriceTable.create({ version: 'test-table', providers }, entries);
  if (typeof table === 'string') throw new Error(table);
  return table;
}

// Prices per 1M tokens from the bundled table: gpt-4o $2.50 in / $1.25 cached / $10 out; o3 $2 in /
// $8 out (since 2025-06-10); claude-sonnet-4 $3 in / $0.30 cache read / $3.75 5-minute write /
// $6 1-hour write / $15 out.
describe('calculateCost worked examples (issue 6)', () => {
  it('prices gpt-4o with 150 input and 500 output tokens at $0.005375', () => {
    // 150 × 2.5 + 500 × 10 = 375 + 5000 = 5375 per 1M → $0.005375
    const usage = normalizeOpenAIChatUsage({ prompt_tokens: 150, completion_tokens: 500, total_tokens: 650 });
    const result = calculateCost({ provider: 'openai', model: 'gpt-4o', usage });
    expect(result).toMatchObject({ status: 'priced', usd: 0.005375, match: { provider: 'openai', model: 'gpt-4o' } });
    expect(result.priceTable).toMatch(/^genai-prices@\d{4}-\d\d-\d\d\+[0-9a-f]{8}$/);
  });

  it('prices cached prompt tokens of gpt-4o at the cache-read price: 1000 prompt, 800 cached, 300 output → $0.0045', () => {
    // (1000 − 800) × 2.5 + 800 × 1.25 + 300 × 10 = 500 + 1000 + 3000 = 4500 per 1M → $0.0045
    const usage = normalizeOpenAIChatUsage({ prompt_tokens: 1000, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 800 } });
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).usd).toBe(0.0045);
  });

  it('prices o3 reasoning tokens as output: 100 input, 1000 output of which 800 reasoning → $0.0082', () => {
    // 100 × 2 + 1000 × 8 = 200 + 8000 = 8200 per 1M → $0.0082 (reasoning is inside the 1000)
    const usage = normalizeOpenAIChatUsage({ prompt_tokens: 100, completion_tokens: 1000, completion_tokens_details: { reasoning_tokens: 800 } });
    expect(calculateCost({ provider: 'openai', model: 'o3', usage }).usd).toBe(0.0082);
  });

  it('prices claude-sonnet-4 with Anthropic usage and a 5-minute cache write at $0.00849', () => {
    // 1000 × 3 + 800 × 0.3 + 200 × 3.75 + 300 × 15 = 3000 + 240 + 750 + 4500 = 8490 per 1M
    const usage = normalizeAnthropicUsage({
      input_tokens: 1000,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 200,
      cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 0 },
      output_tokens: 300,
    });
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4', usage }).usd).toBe(0.00849);
  });

  it('prices the same call with the 200 written at 1 hour at $0.00894', () => {
    // 1000 × 3 + 800 × 0.3 + 200 × 6 + 300 × 15 = 3000 + 240 + 1200 + 4500 = 8940 per 1M
    const usage = normalizeAnthropicUsage({
      input_tokens: 1000,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 200,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 200 },
      output_tokens: 300,
    });
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4', usage }).usd).toBe(0.00894);
  });

  it('prices dated and provider-specific spellings of the same model alike', () => {
    const usage: TokenUsage = { inputTokens: 150, outputTokens: 500 };
    for (const [provider, model] of [
      ['openai', 'gpt-4o-2024-11-20'],
      ['openai', 'openai/gpt-4o'],
      [undefined, 'GPT-4o'],
      ['azure.ai.openai', 'gpt-4o-2024-08-06'],
    ] as const) {
      expect(calculateCost({ provider, model, usage }).usd, `${provider}/${model}`).toBe(0.005375);
    }
  });
});

describe('calculateCost price kinds', () => {
  it('prices the first gpt-4o snapshot at its own $5/$15 (reviewed override)', () => {
    // 150 × 5 + 500 × 15 = 750 + 7500 = 8250 per 1M
    const usage: TokenUsage = { inputTokens: 150, outputTokens: 500 };
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o-2024-05-13', usage }).usd).toBe(0.00825);
  });

  it('prices audio tokens of gpt-audio at the audio prices and the rest as text', () => {
    // gpt-audio: $2.50 text in, $32 audio in, $10 text out, $64 audio out.
    // (1000 − 400) × 2.5 + 400 × 32 + (500 − 300) × 10 + 300 × 64 = 1500 + 12800 + 2000 + 19200 = 35500
    const usage = normalizeOpenAIChatUsage({
      prompt_tokens: 1000,
      completion_tokens: 500,
      prompt_tokens_details: { audio_tokens: 400 },
      completion_tokens_details: { audio_tokens: 300 },
    });
    expect(calculateCost({ provider: 'openai', model: 'gpt-audio', usage }).usd).toBe(0.0355);
  });

  it('prices gpt-image-1 image input tokens at the image price (Images API usage)', () => {
    // gpt-image-1: $5 text in, $10 image in, $40 out. 50 × 5 + 1000 × 10 + 4000 × 40 = 250 + 10000 + 160000
    const usage = normalizeOpenAIResponsesUsage({
      input_tokens: 1050,
      output_tokens: 4000,
      input_tokens_details: { text_tokens: 50, image_tokens: 1000 },
    });
    expect(calculateCost({ provider: 'openai', model: 'gpt-image-1', usage }).usd).toBe(0.17025);
  });

  it('adds Anthropic web searches at $10 per 1000', () => {
    // claude-sonnet-4: 1000 × 3 + 100 × 15 = 4500 per 1M = $0.0045, + 3 × $0.01 = $0.0345
    const usage = normalizeAnthropicUsage({ input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 3 } });
    expect(calculateCost({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage }).usd).toBe(0.0345);
  });

  it('adds a per-request price once per call (Perplexity sonar: $12 per 1000 requests)', () => {
    // 100 × 1 + 100 × 1 = 200 per 1M = $0.0002, + $0.012
    expect(calculateCost({ provider: 'perplexity', model: 'sonar', usage: { inputTokens: 100, outputTokens: 100 } }).usd).toBe(0.0122);
  });

  it('reprices the whole request at the long-context tier once total input exceeds it', () => {
    // gemini-2.5-pro: $1.25 in / $10 out up to 200k input tokens, $2.50 / $15 above, for all tokens.
    const model = 'gemini-2.5-pro';
    const small = calculateCost({ provider: 'gcp.gemini', model, usage: { inputTokens: 200_000, outputTokens: 1000 } });
    // 200000 × 1.25 + 1000 × 10 = 260000 per 1M (200k is not above 200k)
    expect(small.usd).toBe(0.26);
    const large = calculateCost({ provider: 'gcp.gemini', model, usage: { inputTokens: 200_001, outputTokens: 1000 } });
    // 200001 × 2.5 + 1000 × 15 = 515002.5 per 1M
    expect(large.usd).toBe(0.5150025);
  });

  it('chooses the tier on total input, cached tokens included', () => {
    const table = tableOf([
      { model: 'tiered', price: { input: { base: 1, tiers: [{ start: 100, price: 2 }] }, output: 0, cacheReadInput: { base: 0.1, tiers: [{ start: 100, price: 0.2 }] } } },
    ]);
    // 150 input of which 100 cached: the total (150) is above 100 → 50 × 2 + 100 × 0.2 = 120 per 1M
    const usage: TokenUsage = { inputTokens: 150, outputTokens: 0, cacheReadInputTokens: 100 };
    expect(calculateCost({ model: 'tiered', usage }, table).usd).toBe(0.00012);
  });

  it('uses the price in force at the call time for dated price changes', () => {
    // o3: $10 / $40 before 2025-06-10, $2 / $8 from then on.
    const usage: TokenUsage = { inputTokens: 100, outputTokens: 1000 };
    const before = Date.parse('2025-06-09T23:59:59Z');
    const after = Date.parse('2025-06-10T00:00:00Z');
    expect(calculateCost({ provider: 'openai', model: 'o3', usage, at: before }).usd).toBe(0.041);
    expect(calculateCost({ provider: 'openai', model: 'o3', usage, at: after }).usd).toBe(0.0082);
  });

  it('applies daily-hours prices only within their UTC window', () => {
    const table = tableOf([], [
      {
        id: 'acme',
        models: [
          {
            id: 'offpeak',
            match: { equals: 'offpeak' },
            prices: [{ price: { input: 2, output: 2 } }, { hours: ['16:30:00Z', '00:30:00Z'], price: { input: 1, output: 1 } }],
          },
        ],
      },
    ]);
    const usage: TokenUsage = { inputTokens: 1_000_000, outputTokens: 0 };
    expect(calculateCost({ provider: 'acme', model: 'offpeak', usage, at: Date.parse('2026-01-01T12:00:00Z') }, table).usd).toBe(2);
    expect(calculateCost({ provider: 'acme', model: 'offpeak', usage, at: Date.parse('2026-01-01T23:00:00Z') }, table).usd).toBe(1);
    expect(calculateCost({ provider: 'acme', model: 'offpeak', usage, at: Date.parse('2026-01-01T00:10:00Z') }, table).usd).toBe(1);
  });

  it('applies OpenAI flex and priority prices, and Batch prices, where the table has them', () => {
    const usage: TokenUsage = { inputTokens: 1000, outputTokens: 1000 };
    // gpt-5: standard $1.25 / $10; flex $0.625 / $5; priority $2.50 / $20.
    expect(calculateCost({ provider: 'openai', model: 'gpt-5', usage }).usd).toBe(0.01125);
    expect(calculateCost({ provider: 'openai', model: 'gpt-5', usage, serviceTier: 'flex' }).usd).toBe(0.005625);
    expect(calculateCost({ provider: 'openai', model: 'gpt-5', usage, serviceTier: 'priority' }).usd).toBe(0.0225);
    // gpt-4o Batch: $1.25 / $5.
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage, isBatch: true }).usd).toBe(0.00625);
    // A tier the table has no prices for ("default", "scale", flex on gpt-4o) bills standard prices.
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage, serviceTier: 'default' }).usd).toBe(0.0125);
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage, serviceTier: 'flex' }).usd).toBe(0.0125);
  });
});

describe('calculateCost statuses and fallbacks', () => {
  it('reports unknown_model without a cost, and no_usage before looking at prices', () => {
    expect(calculateCost({ provider: 'openai', model: 'no-such-model', usage: { inputTokens: 1, outputTokens: 1 } })).toMatchObject({
      status: 'unknown_model',
    });
    expect(calculateCost({ provider: 'openai', model: 'no-such-model', usage: { inputTokens: 1, outputTokens: 1 } })).not.toHaveProperty('usd');
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o' })).toMatchObject({ status: 'no_usage', match: { model: 'gpt-4o' } });
  });

  it('never throws, whatever it is given', () => {
    for (const bad of [undefined, null, 'gpt-4o', 7, [], { usage: 'x' }, { model: {}, usage: { inputTokens: -1 } }]) {
      expect(() => calculateCost(bad as never)).not.toThrow();
    }
    expect(calculateCost({ model: 'gpt-4o', usage: { inputTokens: 1, outputTokens: 1 } }, {} as PriceTable)).toEqual({ status: 'unknown_model' });
  });

  it('bills cache reads, writes, audio and image tokens at the text price when the model has no price for them', () => {
    const table = tableOf([{ model: 'flat', price: { input: 2, output: 4 } }]);
    // Everything at 2 in, 4 out: 1000 × 2 + 10 × 4 = 2040 per 1M
    const usage: TokenUsage = {
      inputTokens: 1000,
      outputTokens: 10,
      cacheReadInputTokens: 300,
      cacheWrite5mInputTokens: 200,
      cacheWrite1hInputTokens: 100,
      audioInputTokens: 100,
      imageInputTokens: 100,
      audioOutputTokens: 5,
    };
    expect(calculateCost({ model: 'flat', usage }, table).usd).toBe(0.00204);
  });

  it('bills 1-hour writes at the 5-minute price when the model has a single write price', () => {
    const table = tableOf([{ model: 'one-write-price', price: { input: 2, output: 4, cacheWrite5mInput: 3 } }]);
    // (1000 − 100) × 2 + 100 × 3 + 10 × 4 = 1800 + 300 + 40 = 2140 per 1M
    const usage: TokenUsage = { inputTokens: 1000, outputTokens: 10, cacheWrite1hInputTokens: 100 };
    expect(calculateCost({ model: 'one-write-price', usage }, table).usd).toBe(0.00214);
  });

  it('clamps parts that exceed their total instead of pricing negative tokens', () => {
    // 100 input of which "300" cached: the 100 are all cache reads at 1.25 → 125 per 1M
    const usage: TokenUsage = { inputTokens: 100, outputTokens: 0, cacheReadInputTokens: 300, cacheWrite5mInputTokens: 50, audioInputTokens: 10 };
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).usd).toBe(0.000125);
  });

  it('rounds to 1e-10 USD so float sums compare equal to the decimal amount', () => {
    // 1 × 0.1 + 1 × 0.2 = 0.30000000000000004 in floats, 0.3 per 1M → $0.0000003 after rounding
    const table = tableOf([{ model: 'tenths', price: { input: 0.1, output: 0.2 } }]);
    expect(calculateCost({ model: 'tenths', usage: { inputTokens: 1, outputTokens: 1 } }, table).usd).toBe(0.0000003);
  });
});
