// Issue #8: init() exports the metrics over OTLP/HTTP to the same endpoint as the spans, with
// the same API key; this test decodes what reaches a loopback receiver at /v1/metrics.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { withEntity } from '../../src/index.js';
import { findCanaries, makeCanaries } from '../support/canaries.js';
import { useInitBed } from '../support/init-bed.js';
import { findMetric, flattenOtlpMetrics, type FlatMetric } from '../support/metrics.js';

const canaries = makeCanaries('metrics');
const bed = useInitBed(
  OpenAI,
  { apiKey: 'ipk_metrics_test', serviceName: 'metrics-test', metrics: { tagKeys: ['feature'] } },
  canaries.apiKey,
);

function latestMetrics(): FlatMetric[] {
  const requests = bed.receiver.metricsRequests();
  expect(requests.length).toBeGreaterThan(0);
  // Cumulative temporality: the last export holds the totals.
  return flattenOtlpMetrics(requests.at(-1)!.json);
}

describe('OTLP/HTTP metrics export', () => {
  it('delivers the cost per entity, equal to the sum of the span costs, to /v1/metrics with the API key', async () => {
    await withEntity({ type: 'customer', id: 'acme-corp' }, () =>
      Promise.all([
        bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: canaries.userMessage }], tags: { feature: 'chat' } } as never),
        bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: canaries.systemMessage }], tags: { feature: 'chat' } } as never),
      ]),
    );
    await withEntity({ type: 'customer', id: 'globex' }, () =>
      bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: canaries.userMessage }] }),
    );
    await bed.setup.flush();

    const request = bed.receiver.metricsRequests().at(-1)!;
    expect(request.path).toBe('/v1/metrics');
    expect(request.headers['authorization']).toBe('Bearer ipk_metrics_test');
    expect(request.contentType).toBe('application/json');

    const all = latestMetrics();
    const cost = findMetric(all, 'infraprism.client.cost');
    expect(cost).toMatchObject({ unit: 'USD', type: 'sum', isMonotonic: true, scope: 'infraprism-metrics' });
    const spans = await bed.receiver.waitForSpans(3);
    const spanCostOf = (entity: string) =>
      spans.filter((span) => span.attributes['infraprism.entity.id'] === entity).reduce((sum, span) => sum + Number(span.attributes['infraprism.cost.usd']), 0);
    const metricCostOf = (entity: string) =>
      cost.points.filter((point) => point.attributes['infraprism.entity.id'] === entity).reduce((sum, point) => sum + point.value!, 0);
    expect(spanCostOf('acme-corp')).toBeGreaterThan(0);
    expect(metricCostOf('acme-corp')).toBeCloseTo(spanCostOf('acme-corp'), 12);
    expect(metricCostOf('globex')).toBeCloseTo(spanCostOf('globex'), 12);
    expect(cost.points.filter((point) => point.attributes['infraprism.tag.feature'] === 'chat')).toHaveLength(2);

    const names = all.map((metric) => metric.name);
    expect(names).toEqual(expect.arrayContaining([
      'gen_ai.client.token.usage',
      'gen_ai.client.operation.duration',
      'infraprism.client.cost',
      'infraprism.exporter.span.dropped',
      'infraprism.exporter.span.exported',
      'infraprism.exporter.export.failed',
    ]));
    expect(findMetric(all, 'gen_ai.client.token.usage').points[0]!.explicitBounds).toHaveLength(14);
  });

  it('sends no content and no provider key in any metrics byte', () => {
    const metricsBytes = bed.receiver.metricsRequests().flatMap((r) => [r.body, Buffer.from(JSON.stringify(r.headers))]);
    expect(metricsBytes.length).toBeGreaterThan(0);
    expect(findCanaries(metricsBytes, canaries)).toEqual([]);
  });
});
