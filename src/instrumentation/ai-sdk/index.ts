export { AI_SDK_PACKAGE_NAME, AiSdkInstrumentation, AI_SDK_6_TELEMETRY_FUNCTIONS, type AiSdkInstrumentationConfig } from './instrumentation.js';
export { isInAiSdkProviderCallScope } from './telemetry-channel.js';
