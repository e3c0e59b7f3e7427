// Issue #3, item 8: an app that already runs OpenTelemetry (NodeSDK or its own provider)
// keeps its provider: init() installs no second one and our spans go to the app's.
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { init } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';

let provider: FakeProvider;
const appExporter = new InMemorySpanExporter();
const appProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });

beforeAll(async () => {
  provider = await startFakeProvider();
  trace.setGlobalTracerProvider(appProvider);
});
afterAll(() => provider.close());

it('uses the app’s tracer provider instead of installing its own', async () => {
  const setup = init({ instrumentModules: { openai: OpenAI } });
  expect(setup.tracerProvider).toBe(trace.getTracerProvider());
  expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(appProvider);

  const client = new OpenAI({ apiKey: 'k', baseURL: provider.openaiBaseURL });
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  await setup.flush();
  expect(appExporter.getFinishedSpans().map((span) => span.name)).toEqual(['chat gpt-4o']);
});
