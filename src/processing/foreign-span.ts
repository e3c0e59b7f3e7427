import type { Attributes } from '@opentelemetry/api';
import { toTokenCount, type TokenUsage } from '../pricing/usage.js';
import {
  AI_SDK_PROVIDER_CALL_OPERATION_IDS,
  ATTR_AI_MODEL_ID,
  ATTR_AI_MODEL_PROVIDER,
  ATTR_AI_OPERATION_ID,
  ATTR_AI_RESPONSE_MODEL,
  ATTR_AI_USAGE_CACHE_READ_TOKENS,
  ATTR_AI_USAGE_CACHE_WRITE_TOKENS,
  ATTR_AI_USAGE_CACHED_INPUT_TOKENS,
  ATTR_AI_USAGE_COMPLETION_TOKENS,
  ATTR_AI_USAGE_INPUT_TOKENS,
  ATTR_AI_USAGE_OUTPUT_TOKENS,
  ATTR_AI_USAGE_PROMPT_TOKENS,
  ATTR_AI_USAGE_REASONING_TOKENS,
  ATTR_AI_USAGE_REASONING_TOKENS_DETAIL,
  ATTR_AI_USAGE_TOKENS,
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS,
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  INSTRUMENTATION_SCOPE_PREFIX,
  LLM_MODEL_NAME,
  LLM_PROVIDER,
  LLM_REQUEST_MODEL_NAME,
  LLM_RESPONSE_MODEL_NAME,
  LLM_SYSTEM,
  LLM_TOKEN_COUNT_COMPLETION,
  LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING,
  LLM_TOKEN_COUNT_PROMPT,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE,
  OPENINFERENCE_SPAN_KIND,
  INPUT_TOKENS_EXCLUDE_CACHE_THROUGH_VERSION,
  OPENINFERENCE_PROVIDER_CALL_SPAN_KINDS,
} from '../semconv.js';

// Each count is read from the first of these attributes the span has: semconv's current name
// (1.45: `cache_creation`; the GenAI conventions' newer `cache_write`, which the Anthropic SDK's own
// spans use), then older semconv, then the AI SDK's `ai.usage.*` (AI SDK 6 spans carry no semconv
// details), then OpenInference's `llm.token_count.*`.
const INPUT_KEYS = [
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_AI_USAGE_INPUT_TOKENS,
  ATTR_AI_USAGE_PROMPT_TOKENS,
  ATTR_AI_USAGE_TOKENS,
  LLM_TOKEN_COUNT_PROMPT,
];
const OUTPUT_KEYS = [
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_AI_USAGE_OUTPUT_TOKENS,
  ATTR_AI_USAGE_COMPLETION_TOKENS,
  LLM_TOKEN_COUNT_COMPLETION,
];
const CACHE_READ_KEYS = [
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_AI_USAGE_CACHE_READ_TOKENS,
  ATTR_AI_USAGE_CACHED_INPUT_TOKENS,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ,
];
const CACHE_WRITE_KEYS = [
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_AI_USAGE_CACHE_WRITE_TOKENS,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE,
];
const REASONING_KEYS = [
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_AI_USAGE_REASONING_TOKENS_DETAIL,
  ATTR_AI_USAGE_REASONING_TOKENS,
  LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING,
];
const OPENINFERENCE_CALL_KINDS = new Set(OPENINFERENCE_PROVIDER_CALL_SPAN_KINDS);
const PROVIDER_CALL_OPERATION_IDS = new Set(AI_SDK_PROVIDER_CALL_OPERATION_IDS);

/**
 * Readers for the spans other instrumentations make: their attributes follow the GenAI semantic
 * conventions of some release (or none), so every name has fallbacks and every value is checked.
 */

/** The instrumentation scope name of an SDK span (2.x `instrumentationScope`, 1.x `instrumentationLibrary`). */
export function readScopeName(span: unknown): string | undefined {
  return readScope(span)?.name;
}

