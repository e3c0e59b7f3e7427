// `infraprism dev` with OTLP/HTTP protobuf: a real app exporting spans with `protocol:
// 'http/protobuf'`, and the OTel SDK's own protobuf metrics exporter, both decoded by the
// receiver into the same totals as JSON.
import { metrics as metricsApi } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../src/cli/dev/dev-server.js';
import { findCanaries, makeCanaries } from '../support/canaries.js';
import { makeKnownRun, startDevApp, type DevApp, type KnownRunExpectation } from '../support/dev-known-run.js';
import { expectPageShowsRun, readPageState } from '../support/dev-page-state.js';

const canaries = makeCanaries('dev_protobuf');
let app: DevApp;
let dev: DevServer;
let lines: string[];
let expected: KnownRunExpectation;

beforeAll(async () => {
  app = await startDevApp(canaries, { protocol: 'http/protobuf', metrics: false });
  ({ dev, lines } = app);
  expected = await makeKnownRun(app.client, app.provider, canaries);
  await app.setup.flush();
});

afterAll(async () => {
  await app?.close();
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
