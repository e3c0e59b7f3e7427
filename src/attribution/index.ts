export { withEntity, withTags, readContextAttribution, ensureContextManager } from './context.js';
export { splitAttributionParams, mergeAttribution } from './params.js';
export type { Attribution, AttributionParams, Entity, Tags, TagValue } from './types.js';
