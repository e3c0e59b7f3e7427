export { GoogleGenAIInstrumentation } from './instrumentation.js';
export {
  GOOGLE_GENAI_SDK,
  SUPPORTED_GOOGLE_GENAI_MAJORS,
  type GoogleGenAIInstrumentationConfig,
} from './definition.js';
