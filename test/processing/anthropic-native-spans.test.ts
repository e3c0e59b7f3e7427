// Issue #11, item 2: the Anthropic SDK's own CLIENT spans (1.x, 0.134+) get our cost and entity
// from InfraPrismSpanProcessor, and lose the content the SDK records with contentMode 'content'.
import Anthropic from '@anthropic-ai/sdk';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { InfraPrismSpanProcessor, withEntity } from '../../src/index.js';
import { CANARY_MARKER, makeCanaries } from '../support/canaries.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';

let fake: FakeProvider;
let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;
let client: Anthropic;

beforeAll(async () => {
  ensureContextManager();
  fake = await startFakeProvider();
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new InfraPrismSpanProcessor(), new SimpleSpanProcessor(exporter)] });
  client = new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: fake.anthropicBaseURL,
    maxRetries: 0,
    openTelemetry: { tracerProvider: provider, traces: { contentMode: 'content' } },
  });
});
afterAll(async () => {
  await provider.shutdown();
  await fake.close();
});
beforeEach(() => {
  exporter.reset();
  fake.reset();
});

describe('Anthropic SDK native spans', () => {
  for (const stream of [false, true]) {
    it(`are priced from their cache-aware usage and attributed (${stream ? 'stream' : 'no stream'})`, async () => {
      const canaries = makeCanaries('anthropic-native');
      fake.enqueue('/v1/messages', { content: canaries.responseContent, tokens: { input: 100, cacheRead: 1_000, cacheWrite: 200, output: 50 } });
      await withEntity({ type: 'customer', id: 'globex' }, async () => {
        const params = {
          model: 'claude-sonnet-4-0',
          max_tokens: 100,
          system: canaries.systemMessage,
          messages: [{ role: 'user' as const, content: canaries.userMessage }],
        };
        if (stream) {
          const events = await client.messages.create({ ...params, stream: true });
          for await (const event of events) void event;
        } else {
          await client.messages.create(params);
        }
      });

      const spans = exporter.getFinishedSpans().filter((span) => span.kind === 2 /* CLIENT */);
      expect(spans).toHaveLength(1);
      const attributes = spans[0]!.attributes;
      expect(spans[0]!.instrumentationScope.name).toMatch(/anthropic/);
      // claude-sonnet-4: $3 input, $0.30 cache read, $3.75 5-minute write, $15 output per 1M.
      expect(attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
      expect(attributes['infraprism.cost.status']).toBe('priced');
      expect(attributes['infraprism.entity.id']).toBe('globex');
      expect(JSON.stringify(exporter.getFinishedSpans().map((span) => [span.attributes, span.events, span.status]))).not.toContain(CANARY_MARKER);
    });
  }
});
