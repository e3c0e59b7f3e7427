/**
 * The fixture of the AI SDK matrix tests (issue #11, test/matrix/ai-v*): `init()` exporting over
 * OTLP/HTTP to a loopback receiver, so what is asserted is what leaves the process, and the fake
 * provider the AI SDK's providers are pointed at. The AI SDK itself is imported by the test files
 * in each matrix folder, from that folder's node_modules.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { init, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from './otlp-receiver.js';

export interface AiSdkBed {
  readonly fake: FakeProvider;
  readonly receiver: OtlpReceiver;
  /** Flushes our pipeline and returns every span that reached the receiver. */
  exportedSpans(): Promise<FlatSpan[]>;
  /** The exported spans that carry a cost: exactly one per provider request is the promise. */
  pricedSpans(): Promise<FlatSpan[]>;
}

export function useAiSdkBed(): AiSdkBed {
  let setup: InfraPrism;
  const bed = {
    async exportedSpans() {
      await setup.flush();
      return bed.receiver.spans();
    },
    async pricedSpans() {
      const spans = await bed.exportedSpans();
      return spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
    },
  } as AiSdkBed & { fake: FakeProvider; receiver: OtlpReceiver };
  beforeAll(async () => {
    bed.fake = await startFakeProvider();
    bed.receiver = await startOtlpReceiver();
    setup = init({ endpoint: bed.receiver.url, logLevel: 'none' });
  });
  afterAll(async () => {
    await setup.shutdown();
    await Promise.all([bed.fake.close(), bed.receiver.close()]);
  });
  beforeEach(() => {
    bed.fake.reset();
    bed.receiver.reset();
  });
  return bed;
}
