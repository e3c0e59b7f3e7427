import { SpanKind, trace, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { readContextAttribution } from '../attribution/context.js';
import type { Attribution } from '../attribution/types.js';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { costAttributes, priceCall, usageAttributes } from '../instrumentation/core/cost-attributes.js';
import { isInAiSdkProviderCallScope } from '../instrumentation/ai-sdk/index.js';
import { reportInternalError } from '../instrumentation/core/errors.js';
import { lookupPrice, type TokenPrice } from '../pricing/index.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_INFRAPRISM_COST_STATUS,
  ATTR_INFRAPRISM_COST_USD,
  ATTR_INFRAPRISM_ENTITY_ID,
  ATTR_INFRAPRISM_ENTITY_TYPE,
  ATTR_INFRAPRISM_TAG_PREFIX,
  INFRAPRISM_COST_STATUS_VALUE_COUNTED_ELSEWHERE,
  INFRAPRISM_COST_STATUS_VALUE_PRICED,
  INFRAPRISM_COST_STATUS_VALUE_UPPER_BOUND,
} from '../semconv.js';
import { readCallMetadataAttribution } from './call-metadata.js';
import { scrubContent, type ScrubbableSpan } from './content-scrub.js';
import {
  hasGenAiUsage,
  isAiSdkProviderCallSpan,
  isGenAiSpan,
  isInfraPrismSpan,
  isOpenInferenceProviderCallSpan,
  readAiSdkOperationName,
  readModel,
  readProviderName,
  readRequestModel,
  readResponseModel,
  readScope,
  readSpanUsage,
} from './foreign-span.js';

/** Options of {@link InfraPrismSpanProcessor}. */
export interface InfraPrismSpanProcessorOptions {
  /**
   * Remove prompts, responses, instructions, tool data and error text from the spans of other
   * GenAI instrumentations before any exporter sees them. Default `true`.
   */
  scrubContent?: boolean;
}

/**
 * Prices and attributes the GenAI spans that other instrumentations make (contrib's
 * `@opentelemetry/instrumentation-openai`, the Anthropic SDK's own spans, the AI SDK's telemetry),
 * and removes their content. `init()` installs it on its own tracer provider; an app with its own
 * NodeSDK lists it first in `spanProcessors`.
 *
 * For a CLIENT span with `gen_ai.usage.*` from a scope that is not ours, it adds:
 * - at the start: `infraprism.entity.*` and `infraprism.tag.*` from `withEntity`/`withTags` (kept
 *   until the end, written only if the span turns out to be a priced GenAI call);
 * - at the end: `infraprism.cost.usd` and `infraprism.cost.status` — `upper_bound` when the span
 *   reports no cached input although the model has a cached price, `counted_elsewhere` (and no
 *   cost) when one of our own spans is its parent or child, which means the same provider request
 *   is already priced by ours, with the more detailed usage.
 *
 * The end work runs in `onEnding` (sdk-trace-base 2.3+), before the span is frozen. Older SDKs
 * only call `onEnd`: there the same work edits the ended span's attribute object, which reaches
 * every exporter as long as this processor is listed before the exporting ones.
 */
export class InfraPrismSpanProcessor implements SpanProcessor {
  private readonly shouldScrub: boolean;
  private readonly attributionAtStart = new WeakMap<object, Attribution>();
  private readonly nextToOurs = new WeakSet<object>();
  private readonly done = new WeakSet<object>();
  private readonly callMetadata = new WeakMap<object, Attributes>();

