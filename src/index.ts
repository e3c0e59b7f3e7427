/**
 * InfraPrism: every LLM call of a Node app as an OpenTelemetry span with tokens, cost
 * in USD and the customer it was for — never its content.
 */
export { init, type InfraPrism } from './setup/init.js';
export { instrument } from './setup/instrument.js';
export type { InitOptions, BatchOptions, InstrumentModules } from './config/options.js';
export { withEntity, withTags } from './attribution/index.js';
export type { AttributionParams, Entity, Tags, TagValue } from './attribution/index.js';
export { OpenAIInstrumentation, type OpenAIInstrumentationConfig } from './instrumentation/openai/index.js';
export { calculateCost } from './pricing/index.js';
export type { CostResult, CostStatus, TokenUsage } from './pricing/index.js';
export { InfraPrismSpanProcessor, type InfraPrismSpanProcessorOptions } from './processing/index.js';
