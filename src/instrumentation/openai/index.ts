export { OpenAIInstrumentation, SUPPORTED_OPENAI_MAJORS, type OpenAIInstrumentationConfig } from './instrumentation.js';
