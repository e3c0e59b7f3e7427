// The scale-out layout, for real: a first tier running collector/loadbalancer-config.yaml routes
// the app's spans by trace id to two gateways, each running collector-config.yaml unchanged with
// its own queue directory; Prometheus scrapes both gateways. One gateway is restarted mid-run
// (the app keeps calling while it is down). No span may be lost, and the span-derived cost
// summed over both gateways must equal the sum of the span costs: no span counted twice. The
// app's own metrics go through the first tier too, each stream to one gateway.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, withEntity, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import {
  allocateShippedPorts,
  COLLECTOR_BIN,
  eventually,
  freeLoopbackPort,
  LOADBALANCER_CONFIG,
  readCollectorVersion,
  requireBinary,
  startCollector,
  startShippedCollector,
  type CollectorProcess,
  type ShippedCollectorOptions,
} from '../support/otelcol.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import { readPrometheusVersion, startPrometheus, type PromSeries, type PrometheusServer } from '../support/prometheus-server.js';

const collectorVersion = readCollectorVersion();
const prometheusVersion = readPrometheusVersion();
const METRIC = 'infraprism_span_cost_USD_total';
const CLIENT_METRIC = 'infraprism_client_cost_USD_total';

/**
 * What a counter counted over a range, across restarts of the process that exposes it (the
 * gateway's deltatocumulative state starts at zero again): a series that drops, or comes back
 * after a gap (it went stale while its target was down), restarted from zero, so the value it
 * had reached before counts too. Without extrapolation, unlike increase().
 */
function countedAcrossRestarts(series: PromSeries): number {
  let total = 0;
  let previous: { time: number; value: number } | undefined;
  for (const [time, raw] of series.values) {
    const value = Number(raw);
    if (previous !== undefined && (value < previous.value || time - previous.time > 2)) total += previous.value;
    previous = { time, value };
  }
  return total + (previous?.value ?? 0);
}

function costPerEntity(spans: readonly FlatSpan[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const span of spans) {
    const usd = span.attributes['infraprism.cost.usd'];
    if (typeof usd !== 'number') continue;
    const entity = String(span.attributes['infraprism.entity.id']);
    sums.set(entity, (sums.get(entity) ?? 0) + usd);
  }
  return sums;
}

