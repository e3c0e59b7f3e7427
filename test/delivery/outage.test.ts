// Issue #7, item 1: a collector that crashes mid-run and comes back later loses no span that
// found room in the buffer; only spans produced while the buffer was full are dropped, and
// every one of those is counted. The receiver is a real process, killed with SIGKILL and
// restarted on the same port; the app side is init() with the real OTLP/HTTP exporter.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeliveryStats } from '../../src/export/delivery-stats.js';
import { init, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { startReceiverProcess, type DeliveredSpan, type ReceiverProcess } from '../support/otlp-receiver-process.js';

const BUFFER = 200;
let provider: FakeProvider;
let receiver: ReceiverProcess;
let setup: InfraPrism;
let client: OpenAI;
const delivered: DeliveredSpan[] = [];

beforeAll(async () => {
  provider = await startFakeProvider();
  receiver = await startReceiverProcess(0, delivered);
  setup = init({
    endpoint: receiver.url,
    logLevel: 'none',
    batch: { scheduledDelayMillis: 50, maxExportBatchSize: 25, maxQueueSize: BUFFER, exportTimeoutMillis: 1000 },
    retry: { initialDelayMillis: 50, maxDelayMillis: 300 },
    instrumentModules: { openai: OpenAI },
  });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
}, 30_000);
afterAll(async () => {
  await setup.shutdown();
  await receiver.kill();
  await provider.close();
});

/** `count` calls one after another, each with its own entity id, so order is known. */
async function produce(prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    ids.push(id);
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], entity_id: id } as never);
  }
  return ids;
}

function deliveredEntities(): Set<string> {
  return new Set(delivered.map((span) => String(span.attributes['infraprism.entity.id'])));
}

/** Polls until `done()` or the deadline: the test stops on its own either way. */
async function waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('collector outage', () => {
  it('delivers every span that found room after the collector restarts, and counts the rest as dropped', async () => {
    const stats = getDeliveryStats();
    const droppedBefore = stats.spansDropped;
    const failuresBefore = stats.exportFailures;

    const before = await produce('before', 60);
    await waitUntil(() => before.every((id) => deliveredEntities().has(id)), 15_000, () => `${delivered.length} of 60 before the outage`);

    await receiver.kill();
    // Buffer has room for all of these: every one must arrive later.
    const during = await produce('during', 150);
    await waitUntil(() => getDeliveryStats().exportFailures > failuresBefore, 15_000, () => 'a failed export while the collector is down');
    // 50 fit (150 + 50 = BUFFER), the newest 50 are dropped.
    const overflow = await produce('overflow', 100);
    expect(getDeliveryStats().spansDropped - droppedBefore).toBe(50);

    receiver = await startReceiverProcess(receiver.port, delivered);
    const expected = [...before, ...during, ...overflow.slice(0, 50)];
    await waitUntil(
      () => expected.every((id) => deliveredEntities().has(id)),
      30_000,
      () => `${deliveredEntities().size} of ${expected.length} distinct spans after the restart`,
    );
    await setup.flush();

    const produced = before.length + during.length + overflow.length;
    const uniqueSpanIds = new Set(delivered.map((span) => span.spanId));
    const dropped = getDeliveryStats().spansDropped - droppedBefore;
    const droppedIds = overflow.slice(50);
    // What could not have arrived did not; what arrived is exactly what had room.
    expect(droppedIds.filter((id) => deliveredEntities().has(id))).toEqual([]);
    expect([...deliveredEntities()].sort()).toEqual([...expected].sort());
    expect(uniqueSpanIds.size + dropped).toBe(produced);
    console.info(
      `[issue 7 outage] produced ${produced}, delivered ${uniqueSpanIds.size} distinct (${delivered.length} received, ` +
        `${delivered.length - uniqueSpanIds.size} duplicates), dropped ${dropped}, failed export attempts ${getDeliveryStats().exportFailures - failuresBefore}`,
    );
  }, 90_000);
});
