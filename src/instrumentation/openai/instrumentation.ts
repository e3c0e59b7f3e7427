import { SdkInstrumentation } from '../core/sdk-instrumentation.js';
import { OPENAI_SDK, type OpenAIInstrumentationConfig } from './definition.js';

/**
 * OpenTelemetry instrumentation for the `openai` package (majors 4 to 7): each call
 * becomes one CLIENT span with tokens, cost and attribution. Add it to a NodeSDK's
 * `instrumentations`, or let `init()` register it. (The generic instrumentation under its
 * public name; everything specific to openai is in definition.ts.)
 */
export class OpenAIInstrumentation extends SdkInstrumentation<OpenAIInstrumentationConfig> {
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(OPENAI_SDK, config);
  }
}
