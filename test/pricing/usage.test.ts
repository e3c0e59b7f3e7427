import { describe, it, expect } from 'vitest';
import {
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
} from '../../src/pricing/index.js';

describe('normalizeOpenAIChatUsage', () => {
  it('keeps prompt and completion totals, which already include cached and reasoning tokens', () => {
    expect(
      normalizeOpenAIChatUsage({
        prompt_tokens: 1000,
        completion_tokens: 300,
        total_tokens: 1300,
        prompt_tokens_details: { cached_tokens: 800, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 200, audio_tokens: 0 },
      }),
    ).toEqual({ inputTokens: 1000, outputTokens: 300, cacheReadInputTokens: 800, reasoningOutputTokens: 200 });
  });

  it('leaves out details the response does not report', () => {
    expect(normalizeOpenAIChatUsage({ prompt_tokens: 5, completion_tokens: 7 })).toEqual({
      inputTokens: 5,
      outputTokens: 7,
    });
  });

  it('counts a missing completion count as 0 output, as embeddings report usage', () => {
    expect(normalizeOpenAIChatUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ inputTokens: 8, outputTokens: 0 });
  });

  it('returns undefined when there is no usable usage', () => {
    for (const garbage of [undefined, null, 'usage', 12, [], {}, { total_tokens: 10 }]) {
      expect(normalizeOpenAIChatUsage(garbage)).toBeUndefined();
    }
  });

  it('drops null, string, negative, NaN and infinite counts', () => {
    expect(normalizeOpenAIChatUsage({ prompt_tokens: null, completion_tokens: '300' })).toBeUndefined();
    expect(normalizeOpenAIChatUsage({ prompt_tokens: -5, completion_tokens: Number.NaN })).toBeUndefined();
    expect(
      normalizeOpenAIChatUsage({
        prompt_tokens: 10,
        completion_tokens: Number.POSITIVE_INFINITY,
        prompt_tokens_details: { cached_tokens: -1 },
        completion_tokens_details: { reasoning_tokens: 'many' },
      }),
    ).toEqual({ inputTokens: 10, outputTokens: 0 });
    expect(normalizeOpenAIChatUsage({ prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: null })).toEqual({
      inputTokens: 10,
      outputTokens: 2,
    });
  });

  it('cuts a detail larger than its total down to the total', () => {
    expect(
      normalizeOpenAIChatUsage({
        prompt_tokens: 100,
        completion_tokens: 10,
        prompt_tokens_details: { cached_tokens: 500 },
        completion_tokens_details: { reasoning_tokens: 50 },
      }),
    ).toEqual({ inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 100, reasoningOutputTokens: 10 });
  });

  it('returns undefined instead of throwing when reading usage throws', () => {
    const hostile = {
      get prompt_tokens(): number {
        throw new Error('boom');
      },
    };
    expect(normalizeOpenAIChatUsage(hostile)).toBeUndefined();
    expect(normalizeAnthropicUsage(hostile)).toBeUndefined();
  });
});

describe('normalizeOpenAIResponsesUsage', () => {
  it('reads the Responses API names for the same inclusive totals', () => {
    expect(
      normalizeOpenAIResponsesUsage({
        input_tokens: 1000,
        output_tokens: 300,
        total_tokens: 1300,
        input_tokens_details: { cached_tokens: 800 },
        output_tokens_details: { reasoning_tokens: 200 },
      }),
    ).toEqual({ inputTokens: 1000, outputTokens: 300, cacheReadInputTokens: 800, reasoningOutputTokens: 200 });
  });
});

