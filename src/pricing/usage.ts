/**
 * Normalized token usage: every provider's usage shape maps onto this one, so the calculator and
 * the span attributes never need to know which provider counted the tokens.
 *
 * The totals are inclusive (the OpenAI and OpenTelemetry GenAI convention): `inputTokens` counts
 * every input token, cached and cache-written ones included; `outputTokens` counts every output
 * token, reasoning included. The optional fields are parts of those totals, present only when the
 * provider reported them.
 */
export interface TokenUsage {
  /** All input tokens, including cache reads and cache writes. */
  inputTokens: number;
  /** All output tokens, including reasoning. */
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (part of `inputTokens`). */
  cacheReadInputTokens?: number;
  /**
   * Input tokens written to the cache with the provider's default TTL (part of `inputTokens`):
   * Anthropic's 5 minutes, OpenAI's 30 minutes.
   */
  cacheWrite5mInputTokens?: number;
  /**
   * Input tokens written to the cache with the provider's extended TTL (part of `inputTokens`):
   * Anthropic's 1 hour, OpenAI's 12 hours.
   */
  cacheWrite1hInputTokens?: number;
  /** Output tokens spent on reasoning (part of `outputTokens`). */
  reasoningOutputTokens?: number;
  /** Input tokens that were audio (part of `inputTokens`). */
  audioInputTokens?: number;
  /** Output tokens that were audio (part of `outputTokens`). */
  audioOutputTokens?: number;
  /** Input tokens that were images (part of `inputTokens`). */
  imageInputTokens?: number;
  /** Output tokens that were images (part of `outputTokens`). */
  imageOutputTokens?: number;
  /** Server-side web searches the call made, priced per request (Anthropic `server_tool_use`). */
  webSearchRequests?: number;
}

/**
 * Normalizes the `usage` object of an OpenAI Chat Completions response or final stream chunk (also
 * the Embeddings shape, which has no completion tokens). OpenAI's `prompt_tokens` already include
 * `prompt_tokens_details.cached_tokens` and `.audio_tokens`, and `completion_tokens` already
 * include `completion_tokens_details.reasoning_tokens` and `.audio_tokens`, so the totals are
 * taken as they are and the details become parts of them.
 *
 * Tolerant of what proxies and old versions send: a field that is missing, null, negative, NaN or
 * not a number is dropped; a detail larger than its total is cut to the total. Returns `undefined`
 * when neither an input nor an output count is usable. Never throws.
 */
export function normalizeOpenAIChatUsage(usage: unknown): TokenUsage | undefined {
  return normalizeOpenAIShape(usage, {
    input: 'prompt_tokens',
    output: 'completion_tokens',
    inputDetails: 'prompt_tokens_details',
    outputDetails: 'completion_tokens_details',
  });
}

/**
 * Normalizes the `usage` object of an OpenAI Responses API response, or of an Images API response
 * (gpt-image-1 has the same shape): `input_tokens` (including `input_tokens_details.cached_tokens`
 * and `.image_tokens`) and `output_tokens` (including `output_tokens_details.reasoning_tokens`).
 * Same tolerance as {@link normalizeOpenAIChatUsage}.
 */
export function normalizeOpenAIResponsesUsage(usage: unknown): TokenUsage | undefined {
  return normalizeOpenAIShape(usage, {
    input: 'input_tokens',
    output: 'output_tokens',
    inputDetails: 'input_tokens_details',
    outputDetails: 'output_tokens_details',
  });
}

/**
 * Normalizes the `usage` object of an Anthropic Messages response (or the merged usage of a stream,
 * whose `message_delta` counts are cumulative: the caller overwrites, never adds).
 *
 * Anthropic's `input_tokens` EXCLUDES `cache_read_input_tokens` and `cache_creation_input_tokens`,
 * so they are added to make `inputTokens` inclusive. Cache writes are split by TTL from
 * `cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens` when present; without
 * that breakdown (SDKs and API versions before 1-hour caching) `cache_creation_input_tokens` counts
 * as 5-minute writes, the API's default TTL. Same tolerance as {@link normalizeOpenAIChatUsage}.
 */
