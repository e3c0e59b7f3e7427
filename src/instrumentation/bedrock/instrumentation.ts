import { SdkInstrumentation } from '../core/sdk-instrumentation.js';
import { BEDROCK_RUNTIME_SDK, type BedrockRuntimeInstrumentationConfig } from './definition.js';

/**
 * OpenTelemetry instrumentation for `@aws-sdk/client-bedrock-runtime` (v3): `Converse`,
 * `ConverseStream`, `InvokeModel` and `InvokeModelWithResponseStream` each become one CLIENT span
 * with tokens (prompt-cache reads and writes included), cost and attribution. Add it to a
 * NodeSDK's `instrumentations`, or let `init()` register it. (The generic instrumentation under
 * its public name; everything specific to the SDK is in definition.ts.)
 */
export class BedrockRuntimeInstrumentation extends SdkInstrumentation<BedrockRuntimeInstrumentationConfig> {
  constructor(config: BedrockRuntimeInstrumentationConfig = {}) {
    super(BEDROCK_RUNTIME_SDK, config);
  }
}
