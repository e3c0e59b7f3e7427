// Bedrock's usage shapes: input counts exclude the prompt cache, so reads and writes are added.
import { describe, expect, it } from 'vitest';
import {
  normalizeConverseUsage,
  normalizeInvocationMetrics,
  normalizeLlamaUsage,
  normalizeTitanEmbeddingUsage,
} from '../../../src/instrumentation/bedrock/usage.js';

describe('Bedrock usage', () => {
  it('adds Converse cache reads and writes to input, writes split by TTL from cacheDetails', () => {
    expect(
      normalizeConverseUsage({
        inputTokens: 10,
        outputTokens: 5,
        cacheReadInputTokens: 7,
        cacheWriteInputTokens: 1_000,
        cacheDetails: [{ ttl: '1h', inputTokens: 600 }, { ttl: '5m', inputTokens: 400 }],
      }),
    ).toEqual({ inputTokens: 1_017, outputTokens: 5, cacheReadInputTokens: 7, cacheWrite5mInputTokens: 400, cacheWrite1hInputTokens: 600 });
  });

  it("counts writes without a breakdown as 5-minute ones, and reads Nova's ...TokenCount names", () => {
    expect(normalizeConverseUsage({ inputTokens: 3, outputTokens: 4, cacheReadInputTokenCount: 2, cacheWriteInputTokenCount: 1 })).toEqual({
      inputTokens: 6,
      outputTokens: 4,
      cacheReadInputTokens: 2,
      cacheWrite5mInputTokens: 1,
    });
  });

  it('drops counts that are not non-negative integers, and gives undefined without input or output', () => {
    expect(normalizeConverseUsage({ inputTokens: -1, outputTokens: 1.5 })).toBeUndefined();
    expect(normalizeConverseUsage({ inputTokens: 2, outputTokens: '3', cacheReadInputTokens: Number.NaN })).toEqual({ inputTokens: 2, outputTokens: 0 });
    expect(normalizeConverseUsage(null)).toBeUndefined();
  });

  it('reads invocation metrics, Llama and Titan embedding counts', () => {
    expect(normalizeInvocationMetrics({ inputTokenCount: 5, outputTokenCount: 6, cacheReadInputTokenCount: 4 })).toEqual({
      inputTokens: 9,
      outputTokens: 6,
      cacheReadInputTokens: 4,
    });
    expect(normalizeLlamaUsage({ prompt_token_count: 11, generation_token_count: 12 })).toEqual({ inputTokens: 11, outputTokens: 12 });
    expect(normalizeTitanEmbeddingUsage({ inputTextTokenCount: 8 })).toEqual({ inputTokens: 8, outputTokens: 0 });
  });
});
