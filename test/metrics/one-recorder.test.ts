// init() with metrics plus a MetricsInstrumentation the app adds itself (NodeSDK
// `instrumentations`) used to count every call twice: only the first enabled instance records,
// the other stays silent with one diag warning and takes over when the first is disabled.
import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { init, MetricsInstrumentation, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { findMetric, setUpInMemoryMetrics, type InMemoryMetrics } from '../support/metrics.js';

const warnings: string[] = [];
let provider: FakeProvider;
let appMetrics: InMemoryMetrics;
let setup: InfraPrism;
let appInstrumentation: MetricsInstrumentation;
let client: OpenAI;
const spans = new InMemorySpanExporter();

beforeAll(async () => {
  diag.setLogger(
    { error: () => {}, warn: (...args) => warnings.push(args.join(" ")), info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  provider = await startFakeProvider();
  appMetrics = setUpInMemoryMetrics();
  metrics.setGlobalMeterProvider(appMetrics.meterProvider);
  setup = init({ logLevel: 'none', spanExporter: spans, instrumentModules: { openai: OpenAI } });
  appInstrumentation = new MetricsInstrumentation();
  appInstrumentation.setMeterProvider(appMetrics.meterProvider);
  client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
});
afterAll(async () => {
  appInstrumentation.disable();
  await setup.shutdown();
  await appMetrics.shutdown();
  await provider.close();
  diag.disable();
});

async function chat(): Promise<void> {
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  await setup.flush();
}

function spanCostSum(): number {
  return spans.getFinishedSpans().reduce((sum, span) => sum + Number(span.attributes['infraprism.cost.usd']), 0);
}

async function recorded(): Promise<{ cost: number; calls: number }> {
  const all = await appMetrics.collect();
  const cost = findMetric(all, 'infraprism.client.cost').points.reduce((sum, point) => sum + (point.value ?? 0), 0);
  const calls = findMetric(all, 'gen_ai.client.operation.duration').points.reduce((sum, point) => sum + (point.count ?? 0), 0);
  return { cost, calls };
}

it('counts a call once when init() and the app each enable a MetricsInstrumentation, with one warning', async () => {
  await chat();
  await chat();
  const { cost, calls } = await recorded();
  expect(calls).toBe(2);
  expect(spanCostSum()).toBeGreaterThan(0);
  expect(cost).toBeCloseTo(spanCostSum(), 10);
  expect(warnings.filter((line) => line.includes('a second MetricsInstrumentation'))).toHaveLength(1);
});

it('lets the standby instance record once the first is disabled, so no call goes uncounted', async () => {
  const ours = setup.instrumentations.find((instrumentation) => instrumentation instanceof MetricsInstrumentation);
  expect(ours).toBeDefined();
  ours!.disable();
  await chat();
  const { cost, calls } = await recorded();
  expect(calls).toBe(3);
  expect(cost).toBeCloseTo(spanCostSum(), 10);
});
