// Issue #8: metric names, units, instrument types, bucket boundaries and attributes, pinned
// through the real openai client, the fake provider and a real MeterProvider.
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withEntity, withTags } from '../../src/index.js';
import { getDeliveryStats } from '../../src/export/delivery-stats.js';
import { MetricsInstrumentation } from '../../src/metrics/metrics-instrumentation.js';
import { useOpenAITestBed } from '../support/in-memory-tracing.js';
import { findMetric, setUpInMemoryMetrics, type FlatMetric, type InMemoryMetrics } from '../support/metrics.js';

const bed = useOpenAITestBed(OpenAI);
let metrics: InMemoryMetrics;
let instrumentation: MetricsInstrumentation;

beforeAll(() => {
  instrumentation = new MetricsInstrumentation({ tagKeys: ['feature'] });
});
afterAll(() => instrumentation.disable());
beforeEach(() => {
  // A fresh provider per test: cumulative sums start from zero.
  metrics = setUpInMemoryMetrics();
  instrumentation.setMeterProvider(metrics.meterProvider);
});
afterEach(() => metrics.shutdown());

const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

function chat(extra: Record<string, unknown> = {}) {
  return bed.client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    ...extra,
  } as OpenAI.ChatCompletionCreateParamsNonStreaming);
}

function spanCosts(): number[] {
  return bed.tracing.spans().map((span) => Number(span.attributes['infraprism.cost.usd']));
}

function byName(all: readonly FlatMetric[]): Record<string, FlatMetric> {
  return Object.fromEntries(all.map((metric) => [metric.name, metric]));
}

describe('GenAI semantic-convention histograms', () => {
  it('record token usage per type, with the semconv unit, buckets and attributes', async () => {
    await chat();
    const usage = findMetric(await metrics.collect(), 'gen_ai.client.token.usage');
    expect(usage).toMatchObject({ unit: '{token}', type: 'histogram', scope: 'infraprism-metrics' });
    const port = Number(new URL(bed.provider.url).port);
    const semconv = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o',
      'server.address': '127.0.0.1',
      'server.port': port,
    };
    expect(usage.points.map((point) => point.attributes)).toEqual([
      { ...semconv, 'gen_ai.token.type': 'input' },
      { ...semconv, 'gen_ai.token.type': 'output' },
    ]);
    expect(usage.points.map((point) => [point.count, point.sum])).toEqual([[1, 150], [1, 500]]);
    expect(usage.points[0]!.explicitBounds).toEqual(TOKEN_BUCKETS);
  });

  it('record operation duration with error.type only on failure', async () => {
    await chat();
    bed.provider.enqueue('/v1/chat/completions', { kind: 'error', status: 429 });
    await expect(chat()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const all = await metrics.collect();
    const duration = findMetric(all, 'gen_ai.client.operation.duration');
    expect(duration).toMatchObject({ unit: 's', type: 'histogram' });
    expect(duration.points[0]!.explicitBounds).toEqual(DURATION_BUCKETS);
    expect(duration.points.map((point) => point.attributes['error.type'])).toEqual([undefined, 'RateLimitError']);
    expect(duration.points.every((point) => point.count === 1 && point.sum! > 0)).toBe(true);
    // The failed call reported no usage: one input and one output point, from the first call.
    expect(findMetric(all, 'gen_ai.client.token.usage').points.map((point) => point.count)).toEqual([1, 1]);
  });

  it('record time to first chunk for streamed calls only', async () => {
    await chat();
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _chunk of stream);
    const ttfc = findMetric(await metrics.collect(), 'gen_ai.client.operation.time_to_first_chunk');
    expect(ttfc).toMatchObject({ unit: 's', type: 'histogram' });
    expect(ttfc.points).toHaveLength(1);
    expect(ttfc.points[0]!.count).toBe(1);
    expect(ttfc.points[0]!.explicitBounds).toEqual(DURATION_BUCKETS);
    expect(ttfc.points[0]!.attributes['gen_ai.token.type']).toBeUndefined();
  });
});

describe('the cost counter infraprism.client.cost', () => {
  it('sums span costs per entity and allowed tag, in USD, leaving other tags out', async () => {
    await withEntity({ type: 'customer', id: 'acme' }, async () => {
      await withTags({ feature: 'chatbot', team: 'growth' }, () => chat());
      await withTags({ feature: 'chatbot' }, () => chat());
    });
    await chat({ entity_type: 'customer', entity_id: 'globex', tags: { feature: 'search' } });
    await chat({ model: 'gpt-4o-mini', entity_type: 'customer', entity_id: 'globex', tags: { feature: 'search' } });

    const cost = findMetric(await metrics.collect(), 'infraprism.client.cost');
    expect(cost).toMatchObject({ unit: 'USD', type: 'sum', isMonotonic: true });
    const costs = spanCosts();
    expect(costs.every((usd) => usd > 0)).toBe(true);
    const points = cost.points.map((point) => ({ ...point.attributes, usd: point.value }));
    const common = { 'gen_ai.provider.name': 'openai', 'gen_ai.operation.name': 'chat', 'infraprism.entity.type': 'customer' };
    expect(points).toEqual([
      { ...common, 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o', 'infraprism.entity.id': 'acme', 'infraprism.tag.feature': 'chatbot', usd: costs[0]! + costs[1]! },
      { ...common, 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o', 'infraprism.entity.id': 'globex', 'infraprism.tag.feature': 'search', usd: costs[2] },
      { ...common, 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini', 'infraprism.entity.id': 'globex', 'infraprism.tag.feature': 'search', usd: costs[3] },
    ]);
  });

  it('adds nothing for a call that could not be priced', async () => {
    await chat({ model: 'no-such-model-for-metrics', entity_type: 'customer', entity_id: 'acme' });
    expect(bed.tracing.spans()[0]!.attributes['infraprism.cost.status']).toBe('unknown_model');
    const all = byName(await metrics.collect());
    expect(all['infraprism.client.cost']?.points ?? []).toEqual([]);
    expect(all['gen_ai.client.token.usage']!.points).toHaveLength(2);
  });
});

describe('delivery self-metrics', () => {
  it('report the process-wide delivery counters as observable counters', async () => {
    const stats = getDeliveryStats();
    const before = { ...stats };
    stats.spansDropped += 3;
    stats.exportFailures += 2;
    stats.spansExported += 7;
    try {
      const all = byName(await metrics.collect());
      const values = (name: string) => all[name]!.points.map((point) => point.value);
      expect(all['infraprism.exporter.span.dropped']).toMatchObject({ unit: '{span}', type: 'sum', isMonotonic: true });
      expect(all['infraprism.exporter.span.exported']).toMatchObject({ unit: '{span}', type: 'sum', isMonotonic: true });
      expect(all['infraprism.exporter.export.failed']).toMatchObject({ unit: '{attempt}', type: 'sum', isMonotonic: true });
      expect(values('infraprism.exporter.span.dropped')).toEqual([before.spansDropped + 3]);
      expect(values('infraprism.exporter.export.failed')).toEqual([before.exportFailures + 2]);
      expect(values('infraprism.exporter.span.exported')).toEqual([before.spansExported + 7]);
    } finally {
      Object.assign(stats, before);
    }
  });
});
