// AI SDK 6 with no telemetry setup, as CommonJS: `node [-r infraprism/register] zero-code-app.cjs`.
const { createAnthropic } = require('@ai-sdk/anthropic');
const { createOpenAI } = require('@ai-sdk/openai');
const ai = require('ai');

void import('../../support/ai-sdk-zero-code-calls.mjs').then(({ runZeroCodeCalls }) => runZeroCodeCalls({ ai, createOpenAI, createAnthropic }));
