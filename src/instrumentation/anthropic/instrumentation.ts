import { SdkInstrumentation } from '../core/sdk-instrumentation.js';
import { ANTHROPIC_SDK, type AnthropicInstrumentationConfig } from './definition.js';

/**
 * OpenTelemetry instrumentation for `@anthropic-ai/sdk` (0.30+ and 1.x), including the
 * `AnthropicBedrock` and `AnthropicVertex` clients: each call becomes one CLIENT span with
 * tokens, cost and attribution. Add it to a NodeSDK's `instrumentations`, or let `init()`
 * register it. (The generic instrumentation under its public name; everything specific to
 * the SDK is in definition.ts.)
 */
export class AnthropicInstrumentation extends SdkInstrumentation<AnthropicInstrumentationConfig> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(ANTHROPIC_SDK, config);
  }
}