if (collectorVersion === undefined) {
  requireBinary(`the collector binary (${COLLECTOR_BIN})`, 'run `npm run collector:build` (Go 1.26)');
} else if (prometheusVersion === undefined) {
  requireBinary('the prometheus binary', 'apt-get install prometheus (Debian)');
} else {
  describe(`loadbalancer-config.yaml in front of two collector-config.yaml gateways (${collectorVersion})`, () => {
    let provider: FakeProvider;
    let backend: OtlpReceiver;
    let infraprism: OtlpReceiver;
    const gateways: Array<{ options: ShippedCollectorOptions; process: CollectorProcess | undefined }> = [];
    let loadbalancer: CollectorProcess;
    let prometheus: PrometheusServer;
    const queueDirs: string[] = [];
    let setup: InfraPrism;
    let client: OpenAI;

    beforeAll(async () => {
      provider = await startFakeProvider();
      backend = await startOtlpReceiver();
      infraprism = await startOtlpReceiver();
      for (let i = 0; i < 2; i++) {
        const queueDir = await mkdtemp(join(tmpdir(), `infraprism-otelcol-gateway-${i}-`));
        queueDirs.push(queueDir);
        const options = { ports: await allocateShippedPorts(), tracingBackend: backend.url, infraprismEndpoint: infraprism.url, queueDir };
        gateways.push({ options, process: await startShippedCollector(options) });
      }
      const lbHttp = await freeLoopbackPort();
      loadbalancer = await startCollector({
        config: LOADBALANCER_CONFIG,
        sets: [
          `receivers.otlp.protocols.http.endpoint=127.0.0.1:${lbHttp}`,
          `receivers.otlp.protocols.grpc.endpoint=127.0.0.1:${await freeLoopbackPort()}`,
          'service.telemetry.metrics.level=none',
        ],
        env: { OTELCOL_GATEWAYS: `[${gateways.map((g) => `127.0.0.1:${g.options.ports.otlpGrpc}`).join(', ')}]` },
      });
      prometheus = await startPrometheus({ targets: gateways.map((g) => `127.0.0.1:${g.options.ports.prometheus}`) });
      // Spans and the app's own metrics both go through the first tier.
      setup = init({
        endpoint: `http://127.0.0.1:${lbHttp}`,
        serviceName: 'collector-scale-out-app',
        logLevel: 'none',
        instrumentModules: { openai: OpenAI },
        metrics: { exportIntervalMillis: 1000, exportTimeoutMillis: 1000 },
      });
      client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
    }, 180_000);

    afterAll(async () => {
      await setup?.shutdown();
      await prometheus?.stop();
      await loadbalancer?.stop();
      for (const gateway of gateways) await gateway.process?.stop();
      await Promise.all([provider?.close(), backend?.close(), infraprism?.close()]);
      for (const dir of queueDirs) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    /** One call (one trace) per entry, each with its entity; then our pipeline flushed. */
    async function call(entities: readonly string[]): Promise<void> {
      for (const entity of entities) {
        await withEntity({ type: 'customer', id: entity }, () =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
        );
      }
      await setup.flush();
    }

    const uniqueSpans = () => [...new Map(backend.spans().map((span) => [span.spanId, span])).values()];

    it('loses no span and counts none twice when a gateway restarts mid-run', async () => {
      const startSeconds = Math.floor(Date.now() / 1000) - 1;
      const entities = ['acme-corp', 'globex', 'initech'];
      const round = (n: number) => Array.from({ length: n }, (_, i) => entities[i % entities.length]!);

      await call(round(12));
      await eventually('the first round at the backend', () => (uniqueSpans().length === 12 ? true : undefined), 60_000);
      // Both gateways got traces, and Prometheus has scraped all of it before the restart.
      const firstRound = costPerEntity(uniqueSpans());
      const firstTotal = [...firstRound.values()].reduce((a, b) => a + b, 0);
      await eventually('both gateways counted and scraped', async () => {
        const samples = await prometheus.query(`sum by (instance) (${METRIC})`);
        const sum = samples.reduce((acc, sample) => acc + Number(sample.value[1]), 0);
        return samples.length === 2 && Math.abs(sum - firstTotal) <= 1e-9 ? true : undefined;
      }, 60_000);

      // Gateway 2 goes down; the app keeps calling: the first tier keeps its spans and retries.
      const restarted = gateways[1]!;
      expect(await restarted.process!.stop()).toBe(0);
      restarted.process = undefined;
      await call(round(12));
      restarted.process = await startShippedCollector(restarted.options);
      await call(round(6));

      const spans = await eventually('every span at the backend', () => {
        const unique = uniqueSpans();
        return unique.length >= 30 ? unique : undefined;
      }, 90_000, () => `backend has ${uniqueSpans().length} of 30\nfirst tier:\n${loadbalancer.log().slice(-3000)}`);
      expect(spans).toHaveLength(30);
      const expected = costPerEntity(spans);

      // Summed over both gateways, across the restart, the cost is each span's once.
      const counted = await eventually('the cost of every span in Prometheus', async () => {
        const series = await prometheus.queryRange(METRIC, startSeconds, Math.ceil(Date.now() / 1000));
        const byEntity = new Map<string, number>();
        for (const s of series) {
          const entity = s.metric['infraprism_entity_id']!;
          byEntity.set(entity, (byEntity.get(entity) ?? 0) + countedAcrossRestarts(s));
        }
        const isComplete = [...expected].every(([entity, usd]) => Math.abs((byEntity.get(entity) ?? 0) - usd) <= 1e-9);
        return isComplete ? byEntity : undefined;
      }, 60_000, () => `expected ${JSON.stringify([...expected])}`);
      for (const [entity, usd] of expected) expect(counted.get(entity)).toBeCloseTo(usd, 12);
      expect(new Set((await prometheus.query(METRIC)).map((sample) => sample.metric['instance'])).size).toBe(2);

      // The app's own cumulative counter, routed by stream to one gateway, arrives with the same
      // sums (a cumulative stream carries its whole total, so a restart loses nothing of it).
      await eventually('the app’s own cost counter of every entity', async () => {
        const samples = await prometheus.query(`sum by (infraprism_entity_id) (${CLIENT_METRIC})`);
        const byEntity = new Map(samples.map((sample) => [sample.metric['infraprism_entity_id']!, Number(sample.value[1])]));
        return [...expected].every(([entity, usd]) => Math.abs((byEntity.get(entity) ?? 0) - usd) <= 1e-9) ? true : undefined;
      }, 60_000, () => `expected ${JSON.stringify([...expected])}`);
    }, 300_000);
  });
}
