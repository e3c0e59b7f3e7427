export { BedrockRuntimeInstrumentation } from './instrumentation.js';
export { BEDROCK_RUNTIME_SDK, SUPPORTED_BEDROCK_RUNTIME_MAJORS, type BedrockRuntimeInstrumentationConfig } from './definition.js';
