/**
 * Issue #5, item 1: `instrument({ anthropic: Anthropic })` patches a module handed over by the app
 * (loaded or bundled where no hook sees it), and spans go to the global tracer provider.
 */
import Anthropic from '@anthropic-ai/sdk';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instrument } from '../../../src/setup/instrument.js';
import { startFakeProvider, type FakeProvider } from '../../support/fake-provider/index.js';
import { ourSpans } from '../../support/anthropic-test-bed.js';

let provider: FakeProvider;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  provider = await startFakeProvider();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(async () => {
  await provider.close();
  trace.disable();
});

it('traces a module handed over with instrument(), once even when handed over twice', async () => {
  instrument({ anthropic: Anthropic });
  instrument({ anthropic: { default: Anthropic } });
  // Native SDK spans off: this test is about ours alone.
  const client = new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: provider.anthropicBaseURL,
    maxRetries: 0,
    ...({ openTelemetry: false } as Record<string, unknown>),
  });
  await client.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 16,
    messages: [{ role: 'user', content: 'Hi' }],
    entity_id: 'handed-over',
  } as Anthropic.MessageCreateParamsNonStreaming);
  const spans = ourSpans(exporter.getFinishedSpans());
  expect(spans).toHaveLength(1);
  expect(spans[0]!.attributes['infraprism.entity.id']).toBe('handed-over');
  expect(provider.requests[0]!.json).not.toHaveProperty('entity_id');
});
