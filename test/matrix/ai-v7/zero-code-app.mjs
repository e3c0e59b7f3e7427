// AI SDK 7 with no telemetry setup, as an ES module: `node [--import infraprism/register] zero-code-app.mjs`.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import * as ai from 'ai';
import { runZeroCodeCalls } from '../../support/ai-sdk-zero-code-calls.mjs';

await runZeroCodeCalls({ ai, createOpenAI, createAnthropic });
