/**
 * Bedrock's usage shapes, normalized. Every Bedrock count of input tokens EXCLUDES the prompt
 * cache (Converse: `totalTokens` = `inputTokens` + `outputTokens` + `cacheReadInputTokens` +
 * `cacheWriteInputTokens`), so cache reads and writes are added to make `inputTokens` inclusive,
 * as semconv's `gen_ai.usage.input_tokens` is. Tolerant: a count that is missing or not a
 * non-negative integer is dropped; `undefined` when neither input nor output is usable.
 */
import type { TokenUsage } from '../../pricing/index.js';
import { toTokenCount } from '../../pricing/usage.js';
import { readArray, readObject } from '../core/readers.js';

interface BedrockCounts {
  uncachedInput: number | undefined;
  output: number | undefined;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
  cacheWrite1h?: number | undefined;
}

function toUsage({ uncachedInput, output, cacheRead, cacheWrite, cacheWrite1h }: BedrockCounts): TokenUsage | undefined {
  if (uncachedInput === undefined && output === undefined) return undefined;
  // Writes without a TTL breakdown are 5-minute ones, the default TTL.
  const write1h = cacheWrite1h !== undefined && cacheWrite !== undefined ? Math.min(cacheWrite1h, cacheWrite) : undefined;
  const write5m = cacheWrite !== undefined ? cacheWrite - (write1h ?? 0) : undefined;
  const usage: TokenUsage = {
    inputTokens: (uncachedInput ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: output ?? 0,
  };
  if (cacheRead !== undefined) usage.cacheReadInputTokens = cacheRead;
  if (write5m !== undefined) usage.cacheWrite5mInputTokens = write5m;
  if (write1h !== undefined && write1h > 0) usage.cacheWrite1hInputTokens = write1h;
  return usage;
}

/**
 * Converse and ConverseStream `usage` (also Amazon Nova's InvokeModel `usage`, which names its
 * cache counts `cacheReadInputTokenCount` / `cacheWriteInputTokenCount`). `cacheDetails` splits
 * the writes by TTL (`5m`, `1h`).
 */
export function normalizeConverseUsage(usage: unknown): TokenUsage | undefined {
  const record = readObject(usage);
  if (!record) return undefined;
  let cacheWrite1h: number | undefined;
  for (const detail of readArray(record['cacheDetails']) ?? []) {
    const entry = readObject(detail);
    if (entry?.['ttl'] === '1h') cacheWrite1h = (cacheWrite1h ?? 0) + (toTokenCount(entry['inputTokens']) ?? 0);
  }
  return toUsage({
    uncachedInput: toTokenCount(record['inputTokens']),
    output: toTokenCount(record['outputTokens']),
    cacheRead: toTokenCount(record['cacheReadInputTokens']) ?? toTokenCount(record['cacheReadInputTokenCount']),
    cacheWrite: toTokenCount(record['cacheWriteInputTokens']) ?? toTokenCount(record['cacheWriteInputTokenCount']),
    cacheWrite1h,
  });
}

/**
 * `amazon-bedrock-invocationMetrics`, which Bedrock appends to the last chunk of every
 * InvokeModelWithResponseStream, whatever the model: the counts it bills.
 */
export function normalizeInvocationMetrics(metrics: unknown): TokenUsage | undefined {
  const record = readObject(metrics);
  if (!record) return undefined;
  return toUsage({
    uncachedInput: toTokenCount(record['inputTokenCount']),
    output: toTokenCount(record['outputTokenCount']),
    cacheRead: toTokenCount(record['cacheReadInputTokenCount']),
    cacheWrite: toTokenCount(record['cacheWriteInputTokenCount']),
  });
}

/** Meta Llama's InvokeModel body: `prompt_token_count`, `generation_token_count`. */
export function normalizeLlamaUsage(body: Record<string, unknown>): TokenUsage | undefined {
  return toUsage({
    uncachedInput: toTokenCount(body['prompt_token_count']),
    output: toTokenCount(body['generation_token_count']),
  });
}

/** Amazon Titan embeddings: `inputTextTokenCount`, no output. */
export function normalizeTitanEmbeddingUsage(body: Record<string, unknown>): TokenUsage | undefined {
  const input = toTokenCount(body['inputTextTokenCount']);
  return input === undefined ? undefined : { inputTokens: input, outputTokens: 0 };
}
