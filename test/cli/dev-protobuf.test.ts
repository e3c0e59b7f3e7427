// `infraprism dev` with OTLP/HTTP protobuf: a real app exporting spans with `protocol:
// 'http/protobuf'`, and the OTel SDK's own protobuf metrics exporter, both decoded by the
// receiver into the same totals as JSON.
import { metrics as metricsApi } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/cli/dev/dev-server.js';
import { init, type InfraPrism } from '../../src/index.js';
import { findCanaries, makeCanaries } from '../support/canaries.js';
import { makeKnownRun, type KnownRunExpectation } from '../support/dev-known-run.js';
import { expectPageShowsRun, readPageState } from '../support/dev-page-state.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';

const canaries = makeCanaries('dev_protobuf');
let dev: DevServer;
let provider: FakeProvider;
let setup: InfraPrism;
let expected: KnownRunExpectation;
const lines: string[] = [];

beforeAll(async () => {
  dev = await startDevServer({ port: 0, uiPort: 0, log: (line) => lines.push(line) });
  provider = await startFakeProvider();
  setup = init({
    endpoint: dev.otlpUrl,
    protocol: 'http/protobuf',
    metrics: false,
    logLevel: 'none',
    instrumentModules: { openai: OpenAI },
  });
  const client = new OpenAI({ apiKey: canaries.apiKey, baseURL: provider.openaiBaseURL, maxRetries: 0 });
  expected = await makeKnownRun(client, provider, canaries);
  await setup.flush();
});

afterAll(async () => {
  await setup?.shutdown();
  await Promise.all([dev?.close(), provider?.close()]);
});

describe('infraprism dev receiving OTLP/HTTP protobuf', () => {
  it('shows the same totals from protobuf spans as from JSON ones', async () => {
    const state = await readPageState(dev);
    expectPageShowsRun(state, expected);
    expect(lines.some((line) => line.includes(' traces ') && line.endsWith('(protobuf)'))).toBe(true);
    expect(findCanaries([JSON.stringify(state), ...lines], canaries)).toEqual([]);
  });

  it('counts the points of protobuf metrics sent by the OTel SDK exporter', async () => {
    const exporter = new OTLPMetricExporter({ url: `${dev.otlpUrl}/v1/metrics` });
    const meterProvider = new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600_000 })],
    });
    try {
      const meter = meterProvider.getMeter('dev-protobuf-test');
      meter.createCounter('dev.test.requests').add(3, { route: 'a' });
      meter.createCounter('dev.test.requests').add(1, { route: 'b' });
      meter.createHistogram('dev.test.latency').record(12);
    } finally {
      // One collection and one export, at shutdown.
      await meterProvider.shutdown();
      metricsApi.disable();
    }
    const { received } = await readPageState(dev);
    expect(received.metricNames).toEqual(['dev.test.latency', 'dev.test.requests']);
    expect(received.metricPoints).toBe(3);
    expect(lines.some((line) => line.includes('metrics  3 points of 2 metrics (protobuf)'))).toBe(true);
  });
});
