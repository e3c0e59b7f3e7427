import { SdkInstrumentation } from '../core/sdk-instrumentation.js';
import { GOOGLE_GENAI_SDK, type GoogleGenAIInstrumentationConfig } from './definition.js';

/**
 * OpenTelemetry instrumentation for `@google/genai` (1.x to 3.x, Gemini API and Vertex AI):
 * each HTTP request of `models.generateContent`, `generateContentStream`, `embedContent` and of
 * chat sessions becomes one CLIENT span with tokens, cost and attribution. Add it to a NodeSDK's
 * `instrumentations`, or let `init()` register it.
 */
export class GoogleGenAIInstrumentation extends SdkInstrumentation<GoogleGenAIInstrumentationConfig> {
  constructor(config: GoogleGenAIInstrumentationConfig = {}) {
    super(GOOGLE_GENAI_SDK, config);
  }
}
