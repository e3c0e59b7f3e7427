// OpenAI reports cache writes (openai 7: `cache_write_tokens`; 7.55 splits them into 30-minute
// and 12-hour retention). They are part of the prompt total and billed at the model's cache-write
// price (1.25× input on the gpt-5.6 family), on the span as in calculateCost.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  PriceTable,
  calculateCost,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
} from '../../src/pricing/index.js';
import { useOpenAITestBed } from '../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);

// gpt-5.6-luna since 2026-07-30, per 1M: $0.20 input, $0.25 cache write, $0.02 cache read, $1.20 output.
const LUNA_AFTER_CUT = Date.parse('2026-08-01T12:00:00Z');

describe('OpenAI cache writes in usage', () => {
  it('reads chat prompt_tokens_details.cache_write_tokens as a part of the prompt total', () => {
    expect(
      normalizeOpenAIChatUsage({
        prompt_tokens: 10_000,
        completion_tokens: 1000,
        prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 4000 },
      }),
    ).toEqual({ inputTokens: 10_000, outputTokens: 1000, cacheReadInputTokens: 2000, cacheWrite5mInputTokens: 4000 });
  });

  it('splits Responses writes into 30-minute (default TTL) and 12-hour (extended TTL) retention', () => {
    expect(
      normalizeOpenAIResponsesUsage({
        input_tokens: 10_000,
        output_tokens: 1000,
        input_tokens_details: {
          cached_tokens: 0,
          cache_write_tokens: 6000,
          cache_write_tokens_details: { ttl_30m_tokens: 2000, ttl_12h_tokens: 4000 },
        },
      }),
    ).toEqual({ inputTokens: 10_000, outputTokens: 1000, cacheReadInputTokens: 0, cacheWrite5mInputTokens: 2000, cacheWrite1hInputTokens: 4000 });
  });

  it('leaves out zero writes and cuts writes to what the prompt total leaves after cache reads', () => {
    expect(normalizeOpenAIChatUsage({ prompt_tokens: 50, completion_tokens: 1, prompt_tokens_details: { cache_write_tokens: 0 } })).toEqual({
      inputTokens: 50,
      outputTokens: 1,
    });
    expect(
      normalizeOpenAIChatUsage({ prompt_tokens: 50, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 30, cache_write_tokens: 40 } }),
    ).toMatchObject({ cacheReadInputTokens: 30, cacheWrite5mInputTokens: 20 });
  });

  it('prices writes at the cache-write price: gpt-5.6-luna, 10000 prompt (2000 read, 4000 written), 1000 out → $0.00304', () => {
    // 4000 × 0.2 + 2000 × 0.02 + 4000 × 0.25 + 1000 × 1.2 = 800 + 40 + 1000 + 1200 per 1M; as
    // plain input it would be $0.00284, 7 % low.
    const usage = normalizeOpenAIChatUsage({
      prompt_tokens: 10_000,
      completion_tokens: 1000,
      prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 4000 },
    });
    expect(calculateCost({ provider: 'openai', model: 'gpt-5.6-luna', usage, at: LUNA_AFTER_CUT })).toMatchObject({ status: 'priced', usd: 0.00304 });
  });

  it('prices each retention at its own price where they differ, and both at the single write price otherwise', () => {
    const table = PriceTable.create({
      version: 't',
      providers: [
        {
          id: 'openai',
          models: [
            { id: 'split', prices: { input: 1, output: 1, cacheWrite5mInput: 1.25, cacheWrite1hInput: 2 } },
            { id: 'single', prices: { input: 1, output: 1, cacheWrite5mInput: 1.25 } },
          ],
        },
      ],
    });
    if (typeof table === 'string') throw new Error(table);
    const usage = normalizeOpenAIResponsesUsage({
      input_tokens: 1_000_000,
      output_tokens: 0,
      input_tokens_details: { cache_write_tokens: 1_000_000, cache_write_tokens_details: { ttl_30m_tokens: 600_000, ttl_12h_tokens: 400_000 } },
    });
    // 600000 × 1.25 + 400000 × 2 = 1.55M per 1M; single: 1M × 1.25
    expect(calculateCost({ provider: 'openai', model: 'split', usage }, table).usd).toBe(1.55);
    expect(calculateCost({ provider: 'openai', model: 'single', usage }, table).usd).toBe(1.25);
  });
});

describe('OpenAI cache writes on the span (real SDK, fake provider)', () => {
  it('records chat cache writes as gen_ai.usage.cache_creation.input_tokens and bills them at the write price', async () => {
    bed.provider.enqueue('/v1/chat/completions', {
      kind: 'success',
      model: 'gpt-5.6-luna',
      usage: {
        prompt_tokens: 10_000,
        completion_tokens: 1000,
        total_tokens: 11_000,
        prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 4000 },
      },
    });
    await bed.client.chat.completions.create({ model: 'gpt-5.6-luna', messages: [{ role: 'user', content: 'hi' }] });
    const attributes = bed.onlySpan().attributes;
    expect(attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 10_000,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.cache_creation.input_tokens': 4000,
      'infraprism.cost.status': 'priced',
    });
    // Whatever price is in force today: writes at the write price, never as plain input.
    const asInput = calculateCost({
      provider: 'openai',
      model: 'gpt-5.6-luna',
      usage: { inputTokens: 10_000, outputTokens: 1000, cacheReadInputTokens: 2000 },
    }).usd!;
    expect(attributes['infraprism.cost.usd']).toBeGreaterThan(asInput);
    expect(attributes['infraprism.cost.usd']).toBe(
      calculateCost({
        provider: 'openai',
        model: 'gpt-5.6-luna',
        usage: { inputTokens: 10_000, outputTokens: 1000, cacheReadInputTokens: 2000, cacheWrite5mInputTokens: 4000 },
      }).usd,
    );
  });

  it('records both retentions of a Responses call as one cache-creation count', async () => {
    bed.provider.enqueue('/v1/responses', {
      kind: 'success',
      model: 'gpt-5.6-luna',
      usage: {
        input_tokens: 10_000,
        output_tokens: 1000,
        total_tokens: 11_000,
        input_tokens_details: {
          cached_tokens: 0,
          cache_write_tokens: 6000,
          cache_write_tokens_details: { ttl_30m_tokens: 2000, ttl_12h_tokens: 4000 },
        },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    });
    await bed.client.responses.create({ model: 'gpt-5.6-luna', input: 'hi' });
    expect(bed.onlySpan().attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 10_000,
      'gen_ai.usage.cache_creation.input_tokens': 6000,
      'infraprism.cost.status': 'priced',
    });
  });
});