export function normalizeAnthropicUsage(usage: unknown): TokenUsage | undefined {
  try {
    if (!isRecord(usage)) return undefined;
    const uncachedInput = readCount(usage, 'input_tokens');
    const output = readCount(usage, 'output_tokens');
    if (uncachedInput === undefined && output === undefined) return undefined;

    const cacheRead = readCount(usage, 'cache_read_input_tokens');
    const writeTotal = readCount(usage, 'cache_creation_input_tokens');
    const breakdown = usage['cache_creation'];
    const write5mPart = isRecord(breakdown) ? readCount(breakdown, 'ephemeral_5m_input_tokens') : undefined;
    const write1hPart = isRecord(breakdown) ? readCount(breakdown, 'ephemeral_1h_input_tokens') : undefined;

    let write5m: number | undefined;
    let write1h: number | undefined;
    if (write5mPart !== undefined || write1hPart !== undefined) {
      write5m = write5mPart ?? 0;
      write1h = write1hPart ?? 0;
      // The total should equal the sum of the parts; tokens it counts beyond them have no TTL
      // reported, so they take the API's default TTL of 5 minutes.
      if (writeTotal !== undefined && writeTotal > write5m + write1h) {
        write5m = writeTotal - write1h;
      }
    } else {
      write5m = writeTotal;
    }

    const result: TokenUsage = {
      inputTokens: (uncachedInput ?? 0) + (cacheRead ?? 0) + (write5m ?? 0) + (write1h ?? 0),
      outputTokens: output ?? 0,
    };
    if (cacheRead !== undefined) result.cacheReadInputTokens = cacheRead;
    if (write5m !== undefined) result.cacheWrite5mInputTokens = write5m;
    if (write1h !== undefined) result.cacheWrite1hInputTokens = write1h;
    // Server-side web searches, billed per search: usage.server_tool_use.web_search_requests.
    const serverTools = usage['server_tool_use'];
    const searches = isRecord(serverTools) ? readCount(serverTools, 'web_search_requests') : undefined;
    if (searches !== undefined) result.webSearchRequests = searches;
    return result;
  } catch {
    // A getter or proxy that throws while we read usage must not reach the caller.
    return undefined;
  }
}

interface OpenAIShapeKeys {
  input: string;
  output: string;
  inputDetails: string;
  outputDetails: string;
}

function normalizeOpenAIShape(usage: unknown, keys: OpenAIShapeKeys): TokenUsage | undefined {
  try {
    if (!isRecord(usage)) return undefined;
    const input = readCount(usage, keys.input);
    const output = readCount(usage, keys.output);
    if (input === undefined && output === undefined) return undefined;

    const result: TokenUsage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
    const inputDetails = usage[keys.inputDetails];
    if (isRecord(inputDetails)) {
      const cached = readCount(inputDetails, 'cached_tokens');
      if (cached !== undefined) result.cacheReadInputTokens = Math.min(cached, result.inputTokens);
      readOpenAICacheWrites(inputDetails, result);
      // Realtime/audio models (chat: prompt_tokens_details.audio_tokens); gpt-image-1 (Images and
      // Responses: input_tokens_details.image_tokens next to text_tokens). Zero counts, which
      // every chat response reports, are left out.
      const audio = readCount(inputDetails, 'audio_tokens');
      if (audio !== undefined && audio > 0) result.audioInputTokens = Math.min(audio, result.inputTokens);
      const image = readCount(inputDetails, 'image_tokens');
      if (image !== undefined && image > 0) result.imageInputTokens = Math.min(image, result.inputTokens);
    }
    const outputDetails = usage[keys.outputDetails];
    if (isRecord(outputDetails)) {
      const reasoning = readCount(outputDetails, 'reasoning_tokens');
      if (reasoning !== undefined) result.reasoningOutputTokens = Math.min(reasoning, result.outputTokens);
      const audio = readCount(outputDetails, 'audio_tokens');
      if (audio !== undefined && audio > 0) result.audioOutputTokens = Math.min(audio, result.outputTokens);
      const image = readCount(outputDetails, 'image_tokens');
      if (image !== undefined && image > 0) result.imageOutputTokens = Math.min(image, result.outputTokens);
    }
    return result;
  } catch {
    // A getter or proxy that throws while we read usage must not reach the caller.
    return undefined;
  }
}

/**
 * OpenAI's cache writes (openai 7: `cache_write_tokens`, part of the prompt total like cached
 * tokens; 7.55 splits them by retention in `cache_write_tokens_details`). The default 30-minute
 * retention maps to the default-TTL field, 12 hours to the extended one, so a model priced per
 * retention bills each at its own price and one with a single write price bills both alike.
 * Zero counts, which every response without caching reports, are left out.
 */
function readOpenAICacheWrites(inputDetails: Record<string, unknown>, result: TokenUsage): void {
  const total = readCount(inputDetails, 'cache_write_tokens');
  const breakdown = inputDetails['cache_write_tokens_details'];
  const short = isRecord(breakdown) ? readCount(breakdown, 'ttl_30m_tokens') : undefined;
  const long = isRecord(breakdown) ? readCount(breakdown, 'ttl_12h_tokens') : undefined;
  let write30m = total;
  let write12h: number | undefined;
  if (short !== undefined || long !== undefined) {
    write12h = long ?? 0;
    // Tokens the total counts beyond the parts have no retention reported: the default one.
    write30m = Math.max(short ?? 0, (total ?? 0) - write12h);
  }
  const room = result.inputTokens - (result.cacheReadInputTokens ?? 0);
  if (write30m !== undefined && write30m > 0) result.cacheWrite5mInputTokens = Math.min(write30m, room);
  if (write12h !== undefined && write12h > 0) {
    result.cacheWrite1hInputTokens = Math.min(write12h, room - (result.cacheWrite5mInputTokens ?? 0));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A token count: a safe integer >= 0, or undefined. Strings are not coerced. */
function readCount(record: Record<string, unknown>, key: string): number | undefined {
  return toTokenCount(record[key]);
}

/**
 * Returns `value` when it is a usable token count (a safe integer >= 0), otherwise undefined.
 * A fractional or astronomically large count comes from a broken proxy, not a provider, and
 * would poison every sum a backend makes.
 */
export function toTokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
