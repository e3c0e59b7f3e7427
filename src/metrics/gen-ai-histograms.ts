import { ValueType, type Attributes, type Histogram, type Meter } from '@opentelemetry/api';
import type { EndedCall } from '../instrumentation/core/call-listeners.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_CLIENT_DURATION_BUCKETS,
  GEN_AI_CLIENT_TOKEN_USAGE_BUCKETS,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '../semconv.js';
import { asIs, CardinalityGuard } from './cardinality-guard.js';

/**
 * The GenAI semantic-convention client histograms: token usage, operation duration and,
 * for streams, time to first chunk, with the semconv attributes (no entity: per-entity
 * numbers are the cost counter's job, where the cardinality is bounded on purpose).
 */
export class GenAiHistograms {
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;
  private readonly timeToFirstChunk: Histogram;
  // Token usage and time to first chunk share the semconv set (token usage adds only the
  // two-valued type); duration adds error.type, so it counts its own sets.
  private readonly guard: CardinalityGuard<EndedCall, SemconvEntry>;
  private readonly durationGuard: CardinalityGuard<EndedCall, Attributes>;

  constructor(meter: Meter, cardinalityLimit: number) {
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...GEN_AI_CLIENT_TOKEN_USAGE_BUCKETS] },
    });
    this.duration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...GEN_AI_CLIENT_DURATION_BUCKETS] },
    });
    this.timeToFirstChunk = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
      description: 'Time to receive the first chunk of a streamed response, from the request.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...GEN_AI_CLIENT_DURATION_BUCKETS] },
    });
    this.guard = new CardinalityGuard(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, cardinalityLimit, genAiAttributes, semconvEntry);
    this.durationGuard = new CardinalityGuard(
      METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
      cardinalityLimit,
      durationAttributes,
      asIs,
    );
  }

  record(call: EndedCall): void {
    const key = genAiAttributesKey(call);
    const durationKey = call.errorType !== undefined ? `${key}${JSON.stringify(call.errorType)}` : key;
    this.duration.record(call.durationSeconds, this.durationGuard.admit(durationKey, call));
    const entry = this.guard.admit(key, call);
    if (call.isStreaming && call.timeToFirstChunkSeconds !== undefined) {
      this.timeToFirstChunk.record(call.timeToFirstChunkSeconds, entry.attributes);
    }
    // Semconv: report token usage only when the provider reported it.
    if (call.usage !== undefined) {
      this.tokenUsage.record(call.usage.inputTokens, entry.inputTokens);
      this.tokenUsage.record(call.usage.outputTokens, entry.outputTokens);
    }
  }
}

/** The attribute objects of one admitted semconv set, built once. */
interface SemconvEntry {
  attributes: Attributes;
  inputTokens: Attributes;
  outputTokens: Attributes;
}

function semconvEntry(attributes: Attributes): SemconvEntry {
  return {
    attributes,
    inputTokens: Object.freeze({ ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT }),
    outputTokens: Object.freeze({ ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT }),
  };
}

function durationAttributes(call: EndedCall): Attributes {
  const attributes = genAiAttributes(call);
  if (call.errorType !== undefined) attributes[ATTR_ERROR_TYPE] = call.errorType;
  return attributes;
}

/** Identifies the set {@link genAiAttributes} makes for a call (an absent value is `null`). */
function genAiAttributesKey(call: EndedCall): string {
  return JSON.stringify([
    call.operationName,
    call.providerName,
    call.requestModel,
    call.responseModel,
    call.serverAddress,
    call.serverAddress !== undefined ? call.serverPort : undefined,
  ]);
}

/** The semconv `metric_attributes.gen_ai` group. */
export function genAiAttributes(call: EndedCall): Attributes {
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: call.operationName,
    [ATTR_GEN_AI_PROVIDER_NAME]: call.providerName,
  };
  if (call.requestModel !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = call.requestModel;
  if (call.responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = call.responseModel;
  if (call.serverAddress !== undefined) {
    attributes[ATTR_SERVER_ADDRESS] = call.serverAddress;
    if (call.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = call.serverPort;
  }
  return attributes;
}
