// collector-config.yaml, unchanged, in the real collector: the tracing backend is down for 30 s,
// and the collector itself is restarted in the middle of that outage. Its sending queues are
// persisted by the file_storage extension, so when the backend is back every span the app sent
// arrives, including those that waited on disk across the restart.
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
  readCollectorVersion,
  requireBinary,
  startShippedCollector,
  type CollectorProcess,
  type ShippedCollectorOptions,
} from '../support/otelcol.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

const collectorVersion = readCollectorVersion();
const OUTAGE_MILLIS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (collectorVersion === undefined) {
  requireBinary(`the collector binary (${COLLECTOR_BIN})`, 'run `npm run collector:build` (Go 1.26)');
} else {
  describe(`a tracing backend outage through collector-config.yaml (${collectorVersion})`, () => {
    let provider: FakeProvider;
    let backend: OtlpReceiver;
    let infraprism: OtlpReceiver;
    let collector: CollectorProcess | undefined;
    let collectorOptions: ShippedCollectorOptions;
    let queueDir: string;
    let setup: InfraPrism;
    let client: OpenAI;

    beforeAll(async () => {
      provider = await startFakeProvider();
      backend = await startOtlpReceiver();
      infraprism = await startOtlpReceiver();
      queueDir = await mkdtemp(join(tmpdir(), 'infraprism-otelcol-queue-'));
      collectorOptions = { ports: await allocateShippedPorts(), tracingBackend: backend.url, infraprismEndpoint: infraprism.url, queueDir };
      collector = await startShippedCollector(collectorOptions);
      setup = init({
        endpoint: `http://127.0.0.1:${collectorOptions.ports.otlpHttp}`,
        serviceName: 'collector-outage-app',
        logLevel: 'none',
        instrumentModules: { openai: OpenAI },
        metrics: false,
      });
      client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
    }, 120_000);

    afterAll(async () => {
      await setup?.shutdown();
      await collector?.stop();
      await Promise.all([provider?.close(), backend?.close(), infraprism?.close()]);
      if (queueDir) await rm(queueDir, { recursive: true, force: true });
    }, 60_000);

    async function callAs(entity: string, count: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        await withEntity({ type: 'customer', id: entity }, () =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
        );
      }
      await setup.flush();
    }

    it('delivers every span after 30 s down, across a restart of the collector during the outage', async () => {
      await callAs('before-outage', 2);
      const deliveredBefore = new Set((await backend.waitForSpans(2, 60_000)).map((span) => span.spanId));
      const backendPort = backend.port;
      await backend.close();

      // Down: the collector accepts the spans and keeps them queued on disk, retrying.
      const outageStarted = Date.now();
      await callAs('during-outage', 5);
      // Every span reached the collector (InfraPrism, still up, got them all).
      await infraprism.waitForSpans(7, 60_000);
      await sleep(OUTAGE_MILLIS / 3);

      // The collector restarts mid-outage: SIGTERM, then the same config and queue directory.
      const exitCode = await collector!.stop();
      const firstLog = collector!.log();
      expect(exitCode, firstLog).toBe(0);
      collector = await startShippedCollector(collectorOptions);
      await callAs('after-restart', 3);
      await infraprism.waitForSpans(10, 60_000);

      await sleep(Math.max(0, OUTAGE_MILLIS - (Date.now() - outageStarted)));
      backend = await startOtlpReceiver({ port: backendPort });

      const sent = new Set(infraprism.spans().map((span) => span.spanId));
      expect(sent.size).toBe(10);
      const delivered = await eventually(
        'every span sent during the outage at the tracing backend',
        () => {
          const ids = new Set([...deliveredBefore, ...backend.spans().map((span) => span.spanId)]);
          return [...sent].every((id) => ids.has(id)) ? ids : undefined;
        },
        // The retry interval grows to 30 s (retry_on_failure.max_interval).
        90_000,
        () =>
          `backend has ${JSON.stringify(backend.spans().map((span) => span.attributes['infraprism.entity.id']))}\n` +
          `before the restart:\n${firstLog.slice(-6000)}\nafter:\n${collector?.log().slice(-4000) ?? ''}`,
      );
      // The two before the outage were delivered then; the eight after it arrive now.
      const entities = backend.spans().map((span) => span.attributes['infraprism.entity.id']);
      expect(entities.filter((entity) => entity === 'during-outage').length).toBeGreaterThanOrEqual(5);
      expect(entities.filter((entity) => entity === 'after-restart').length).toBeGreaterThanOrEqual(3);
      expect([...sent].filter((id) => !delivered.has(id))).toEqual([]);
    }, 240_000);
  });
}
