// Issue #8: an app that registered its own global MeterProvider (NodeSDK with a metric reader,
// or by hand) gets our instruments on it from init(), and init() installs no second one.
import { metrics } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { init, withEntity, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { findMetric, setUpInMemoryMetrics, type InMemoryMetrics } from '../support/metrics.js';

let provider: FakeProvider;
let appMetrics: InMemoryMetrics;
let setup: InfraPrism;
const spans = new InMemorySpanExporter();

beforeAll(async () => {
  provider = await startFakeProvider();
  appMetrics = setUpInMemoryMetrics();
  expect(metrics.setGlobalMeterProvider(appMetrics.meterProvider)).toBe(true);
  setup = init({ logLevel: 'none', spanExporter: spans, instrumentModules: { openai: OpenAI } });
});
afterAll(async () => {
  await setup.shutdown();
  await appMetrics.shutdown();
  await provider.close();
});

it('records on the app’s global MeterProvider and leaves it registered', async () => {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
  await withEntity({ type: 'customer', id: 'acme-corp' }, () =>
    client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
  );
  await setup.flush();
  const cost = findMetric(await appMetrics.collect(), 'infraprism.client.cost');
  const spanCost = Number(spans.getFinishedSpans()[0]!.attributes['infraprism.cost.usd']);
  expect(cost.points.map((point) => [point.attributes['infraprism.entity.id'], point.value])).toEqual([['acme-corp', spanCost]]);
  expect(metrics.getMeterProvider()).toBe(appMetrics.meterProvider);
});
