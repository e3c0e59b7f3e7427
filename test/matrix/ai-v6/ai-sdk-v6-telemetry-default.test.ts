// What the `ai` 6 patch changes, on the real CommonJS module: a call without
// `experimental_telemetry` runs with telemetry on and recordInputs/recordOutputs off; a caller's
// own setting, even `isEnabled: false`, reaches the AI SDK untouched; results are the AI SDK's own.
import { createRequire } from 'node:module';
import { createOpenAI } from '@ai-sdk/openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { AiSdkInstrumentation } from '../../../src/instrumentation/ai-sdk/index.js';
import { abortAtFirstTextDelta, useAiSdkBed } from '../../support/ai-sdk-bed.js';

type GenerateText = (options: Record<string, unknown>) => Promise<{ text: string; usage: unknown }>;

const bed = useAiSdkBed();
const ai = createRequire(import.meta.url)('ai') as Record<string, unknown>;
let patched: Record<string, unknown>;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(() => {
  patched = new AiSdkInstrumentation({ enabled: false }).patchModule(ai) as Record<string, unknown>;
  openai = createOpenAI({ apiKey: 'sk-test', baseURL: bed.fake.openaiBaseURL });
});

describe('the ai 6 telemetry default', () => {
  it('hands the app a copy with the six functions wrapped and every other export the module own', () => {
    expect(patched).not.toBe(ai);
    for (const name of ['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany']) {
      expect(patched[name]).not.toBe(ai[name]);
    }
    expect(patched['tool']).toBe(ai['tool']);
    expect(patched['APICallError']).toBe(ai['APICallError']);
    expect(Object.keys(patched).sort()).toEqual(Object.keys(ai).sort());
  });

  it('turns telemetry on for a call that sets none: its provider call is priced', async () => {
    const result = await (patched['generateText'] as GenerateText)({ model: openai.chat('gpt-4o'), prompt: 'hello' });
    expect(result.text).not.toBe('');
    const priced = await bed.pricedSpans();
    expect(priced.map((span) => span.name)).toEqual(['ai.generateText.doGenerate']);
    expect(priced[0]!.attributes['infraprism.cost.usd']).toBe(0.005375);
  });

  it("leaves a caller's experimental_telemetry as it is: isEnabled false gives no span", async () => {
    await (patched['generateText'] as GenerateText)({ model: openai.chat('gpt-4o'), prompt: 'hello', experimental_telemetry: { isEnabled: false } });
    expect(await bed.exportedSpans()).toEqual([]);
  });

  it('ends the provider-call span of a stream the caller aborts, which ai 6 leaves open', async () => {
    bed.fake.enqueue('/v1/chat/completions', { chunks: 6, stallAfterChunks: 3 });
    const controller = new AbortController();
    const streamText = patched['streamText'] as (options: Record<string, unknown>) => { fullStream: AsyncIterable<{ type: string }> };
    const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello', abortSignal: controller.signal });
    await abortAtFirstTextDelta(result.fullStream, controller);

    const spans = await bed.exportedSpans();
    const call = spans.find((span) => span.name === 'ai.streamText.doStream');
    expect(call).toBeDefined();
    expect(call!.status.code).toBe(2);
    expect(call!.attributes).toMatchObject({ 'error.type': 'aborted', 'infraprism.cost.status': 'no_usage', 'gen_ai.provider.name': 'openai' });
    expect(spans.find((span) => span.name === 'ai.streamText')!.parentSpanId).toBeUndefined();
    expect(call!.parentSpanId).toBe(spans.find((span) => span.name === 'ai.streamText')!.spanId);
  });

  it('passes the caller options on without changing them, with content recording off', async () => {
    const seen: unknown[] = [];
    const stub = { generateText: (options: unknown) => (seen.push(options), 'result') };
    const wrapped = new AiSdkInstrumentation({ enabled: false }).patchModule(stub) as typeof stub;
    const options = { prompt: 'hello', temperature: 0 };
    const own = { prompt: 'hello', experimental_telemetry: { isEnabled: true } };
    expect(wrapped.generateText(options)).toBe('result');
    wrapped.generateText(own);
    expect(options).toEqual({ prompt: 'hello', temperature: 0 });
    expect(seen[0]).toEqual({ prompt: 'hello', temperature: 0, experimental_telemetry: { isEnabled: true, recordInputs: false, recordOutputs: false } });
    expect(seen[1]).toBe(own);
  });
});
