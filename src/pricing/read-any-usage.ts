import { warnOnce } from '../diag.js';
import {
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
  toTokenCount,
  type TokenUsage,
} from './usage.js';

/**
 * The usage `calculateCost` is given, as a `TokenUsage`: one already normalized, or the provider's
 * own usage object as its SDK returns it, told apart by its keys (users pass `completion.usage`
 * as it is). `undefined` for no usage and for an object in no shape we read; the latter warns
 * once, naming its keys (names only, never values).
 */
export function readAnyUsage(usage: unknown, provider: unknown, model: unknown): TokenUsage | undefined {
  try {
    if (typeof usage !== 'object' || usage === null) return undefined;
    const record = usage as Record<string, unknown>;
    const read = readByShape(record, provider, model);
    if (read === undefined) {
      const keys = Object.keys(record).slice(0, 10).join(',');
      warnOnce(
        `unrecognized-usage:${keys}`,
        `calculateCost: usage with keys [${keys}] is in no shape it reads (TokenUsage, OpenAI, Anthropic, Google): infraprism.cost.status=unrecognized_usage`,
      );
    }
    return read;
  } catch {
    // A getter or proxy that throws while we read usage must not reach the caller.
    return undefined;
  }
}

function readByShape(usage: Record<string, unknown>, provider: unknown, model: unknown): TokenUsage | undefined {
  if ('inputTokens' in usage || 'outputTokens' in usage) return readTokenUsage(usage);
  if ('prompt_tokens' in usage || 'completion_tokens' in usage) return normalizeOpenAIChatUsage(usage);
  if ('promptTokenCount' in usage || 'candidatesTokenCount' in usage) return normalizeGoogleUsage(usage);
  if ('input_tokens' in usage || 'output_tokens' in usage) {
    return isAnthropicShape(usage, provider, model) ? normalizeAnthropicUsage(usage) : normalizeOpenAIResponsesUsage(usage);
  }
  return undefined;
}

/**
 * Anthropic's and the Responses API's usage share `input_tokens` and `output_tokens` but not their
 * meaning: Anthropic's input excludes cache reads and writes. Anthropic's own keys decide, then
 * the call's provider or a Claude model.
 */
function isAnthropicShape(usage: Record<string, unknown>, provider: unknown, model: unknown): boolean {
  if ('input_tokens_details' in usage || 'output_tokens_details' in usage || 'total_tokens' in usage) return false;
  if ('cache_read_input_tokens' in usage || 'cache_creation_input_tokens' in usage || 'cache_creation' in usage) return true;
  if (typeof provider === 'string' && provider.toLowerCase().includes('anthropic')) return true;
  return typeof model === 'string' && model.toLowerCase().includes('claude');
}

/**
 * A `TokenUsage` as given, not copied (the calculator re-checks every field, and this is the path
 * of every traced call); `undefined` when neither total is a token count.
 */
function readTokenUsage(usage: Record<string, unknown>): TokenUsage | undefined {
  if (toTokenCount(usage['inputTokens']) === undefined && toTokenCount(usage['outputTokens']) === undefined) return undefined;
  return usage as unknown as TokenUsage;
}

/**
 * Google's `usageMetadata` (`@google/genai`, Vertex): the prompt count includes cached content and
 * excludes tool-use prompt tokens; candidates exclude thoughts, which are billed as output.
 */
function normalizeGoogleUsage(usage: Record<string, unknown>): TokenUsage | undefined {
  const prompt = toTokenCount(usage['promptTokenCount']);
  const candidates = toTokenCount(usage['candidatesTokenCount']);
  const thoughts = toTokenCount(usage['thoughtsTokenCount']);
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined;
  const inputTokens = (prompt ?? 0) + (toTokenCount(usage['toolUsePromptTokenCount']) ?? 0);
  const result: TokenUsage = { inputTokens, outputTokens: (candidates ?? 0) + (thoughts ?? 0) };
  const cached = toTokenCount(usage['cachedContentTokenCount']);
  if (cached !== undefined) result.cacheReadInputTokens = Math.min(cached, prompt ?? 0);
  if (thoughts !== undefined) result.reasoningOutputTokens = thoughts;
  return result;
}
