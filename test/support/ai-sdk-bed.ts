/**
 * The fixture of the AI SDK matrix tests (issue #11, test/matrix/ai-v*): `init()` exporting over
 * OTLP/HTTP to a loopback receiver, so what is asserted is what leaves the process, and the fake
 * provider the AI SDK's providers are pointed at. The AI SDK itself is imported by the test files
 * in each matrix folder, from that folder's node_modules.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { init, type InfraPrism } from '../../src/index.js';
import { CANARY_MARKER, findCanaries, type Canaries } from './canaries.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from './otlp-receiver.js';

export interface AiSdkBed {
  readonly fake: FakeProvider;
  readonly receiver: OtlpReceiver;
  /** Flushes our pipeline and returns every span that reached the receiver. */
  exportedSpans(): Promise<FlatSpan[]>;
  /** The exported spans that carry a cost: exactly one per provider request is the promise. */
  pricedSpans(): Promise<FlatSpan[]>;
  /** The two chat replies of a one-tool loop: a tool call whose arguments are a canary, then a canary answer. */
  enqueueToolLoop(canaries: Canaries): void;
  /** The tool result reached the provider (so the canaries were really in play), and no exported byte holds one. */
  expectNoContentExported(canaries: Canaries): void;
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
    enqueueToolLoop(canaries: Canaries) {
      bed.fake.enqueue(
        '/v1/chat/completions',
        { toolCalls: [{ name: 'lookup', arguments: JSON.stringify({ query: canaries.toolCallArguments }) }] },
        { content: canaries.responseContent },
      );
    },
    expectNoContentExported(canaries: Canaries) {
      expect(bed.fake.requests[1]!.rawBody).toContain(canaries.toolResult);
      expect(findCanaries(bed.receiver.receivedBytes(), canaries)).toEqual([]);
      expect(bed.receiver.receivedBytes().some((bytes) => bytes.includes(CANARY_MARKER))).toBe(false);
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

/**
 * Reads a `streamText` result's `fullStream`, aborting `controller` at the first text delta, and
 * checks the AI SDK reported the abort. Queue a stalled reply first (`stallAfterChunks`), so the
 * abort lands mid-stream.
 */
export async function abortAtFirstTextDelta(fullStream: AsyncIterable<{ type: string }>, controller: AbortController): Promise<void> {
  const seen: string[] = [];
  for await (const part of fullStream) {
    seen.push(part.type);
    if (part.type === 'text-delta') controller.abort();
  }
  expect(seen).toContain('abort');
}
