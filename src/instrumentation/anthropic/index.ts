export {
  AnthropicInstrumentation,
  SUPPORTED_ANTHROPIC_MAJORS,
  type AnthropicInstrumentationConfig,
} from './instrumentation.js';