  constructor(options: InfraPrismSpanProcessorOptions = {}) {
    this.shouldScrub = options.scrubContent !== false;
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const parent = trace.getSpan(parentContext) as object | undefined;
      const isOurs = isInfraPrismSpan(span);
      if (parent !== undefined && isInfraPrismSpan(parent) !== isOurs) {
        // One of the two is ours: the foreign one of the pair is counted elsewhere.
        this.nextToOurs.add(isOurs ? parent : span);
      }
      if (isOurs) return;
      // @ai-sdk/otel's `chat`/`embeddings` span of a provider call our ai:telemetry span prices.
      if (isInAiSdkProviderCallScope()) this.nextToOurs.add(span);
      this.inheritCallMetadata(span, parent);
      const attribution = readContextAttribution(parentContext);
      if (attribution.entityType === undefined && attribution.entityId === undefined && Object.keys(attribution.tags).length === 0) {
        return;
      }
      // A span that says at its start that it is a GenAI client call gets its entity now, where
      // the processors after us see it; any other is decided at its end, by its usage.
      if ((span.kind === SpanKind.CLIENT && isGenAiSpan(span.attributes)) || isInternalProviderCallSpan(span.attributes)) {
        span.setAttributes(attributionAttributes(span.attributes, attribution));
      } else {
        this.attributionAtStart.set(span, attribution);
      }
    } catch (error) {
      reportInternalError('starting a span in InfraPrismSpanProcessor', error);
    }
  }

  /**
   * AI SDK 7 records a call's runtime context on its root and step spans, not on the provider
   * call's span below them: what a span's ancestors carried is handed down to it.
   */
  private inheritCallMetadata(span: Span, parent: object | undefined): void {
    const inherited = parent !== undefined ? this.callMetadata.get(parent) : undefined;
    const own = readCallMetadataAttribution(span.attributes);
    if (inherited === undefined && Object.keys(own).length === 0) return;
    this.callMetadata.set(span, { ...inherited, ...own });
  }

  onEnding(span: Span): void {
    this.finish(span);
  }

  onEnd(span: ReadableSpan): void {
    // SDKs before 2.3 never call onEnding.
    this.finish(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private finish(span: ReadableSpan): void {
    try {
      // Our own spans need nothing here: checked first, so they never enter the WeakSet.
      if (isInfraPrismSpan(span) || this.done.has(span)) return;
      this.done.add(span);
      // The span's own attribute object: writing into it works in onEnding and, for old SDKs,
      // in onEnd before the exporting processors run.
      const attributes = span.attributes as Attributes;
      if (this.shouldScrub) scrubContent(span as unknown as ScrubbableSpan);
      // A provider request is a CLIENT span with usage, or an AI SDK 6 `do*` span or an
      // OpenInference LLM span (both INTERNAL). Never an AI SDK root (`invoke_agent`,
      // `ai.generateText`): they repeat their steps' usage.
      const isInternalCall = isInternalProviderCallSpan(attributes);
      if (span.kind !== SpanKind.CLIENT && !isInternalCall) return;
      if (this.nextToOurs.has(span) && isGenAiSpan(attributes)) {
        attributes[ATTR_INFRAPRISM_COST_STATUS] = INFRAPRISM_COST_STATUS_VALUE_COUNTED_ELSEWHERE;
        delete attributes[ATTR_INFRAPRISM_COST_USD];
        return;
      }
      if (!isInternalCall && !hasGenAiUsage(attributes)) return;
      Object.assign(attributes, attributionAttributes(attributes, this.attributionAtStart.get(span)));
      // Per-call metadata wins over withEntity/withTags, as per-call params do on our own spans.
      Object.assign(attributes, this.callMetadata.get(span), readCallMetadataAttribution(attributes));
      const scope = readScope(span);
      Object.assign(attributes, normalizedCallAttributes(attributes, scope));
      // Dated price changes: the price in force when the call started.
      Object.assign(attributes, priceAttributes(attributes, hrTimeToMilliseconds(span.startTime), scope));
    } catch (error) {
      reportInternalError('ending a span in InfraPrismSpanProcessor', error);
    }
  }
}

type SpanScope = ReturnType<typeof readScope>;

/** AI SDK 6 `do*` spans and OpenInference LLM spans: INTERNAL spans that are provider requests. */
function isInternalProviderCallSpan(attributes: Attributes): boolean {
  return isAiSdkProviderCallSpan(attributes) || isOpenInferenceProviderCallSpan(attributes);
}

/** Entity and tags from the context, without overwriting what the span already says. */
function attributionAttributes(existing: Attributes, attribution: Attribution | undefined): Attributes {
  const attributes: Attributes = {};
  if (!attribution) return attributes;
  if (attribution.entityType !== undefined && existing[ATTR_INFRAPRISM_ENTITY_TYPE] === undefined) {
    attributes[ATTR_INFRAPRISM_ENTITY_TYPE] = attribution.entityType;
  }
  if (attribution.entityId !== undefined && existing[ATTR_INFRAPRISM_ENTITY_ID] === undefined) {
    attributes[ATTR_INFRAPRISM_ENTITY_ID] = attribution.entityId;
  }
  for (const [key, value] of Object.entries(attribution.tags)) {
    const name = `${ATTR_INFRAPRISM_TAG_PREFIX}${key}`;
    if (existing[name] === undefined) attributes[name] = value;
  }
  return attributes;
}

/**
 * The attributes our own spans carry, where the foreign span has them under another name (AI SDK 6:
 * `gen_ai.system: openai.chat`, `ai.model.id`, `ai.usage.*`) or not at all: semconv provider name,
 * operation, models and usage details, so every priced span reads the same.
 */
function normalizedCallAttributes(existing: Attributes, scope?: SpanScope): Attributes {
  const attributes: Attributes = {};
  const provider = readProviderName(existing);
  if (provider !== undefined && existing[ATTR_GEN_AI_PROVIDER_NAME] !== provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
  const operation = readAiSdkOperationName(existing);
  if (operation !== undefined && existing[ATTR_GEN_AI_OPERATION_NAME] === undefined) attributes[ATTR_GEN_AI_OPERATION_NAME] = operation;
  const requestModel = readRequestModel(existing);
  if (requestModel !== undefined && existing[ATTR_GEN_AI_REQUEST_MODEL] === undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = requestModel;
  const responseModel = readResponseModel(existing);
  if (responseModel !== undefined && existing[ATTR_GEN_AI_RESPONSE_MODEL] === undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
  const usage = readSpanUsage(existing, scope)?.usage;
  if (usage) {
    for (const [key, value] of Object.entries(usageAttributes(usage))) {
      if (existing[key] === undefined) attributes[key] = value;
    }
  }
  return attributes;
}

/** Cost and status of a foreign span's usage, priced like ours at `at` (the span's start, epoch ms). */
export function priceAttributes(attributes: Attributes, at?: number, scope?: SpanScope): Attributes {
  const read = readSpanUsage(attributes, scope);
  const provider = readProviderName(attributes);
  const model = readModel(attributes);
  const cost = priceCall({ provider, model, usage: read?.usage, at });
  let status: string = cost.status;
  if (cost.status === INFRAPRISM_COST_STATUS_VALUE_PRICED && read && !read.hasCacheReadCount) {
    const price = model === undefined ? undefined : lookupPrice({ provider, model, at })?.price;
    const cacheRead = price?.cacheReadInput;
    if (price && cacheRead !== undefined && basePrice(cacheRead) < basePrice(price.input) && read.usage.inputTokens > 0) {
      status = INFRAPRISM_COST_STATUS_VALUE_UPPER_BOUND;
    }
  }
  return costAttributes({ ...cost, status });
}

/** A long-context price compares by its base (short-context) price. */
function basePrice(price: TokenPrice): number {
  return typeof price === 'number' ? price : price.base;
}
