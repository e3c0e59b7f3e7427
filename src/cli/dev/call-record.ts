/**
 * One LLM call as the dev page shows it, read from a received span: our `infraprism.*` attributes
 * and the `gen_ai.*` names and numbers, nothing else (no content attribute is ever read).
 */
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_INFRAPRISM_COST_STATUS,
  ATTR_INFRAPRISM_COST_USD,
  ATTR_INFRAPRISM_ENTITY_ID,
  ATTR_INFRAPRISM_ENTITY_TYPE,
  ATTR_INFRAPRISM_TAG_PREFIX,
  INFRAPRISM_COST_STATUS_VALUE_COUNTED_ELSEWHERE,
} from '../../semconv.js';
import type { ReceivedSpan, ScalarValue } from './otlp-request.js';

export interface CallRecord {
  /** When the call ended, Unix milliseconds. */
  readonly time: number;
  readonly durationMs: number;
  readonly operation: string | undefined;
  readonly provider: string | undefined;
  /** The response model, else the requested one. */
  readonly model: string | undefined;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly costStatus: string | undefined;
  readonly entityType: string | undefined;
  readonly entityId: string | undefined;
  /** `infraprism.tag.<key>` values as text. */
  readonly tags: Readonly<Record<string, string>>;
  readonly isError: boolean;
}

/**
 * The call a span describes, or `undefined` for a span that is not a priced LLM call of ours or
 * another instrumentation's GenAI span. A span whose request another span prices
 * (`counted_elsewhere`) is skipped, so each request counts once.
 */
export function readCallRecord(span: ReceivedSpan): CallRecord | undefined {
  const { attributes } = span;
  const costStatus = readText(attributes, ATTR_INFRAPRISM_COST_STATUS);
  const operation = readText(attributes, ATTR_GEN_AI_OPERATION_NAME);
  if (costStatus === undefined && operation === undefined) return undefined;
  if (costStatus === INFRAPRISM_COST_STATUS_VALUE_COUNTED_ELSEWHERE) return undefined;
  const tags: Record<string, string> = {};
  for (const [key, value] of attributes) {
    if (key.startsWith(ATTR_INFRAPRISM_TAG_PREFIX)) tags[key.slice(ATTR_INFRAPRISM_TAG_PREFIX.length)] = String(value);
  }
  return {
    time: span.endTimeMs,
    durationMs: Math.max(0, span.endTimeMs - span.startTimeMs),
    operation,
    provider: readText(attributes, ATTR_GEN_AI_PROVIDER_NAME),
    model: readText(attributes, ATTR_GEN_AI_RESPONSE_MODEL) ?? readText(attributes, ATTR_GEN_AI_REQUEST_MODEL),
    inputTokens: readCount(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS),
    outputTokens: readCount(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS),
    costUsd: readCount(attributes, ATTR_INFRAPRISM_COST_USD),
    costStatus,
    entityType: readText(attributes, ATTR_INFRAPRISM_ENTITY_TYPE),
    entityId: readText(attributes, ATTR_INFRAPRISM_ENTITY_ID),
    tags,
    isError: span.isError,
  };
}

function readText(attributes: ReadonlyMap<string, ScalarValue>, key: string): string | undefined {
  const value = attributes.get(key);
  return value === undefined ? undefined : String(value);
}

function readCount(attributes: ReadonlyMap<string, ScalarValue>, key: string): number | undefined {
  const value = attributes.get(key);
  return typeof value === 'number' && value >= 0 ? value : undefined;
}
