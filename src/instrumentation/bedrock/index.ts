export { BedrockRuntimeInstrumentation, SUPPORTED_BEDROCK_RUNTIME_MAJORS } from './instrumentation.js';
export type { BedrockRuntimeInstrumentationConfig } from './instrumentation.js';
