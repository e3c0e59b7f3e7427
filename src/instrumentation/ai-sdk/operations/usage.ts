/** Readers of the AI SDK's provider-call results and stream parts. Numbers and ids, never text. */
import { toTokenCount, type TokenUsage } from '../../../pricing/usage.js';
import type { ResponseSummary } from '../../core/operation.js';
import { readObject, readString } from '../../core/readers.js';

/**
 * The usage of one provider call as the AI SDK 7 providers report it (`LanguageModelV4Usage`):
 * `inputTokens.total` already counts `cacheRead` and `cacheWrite` (the Anthropic provider adds them
 * up), `outputTokens.total` counts `reasoning`, so the totals match our inclusive convention.
 * Earlier provider specs sent plain numbers; those are read too.
 */
export function readModelUsage(usage: unknown): TokenUsage | undefined {
  const record = readObject(usage);
  if (!record) return undefined;
  const input = readObject(record['inputTokens']);
  const output = readObject(record['outputTokens']);
  const inputTotal = toTokenCount(input ? input['total'] : record['inputTokens']);
  const outputTotal = toTokenCount(output ? output['total'] : record['outputTokens']);
  if (inputTotal === undefined && outputTotal === undefined) return undefined;
  const result: TokenUsage = { inputTokens: inputTotal ?? 0, outputTokens: outputTotal ?? 0 };

  const cacheRead = toTokenCount(input?.['cacheRead']);
  if (cacheRead !== undefined) result.cacheReadInputTokens = Math.min(cacheRead, result.inputTokens);
  const cacheWrite = toTokenCount(input?.['cacheWrite']);
  if (cacheWrite !== undefined) {
    // Anthropic's raw usage splits writes by TTL; a 1-hour write costs more than a 5-minute one.
    const write1h = Math.min(toTokenCount(readObject(readObject(record['raw'])?.['cache_creation'])?.['ephemeral_1h_input_tokens']) ?? 0, cacheWrite);
    result.cacheWrite5mInputTokens = cacheWrite - write1h;
    if (write1h > 0) result.cacheWrite1hInputTokens = write1h;
  }
  const reasoning = toTokenCount(output?.['reasoning']);
  if (reasoning !== undefined) result.reasoningOutputTokens = Math.min(reasoning, result.outputTokens);
  return result;
}

/** `{ unified, raw }` (the provider's own reason preferred, as our other spans record it) or a plain string. */
export function readModelFinishReason(finishReason: unknown, summary: ResponseSummary): void {
  const record = readObject(finishReason);
  const reason = record ? (readString(record['raw']) ?? readString(record['unified'])) : readString(finishReason);
  if (reason) summary.finishReasons[0] = reason;
}

/** `response.id` and `response.modelId` of a result, or the fields of a `response-metadata` part. */
export function readModelResponseIdentity(response: unknown, summary: ResponseSummary): void {
  const record = readObject(response);
  const id = readString(record?.['id']);
  const model = readString(record?.['modelId']);
  if (id) summary.responseId = id;
  if (model) summary.responseModel = model;
}