describe('normalizeAnthropicUsage', () => {
  it('adds cache reads and writes to input_tokens, which excludes them', () => {
    // 1000 uncached + 800 read + 200 written = 2000 input tokens
    expect(
      normalizeAnthropicUsage({
        input_tokens: 1000,
        cache_read_input_tokens: 800,
        cache_creation_input_tokens: 200,
        cache_creation: { ephemeral_5m_input_tokens: 150, ephemeral_1h_input_tokens: 50 },
        output_tokens: 300,
      }),
    ).toEqual({
      inputTokens: 2000,
      outputTokens: 300,
      cacheReadInputTokens: 800,
      cacheWrite5mInputTokens: 150,
      cacheWrite1hInputTokens: 50,
    });
  });

  it('counts cache writes as 5-minute writes when the TTL breakdown is absent', () => {
    expect(
      normalizeAnthropicUsage({ input_tokens: 10, cache_creation_input_tokens: 200, cache_read_input_tokens: 0, output_tokens: 1 }),
    ).toEqual({ inputTokens: 210, outputTokens: 1, cacheReadInputTokens: 0, cacheWrite5mInputTokens: 200 });
  });

  it('counts write tokens the breakdown leaves unexplained as 5-minute writes', () => {
    expect(
      normalizeAnthropicUsage({
        input_tokens: 0,
        cache_creation_input_tokens: 300,
        cache_creation: { ephemeral_1h_input_tokens: 100 },
        output_tokens: 0,
      }),
    ).toEqual({ inputTokens: 300, outputTokens: 0, cacheWrite5mInputTokens: 200, cacheWrite1hInputTokens: 100 });
  });

  it('uses the breakdown when the total is missing or null', () => {
    expect(
      normalizeAnthropicUsage({
        input_tokens: 1,
        cache_creation_input_tokens: null,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 40 },
        output_tokens: 2,
      }),
    ).toEqual({ inputTokens: 41, outputTokens: 2, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 40 });
  });

  it('returns undefined when neither input_tokens nor output_tokens is usable', () => {
    for (const garbage of [undefined, null, 'usage', {}, { input_tokens: 'x', output_tokens: -3 }, { cache_read_input_tokens: 5 }]) {
      expect(normalizeAnthropicUsage(garbage)).toBeUndefined();
    }
  });

  it('drops bad cache fields and keeps the good counts', () => {
    expect(
      normalizeAnthropicUsage({
        input_tokens: 12,
        output_tokens: 3,
        cache_read_input_tokens: Number.NaN,
        cache_creation_input_tokens: '7',
        cache_creation: 'none',
      }),
    ).toEqual({ inputTokens: 12, outputTokens: 3 });
  });
});

// Issue #6: the parts of the totals that have prices of their own.
describe('usage details with prices of their own', () => {
  it('reads audio tokens of OpenAI chat usage as parts of the totals', () => {
    expect(
      normalizeOpenAIChatUsage({
        prompt_tokens: 100,
        completion_tokens: 50,
        prompt_tokens_details: { audio_tokens: 40, cached_tokens: 10 },
        completion_tokens_details: { audio_tokens: 30, reasoning_tokens: 0 },
      }),
    ).toEqual({ inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 10, audioInputTokens: 40, audioOutputTokens: 30, reasoningOutputTokens: 0 });
  });

  it('reads image tokens of gpt-image-1 usage (Images and Responses shape)', () => {
    expect(
      normalizeOpenAIResponsesUsage({
        input_tokens: 1050,
        output_tokens: 4160,
        total_tokens: 5210,
        input_tokens_details: { text_tokens: 50, image_tokens: 1000 },
        output_tokens_details: { image_tokens: 4160 },
      }),
    ).toEqual({ inputTokens: 1050, outputTokens: 4160, imageInputTokens: 1000, imageOutputTokens: 4160 });
  });

  it('cuts audio and image details to their totals and drops bad ones', () => {
    expect(
      normalizeOpenAIChatUsage({
        prompt_tokens: 10,
        completion_tokens: 5,
        prompt_tokens_details: { audio_tokens: 99, image_tokens: 'x' },
        completion_tokens_details: { audio_tokens: -1 },
      }),
    ).toEqual({ inputTokens: 10, outputTokens: 5, audioInputTokens: 10 });
  });

  it('reads Anthropic web searches from server_tool_use', () => {
    expect(normalizeAnthropicUsage({ input_tokens: 10, output_tokens: 5, server_tool_use: { web_search_requests: 2 } })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      webSearchRequests: 2,
    });
    expect(normalizeAnthropicUsage({ input_tokens: 10, output_tokens: 5, server_tool_use: { web_search_requests: null } })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
    });
    expect(normalizeAnthropicUsage({ input_tokens: 10, output_tokens: 5, server_tool_use: 'x' })).toEqual({ inputTokens: 10, outputTokens: 5 });
  });
});
