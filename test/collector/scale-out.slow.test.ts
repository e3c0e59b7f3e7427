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
  sumCostPerEntity,
  type CollectorProcess,
  type ShippedCollectorOptions,
} from '../support/otelcol.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { readPrometheusVersion, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

const collectorVersion = readCollectorVersion();
const prometheusVersion = readPrometheusVersion();
const METRIC = 'infraprism_span_cost_USD_total';
const CLIENT_METRIC = 'infraprism_client_cost_USD_total';

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

    async function perEntity(selector: string): Promise<Map<string, number>> {
      const samples = await prometheus.query(`sum by (infraprism_entity_id) (${selector})`);
      return new Map(samples.map((sample) => [sample.metric['infraprism_entity_id']!, Number(sample.value[1])]));
    }

    const uniqueSpans = () => [...new Map(backend.spans().map((span) => [span.spanId, span])).values()];

    it('loses no span and counts none twice when a gateway restarts mid-run', async () => {
      const entities = ['acme-corp', 'globex', 'initech'];
      const round = (n: number) => Array.from({ length: n }, (_, i) => entities[i % entities.length]!);

      await call(round(12));
      await eventually('the first round at the backend', () => (uniqueSpans().length === 12 ? true : undefined), 60_000);
      // Both gateways got traces, and Prometheus has scraped all of it before the restart.
      const firstRound = sumCostPerEntity(uniqueSpans());
      const firstTotal = [...firstRound.values()].reduce((a, b) => a + b, 0);
      await eventually('both gateways counted and scraped', async () => {
        const samples = await prometheus.query(`sum by (instance) (${METRIC})`);
        const sum = samples.reduce((acc, sample) => acc + Number(sample.value[1]), 0);
        return samples.length === 2 && Math.abs(sum - firstTotal) <= 1e-9 ? true : undefined;
      }, 60_000);

      // What gateway 2 has counted when it stops: a restarted gateway's counters start from zero
      // (its deltatocumulative state is in memory), so this part is added to the final values.
      const restarted = gateways[1]!;
      const countedBeforeRestart = await perEntity(`${METRIC}{instance="127.0.0.1:${restarted.options.ports.prometheus}"}`);

      // Gateway 2 goes down; the app keeps calling: the first tier keeps its spans and retries.
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
      const expected = sumCostPerEntity(spans);

      // Summed over both gateways, across the restart, the cost is each span's once.
      const counted = await eventually('the cost of every span in Prometheus', async () => {
        const now = await perEntity(METRIC);
        const byEntity = new Map([...expected.keys()].map((entity) => [entity, (now.get(entity) ?? 0) + (countedBeforeRestart.get(entity) ?? 0)]));
        const isComplete = [...expected].every(([entity, usd]) => Math.abs(byEntity.get(entity)! - usd) <= 1e-9);
        return isComplete ? byEntity : undefined;
      }, 60_000, () => `expected ${JSON.stringify([...expected])}, counted before the restart ${JSON.stringify([...countedBeforeRestart])}`);
      for (const [entity, usd] of expected) expect(counted.get(entity)).toBeCloseTo(usd, 12);
      expect(new Set((await prometheus.query(METRIC)).map((sample) => sample.metric['instance'])).size).toBe(2);

      // The app's own cumulative counter, routed by stream to one gateway, arrives with the same
      // sums (a cumulative stream carries its whole total, so a restart loses nothing of it).
      await eventually('the app’s own cost counter of every entity', async () => {
        const byEntity = await perEntity(CLIENT_METRIC);
        return [...expected].every(([entity, usd]) => Math.abs((byEntity.get(entity) ?? 0) - usd) <= 1e-9) ? true : undefined;
      }, 60_000, () => `expected ${JSON.stringify([...expected])}`);
    }, 300_000);
  });
}
