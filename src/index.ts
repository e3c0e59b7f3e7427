/**
 * InfraPrism: every LLM call of a Node app as an OpenTelemetry span with tokens, cost
 * in USD and the customer it was for — never its content.
 */
export { init, type InfraPrism } from './setup/init.js';
export { instrument } from './setup/instrument.js';
export type { InitOptions, BatchOptions, RetryOptions, OtlpProtocol, InstrumentModules } from './config/options.js';
export type { MetricAttributeOptions, MetricsOptions } from './config/options.js';
export { MetricsInstrumentation, type MetricsInstrumentationConfig } from './metrics/metrics-instrumentation.js';
export { withEntity, withTags } from './attribution/index.js';
export type { AttributionParams, Entity, Tags, TagValue } from './attribution/index.js';
export { OpenAIInstrumentation, type OpenAIInstrumentationConfig } from './instrumentation/openai/index.js';
export {
  AnthropicInstrumentation,
  type AnthropicInstrumentationConfig,
} from './instrumentation/anthropic/index.js';
export {
  BedrockRuntimeInstrumentation,
  type BedrockRuntimeInstrumentationConfig,
} from './instrumentation/bedrock/index.js';
export {
  GoogleGenAIInstrumentation,
  type GoogleGenAIInstrumentationConfig,
} from './instrumentation/google/index.js';
export {
  calculateCost,
  lookupPrice,
  normalizeAnthropicUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
} from './pricing/index.js';
export type {
  CostInput,
  CostResult,
  CostStatus,
  CustomPrices,
  ModelPrice,
  PriceLookupInput,
  PriceLookupResult,
  PricesRefreshOptions,
  PriceTableEntry,
  TokenUsage,
} from './pricing/index.js';
export { InfraPrismSpanProcessor, type InfraPrismSpanProcessorOptions } from './processing/index.js';
