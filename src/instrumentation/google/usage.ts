import { toTokenCount as readCount, type TokenUsage } from '../../pricing/usage.js';
import { readArray, readObject } from '../core/readers.js';

/**
 * Normalizes Gemini's `usageMetadata` (Gemini API and Vertex AI alike):
 *
 * - input: `promptTokenCount`, which already includes `cachedContentTokenCount` (the cache read),
 *   plus `toolUsePromptTokenCount` (the results of built-in tools fed back to the model, billed
 *   as input and not part of the prompt count);
 * - output: `candidatesTokenCount` plus `thoughtsTokenCount`: Gemini bills thinking as output
 *   but leaves it out of the candidates' count; the thoughts are also the reasoning part;
 * - modality details: `AUDIO` in `promptTokensDetails` as audio input, `IMAGE` and `AUDIO` in
 *   `candidatesTokensDetails` as image and audio output, which some models price apart.
 *
 * A count that is missing, negative, fractional or not a number is dropped; `undefined` when
 * neither an input nor an output count is usable. Never throws.
 */
export function normalizeGoogleUsage(usageMetadata: unknown): TokenUsage | undefined {
  try {
    const usage = readObject(usageMetadata);
    if (!usage) return undefined;
    const prompt = readCount(usage['promptTokenCount']);
    const candidates = readCount(usage['candidatesTokenCount']);
    const thoughts = readCount(usage['thoughtsTokenCount']);
    const toolUse = readCount(usage['toolUsePromptTokenCount']);
    if (prompt === undefined && candidates === undefined && thoughts === undefined && toolUse === undefined) {
      return undefined;
    }
    const result: TokenUsage = {
      inputTokens: (prompt ?? 0) + (toolUse ?? 0),
      outputTokens: (candidates ?? 0) + (thoughts ?? 0),
    };
    const cached = readCount(usage['cachedContentTokenCount']);
    if (cached !== undefined) result.cacheReadInputTokens = Math.min(cached, result.inputTokens);
    if (thoughts !== undefined) result.reasoningOutputTokens = thoughts;
    const audioIn = readModalityCount(usage['promptTokensDetails'], 'AUDIO');
    if (audioIn > 0) result.audioInputTokens = Math.min(audioIn, result.inputTokens);
    const imageOut = readModalityCount(usage['candidatesTokensDetails'], 'IMAGE');
    if (imageOut > 0) result.imageOutputTokens = Math.min(imageOut, result.outputTokens);
    const audioOut = readModalityCount(usage['candidatesTokensDetails'], 'AUDIO');
    if (audioOut > 0) result.audioOutputTokens = Math.min(audioOut, result.outputTokens);
    return result;
  } catch {
    // A getter or proxy that throws while we read usage must not reach the caller.
    return undefined;
  }
}

/** The sum of `tokenCount` over the `{ modality, tokenCount }` entries of one modality. */
function readModalityCount(details: unknown, modality: string): number {
  let total = 0;
  for (const entry of readArray(details) ?? []) {
    const record = readObject(entry);
    if (record?.['modality'] === modality) total += readCount(record['tokenCount']) ?? 0;
  }
  return total;
}
