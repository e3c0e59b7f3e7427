export { OpenAIInstrumentation } from './instrumentation.js';
export { OPENAI_SDK, SUPPORTED_OPENAI_MAJORS, type OpenAIInstrumentationConfig } from './definition.js';