/** The instrumentation scope of an SDK span: which instrumentation made it, in which version. */
export function readScope(span: unknown): { name: string; version?: string } | undefined {
  if (typeof span !== 'object' || span === null) return undefined;
  const record = span as { instrumentationScope?: { name?: unknown; version?: unknown }; instrumentationLibrary?: { name?: unknown; version?: unknown } };
  const scope = record.instrumentationScope ?? record.instrumentationLibrary;
  const name = scope?.name;
  if (typeof name !== 'string') return undefined;
  return typeof scope?.version === 'string' ? { name, version: scope.version } : { name };
}

/** True for the spans our own instrumentations make. */
export function isInfraPrismSpan(span: unknown): boolean {
  return readScopeName(span)?.startsWith(INSTRUMENTATION_SCOPE_PREFIX) === true;
}

/** True when the span reports a `gen_ai.usage.*` token count (what a CLIENT span needs to be priced). */
export function hasGenAiUsage(attributes: Attributes): boolean {
  return (
    readCount(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_PROMPT_TOKENS) !== undefined ||
    readCount(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, ATTR_GEN_AI_USAGE_COMPLETION_TOKENS) !== undefined
  );
}

/**
 * True for an AI SDK 6 span that stands for one provider request (`ai.generateText.doGenerate`,
 * `ai.embed.doEmbed`, ...). They are INTERNAL spans; their parents repeat the usage.
 */
export function isAiSdkProviderCallSpan(attributes: Attributes): boolean {
  const operationId = attributes[ATTR_AI_OPERATION_ID];
  return typeof operationId === 'string' && PROVIDER_CALL_OPERATION_IDS.has(operationId);
}

/**
 * True for an OpenInference span that stands for one provider request (`openinference.span.kind`
 * `LLM` or `EMBEDDING`). They are INTERNAL spans; their parents (chains, agents) carry no usage of
 * their own.
 */
export function isOpenInferenceProviderCallSpan(attributes: Attributes): boolean {
  const kind = attributes[OPENINFERENCE_SPAN_KIND];
  return typeof kind === 'string' && OPENINFERENCE_CALL_KINDS.has(kind);
}

/** The semconv operation of an AI SDK 6 provider-call span. */
export function readAiSdkOperationName(attributes: Attributes): string | undefined {
  const operationId = attributes[ATTR_AI_OPERATION_ID];
  if (typeof operationId !== 'string' || !PROVIDER_CALL_OPERATION_IDS.has(operationId)) return undefined;
  return operationId.startsWith('ai.embed') ? GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS : GEN_AI_OPERATION_NAME_VALUE_CHAT;
}

/** True when the span says it describes a GenAI call, with or without usage. */
export function isGenAiSpan(attributes: Attributes): boolean {
  return readProviderName(attributes) !== undefined || hasGenAiUsage(attributes);
}

// Semconv values that contain a dot; any other dotted value is taken as `<provider>.<api>`, the
// AI SDK's raw spelling (`openai.chat`, `anthropic.messages`).
const DOTTED_PROVIDER_NAMES = new Set(['azure.ai.openai', 'azure.ai.inference', 'gcp.gemini', 'gcp.vertex_ai', 'gcp.gen_ai', 'aws.bedrock', 'ibm.watsonx.ai']);
const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  'openai': GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  'anthropic': GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  'azure-openai': 'azure.ai.openai',
  'azure': 'azure.ai.openai',
  'google': 'gcp.gemini',
  'vertex': 'gcp.vertex_ai',
  'mistral': 'mistral_ai',
  'xai': 'x_ai',
  'amazon-bedrock': 'aws.bedrock',
  // OpenInference's `llm.provider` values.
  'mistralai': 'mistral_ai',
  'aws': 'aws.bedrock',
  'vertexai': 'gcp.vertex_ai',
};

/** The provider as a semconv `gen_ai.provider.name` value, from whichever attribute the span has. */
export function readProviderName(attributes: Attributes): string | undefined {
  const raw =
    attributes[ATTR_GEN_AI_PROVIDER_NAME] ??
    attributes[ATTR_GEN_AI_SYSTEM] ??
    attributes[ATTR_AI_MODEL_PROVIDER] ??
    attributes[LLM_PROVIDER] ??
    attributes[LLM_SYSTEM];
  if (typeof raw !== 'string' || raw === '') return undefined;
  return normalizeProviderName(raw);
}

