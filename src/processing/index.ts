// Span processing for the GenAI spans of other instrumentations: price, attribute, scrub.
export { InfraPrismSpanProcessor, type InfraPrismSpanProcessorOptions } from './infraprism-span-processor.js';
