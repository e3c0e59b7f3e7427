// Issue #8: entity ids and tag values come from the app, so the cost counter's series are
// bounded: beyond the limit they collapse into one overflow series (totals stay right), the
// overflow is reported once, and entity.id can be left off altogether.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetricsInstrumentation } from '../../src/metrics/metrics-instrumentation.js';
import { useOpenAITestBed } from '../support/in-memory-tracing.js';
import { findMetric, setUpInMemoryMetrics, type InMemoryMetrics } from '../support/metrics.js';

const bed = useOpenAITestBed(OpenAI);
const warnings: string[] = [];
const collectingLogger: DiagLogger = {
  // A component logger passes its namespace first, then the message.
  error: (...args) => warnings.push(args.join(' ')),
  warn: (...args) => warnings.push(args.join(' ')),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};
beforeAll(() => {
  diag.setLogger(collectingLogger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterAll(() => diag.disable());

const instrumentations: MetricsInstrumentation[] = [];
let metrics: InMemoryMetrics;
afterEach(async () => {
  instrumentations.splice(0).forEach((instrumentation) => instrumentation.disable());
  await metrics.shutdown();
  warnings.length = 0;
});

function useMetrics(config: ConstructorParameters<typeof MetricsInstrumentation>[0]): void {
  metrics = setUpInMemoryMetrics();
  const instrumentation = new MetricsInstrumentation(config);
  instrumentation.setMeterProvider(metrics.meterProvider);
  instrumentations.push(instrumentation);
}

async function chatFor(entityId: string): Promise<void> {
  await bed.client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    entity_type: 'customer',
    entity_id: entityId,
  } as OpenAI.ChatCompletionCreateParamsNonStreaming);
}

describe('cardinality guard', () => {
  it('collapses attribute sets beyond the limit into one overflow series and warns once', async () => {
    useMetrics({ cardinalityLimit: 3 });
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c1']) await chatFor(id);

    const cost = findMetric(await metrics.collect(), 'infraprism.client.cost');
    const seriesIds = cost.points.map((point) => point.attributes['infraprism.entity.id'] ?? 'overflow');
    expect(seriesIds).toEqual(['c1', 'c2', 'overflow']);
    const overflow = cost.points[2]!;
    expect(overflow.attributes).toEqual({ 'otel.metric.overflow': true });

    const costs = bed.tracing.spans().map((span) => Number(span.attributes['infraprism.cost.usd']));
    const total = cost.points.reduce((sum, point) => sum + point.value!, 0);
    expect(total).toBeCloseTo(costs.reduce((a, b) => a + b, 0), 12);
    // c1 came back after the overflow started and still counts on its own series.
    expect(cost.points[0]!.value).toBeCloseTo(costs[0]! + costs[5]!, 12);
    expect(overflow.value).toBeCloseTo(costs[2]! + costs[3]! + costs[4]!, 12);

    const overflowWarnings = warnings.filter((line) => line.includes('infraprism.client.cost') && line.includes('otel.metric.overflow'));
    expect(overflowWarnings).toHaveLength(1);
  });

  it('keeps every series under the limit (the default is 1000)', async () => {
    useMetrics({});
    for (const id of ['c1', 'c2', 'c3', 'c4']) await chatFor(id);
    const cost = findMetric(await metrics.collect(), 'infraprism.client.cost');
    expect(cost.points.map((point) => point.attributes['infraprism.entity.id'])).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(warnings.filter((line) => line.includes('otel.metric.overflow'))).toEqual([]);
  });

  it('leaves infraprism.entity.id off every metric with dropEntityId', async () => {
    useMetrics({ dropEntityId: true });
    for (const id of ['c1', 'c2']) await chatFor(id);
    const all = await metrics.collect();
    const cost = findMetric(all, 'infraprism.client.cost');
    expect(cost.points).toHaveLength(1);
    expect(cost.points[0]!.attributes['infraprism.entity.type']).toBe('customer');
    for (const metric of all) {
      for (const point of metric.points) expect(point.attributes).not.toHaveProperty('infraprism.entity.id');
    }
    // The spans keep it.
    expect(bed.tracing.spans().map((span) => span.attributes['infraprism.entity.id'])).toEqual(['c1', 'c2']);
  });

  it('rejects a wrong explicit limit when constructed', () => {
    expect(() => new MetricsInstrumentation({ cardinalityLimit: 0 })).toThrow(TypeError);
  });
});
