export { AnthropicInstrumentation } from './instrumentation.js';
export { ANTHROPIC_SDK, SUPPORTED_ANTHROPIC_MAJORS, type AnthropicInstrumentationConfig } from './definition.js';
