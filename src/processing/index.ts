// Span processing for the GenAI spans of other instrumentations: price, attribute, scrub (#11).
export { InfraPrismSpanProcessor, type InfraPrismSpanProcessorOptions } from './infraprism-span-processor.js';