/** `openai.chat` -> `openai`, `anthropic.messages` -> `anthropic`; semconv values unchanged. */
export function normalizeProviderName(raw: string): string {
  const value = raw.toLowerCase();
  if (DOTTED_PROVIDER_NAMES.has(value)) return value;
  const head = value.split('.')[0] ?? value;
  return PROVIDER_ALIASES[head] ?? head;
}

/** The model that served the call, else the one asked for. */
export function readModel(attributes: Attributes): string | undefined {
  return readResponseModel(attributes) ?? readRequestModel(attributes);
}

export function readResponseModel(attributes: Attributes): string | undefined {
  return readFirstString(attributes, [ATTR_GEN_AI_RESPONSE_MODEL, ATTR_AI_RESPONSE_MODEL, LLM_RESPONSE_MODEL_NAME, LLM_MODEL_NAME]);
}

export function readRequestModel(attributes: Attributes): string | undefined {
  return readFirstString(attributes, [ATTR_GEN_AI_REQUEST_MODEL, ATTR_AI_MODEL_ID, LLM_REQUEST_MODEL_NAME]);
}

function readFirstString(attributes: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * The span's usage as our normalized shape. Semconv's `gen_ai.usage.input_tokens` includes cache
 * reads and writes, and so do the AI SDK's, OpenInference's and the Anthropic SDK's own spans, so
 * it is taken as the total; for a source known to leave them out (`scope`, see
 * `INPUT_TOKENS_EXCLUDE_CACHE_THROUGH_VERSION`), or a count smaller than its own cache parts, they
 * are added. `hasCacheReadCount` says whether the span reported cached input at all.
 */
export function readSpanUsage(
  attributes: Attributes,
  scope?: { name: string; version?: string },
): { usage: TokenUsage; hasCacheReadCount: boolean } | undefined {
  const input = readCount(attributes, ...INPUT_KEYS);
  const output = readCount(attributes, ...OUTPUT_KEYS);
  if (input === undefined && output === undefined) return undefined;

  const cacheRead = readCount(attributes, ...CACHE_READ_KEYS);
  const write5m = readCount(attributes, ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS);
  const write1h = readCount(attributes, ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS);
  const writeTotal = readCount(attributes, ...CACHE_WRITE_KEYS);
  const cacheParts = (cacheRead ?? 0) + Math.max(writeTotal ?? 0, (write5m ?? 0) + (write1h ?? 0));
  const excludesCache = isInputWithoutCache(scope) || (input !== undefined && input < cacheParts);
  const usage: TokenUsage = { inputTokens: (input ?? 0) + (excludesCache ? cacheParts : 0), outputTokens: output ?? 0 };

  if (cacheRead !== undefined) usage.cacheReadInputTokens = Math.min(cacheRead, usage.inputTokens);
  if (write5m !== undefined || write1h !== undefined) {
    usage.cacheWrite1hInputTokens = write1h ?? 0;
    // Writes the TTL breakdown does not cover take the API's default TTL of 5 minutes.
    usage.cacheWrite5mInputTokens = Math.max(write5m ?? 0, (writeTotal ?? 0) - (write1h ?? 0));
  } else if (writeTotal !== undefined) {
    usage.cacheWrite5mInputTokens = writeTotal;
  }
  const reasoning = readCount(attributes, ...REASONING_KEYS);
  if (reasoning !== undefined) usage.reasoningOutputTokens = Math.min(reasoning, usage.outputTokens);
  return { usage, hasCacheReadCount: cacheRead !== undefined };
}

/** True for a span of an instrumentation version whose input count leaves cache tokens out. */
function isInputWithoutCache(scope: { name: string; version?: string } | undefined): boolean {
  const through = scope === undefined ? undefined : INPUT_TOKENS_EXCLUDE_CACHE_THROUGH_VERSION[scope.name];
  if (through === undefined || scope?.version === undefined) return false;
  return compareVersions(scope.version, through) <= 0;
}

/** Compares `major.minor.patch` numerically (pre-release tags ignored); unreadable parts count as 0. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string): number[] => v.split('-')[0]!.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function readCount(attributes: Attributes, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const count = toTokenCount(attributes[key]);
    if (count !== undefined) return count;
  }
  return undefined;
}
