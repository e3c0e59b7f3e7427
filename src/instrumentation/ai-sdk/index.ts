export { AiSdkInstrumentation, AI_SDK_6_TELEMETRY_FUNCTIONS, type AiSdkInstrumentationConfig } from './instrumentation.js';
export { isInAiSdkProviderCallScope } from './telemetry-channel.js';
