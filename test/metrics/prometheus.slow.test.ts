// Issue #8, item 4: proven against a real backend. A real Prometheus server (Debian's
// `prometheus` package, installed by .ci/run) scrapes an app instrumented with init() and the
// OpenTelemetry Prometheus exporter, and PromQL over its HTTP API must give, per entity, the sum
// of the span costs; the README cookbook's PromQL queries and its alert rule run here too.
//
// Why scraping: Debian bookworm ships Prometheus 2.42, whose OTLP receiver does not exist yet
// (2.47+, behind a flag), so the real path for it is a scrape of the app's /metrics, which is
// also how most Prometheus setups collect app metrics. The in-process exporter names the counter
// `infraprism_client_cost_total` (it adds no unit suffix) where the collector and OTLP paths the
// cookbook is written for say `infraprism_client_cost_USD_total`; the queries are run with that
// one name swapped.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, withEntity, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { eventually, requireBinary } from '../support/otelcol.js';
import { PROMETHEUS_BIN, readPrometheusVersion, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

const prometheusVersion = readPrometheusVersion();

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const COOKBOOK_METRIC = 'infraprism_client_cost_USD_total';
const SCRAPED_METRIC = 'infraprism_client_cost_total';

/** The cookbook's PromQL blocks and its alert rule file, from the README's Prometheus section. */
function readCookbook(): { queries: string[]; ruleFile: string } {
  const start = README.indexOf('### Prometheus (PromQL');
  const end = README.indexOf('\n### ', start + 1);
  expect(start).toBeGreaterThan(0);
  const section = README.slice(start, end);
  const queries = [...section.matchAll(/```promql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
  const ruleFile = /```yaml\n(groups:[\s\S]*?)```/.exec(section)?.[1];
  expect(ruleFile).toBeDefined();
  return { queries, ruleFile: ruleFile! };
}

if (prometheusVersion === undefined) {
  requireBinary(`the prometheus binary (${PROMETHEUS_BIN})`, 'apt-get install prometheus (Debian) to run this test');
} else {
  describe(`cost per entity in a real Prometheus (${prometheusVersion})`, () => {
    let provider: FakeProvider;
    let setup: InfraPrism;
    let client: OpenAI;
    let metricsServer: Server;
    let prometheus: PrometheusServer;
    const spans = new InMemorySpanExporter();
    const cookbook = readCookbook();

    function chat(model: string, tags?: Record<string, string>) {
      return client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], ...(tags ? { tags } : {}) } as never);
    }

    beforeAll(async () => {
      provider = await startFakeProvider();
      // The app: init() with a Prometheus pull endpoint as its metric reader, served on an
      // ephemeral loopback port.
      const exporter = new PrometheusExporter({ preventServerStart: true });
      setup = init({
        serviceName: 'prometheus-test-app',
        logLevel: 'none',
        spanExporter: spans,
        instrumentModules: { openai: OpenAI },
        metrics: { metricReader: exporter, tagKeys: ['feature'] },
      });
      metricsServer = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
      await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
      const appPort = (metricsServer.address() as AddressInfo).port;
      client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });

      const rules = cookbook.ruleFile
        .replaceAll(COOKBOOK_METRIC, SCRAPED_METRIC)
        // Any increase fires, so the rule can be seen working with test-sized costs.
        .replace(/> 5\b/, '> 0');
      prometheus = await startPrometheus({ targets: [`127.0.0.1:${appPort}`], ruleFile: rules });
    }, 60_000);

    afterAll(async () => {
      await prometheus?.stop();
      await new Promise<void>((resolve) => metricsServer?.close(() => resolve()));
      await setup?.shutdown();
      await provider?.close();
    });

    it('holds per entity the sum of the span costs, and answers every cookbook query', async () => {
      // One call per entity first, so their series exist before Prometheus starts counting increases.
      await withEntity({ type: 'customer', id: 'acme-corp' }, () => chat('gpt-4o', { feature: 'chatbot' }));
      await withEntity({ type: 'customer', id: 'globex' }, () => chat('gpt-4o-mini', { feature: 'search' }));
      await eventually('the first scrape of both entities', async () =>
        (await prometheus.query(`sum by (infraprism_entity_id) (${SCRAPED_METRIC})`)).length === 2 ? true : undefined,
      );

      await withEntity({ type: 'customer', id: 'acme-corp' }, async () => {
        await chat('gpt-4o', { feature: 'chatbot' });
        await chat('gpt-4o-mini', { feature: 'summarize' });
      });
      await withEntity({ type: 'customer', id: 'globex' }, () => chat('gpt-4o', { feature: 'search' }));
      await withEntity({ type: 'team', id: 'initech' }, () => chat('gpt-4o-mini'));
      await setup.flush();

      const expected = new Map<string, number>();
      for (const span of spans.getFinishedSpans()) {
        const entity = String(span.attributes['infraprism.entity.id']);
        const usd = Number(span.attributes['infraprism.cost.usd']);
        expect(usd).toBeGreaterThan(0);
        expected.set(entity, (expected.get(entity) ?? 0) + usd);
      }
      expect([...expected.keys()].sort()).toEqual(['acme-corp', 'globex', 'initech']);

      // The cookbook's "since each process started" query, with the scraped name.
      const perEntityQuery = cookbook.queries.find((q) => q.startsWith('sum by (infraprism_entity_id) (infraprism_client_cost'));
      expect(perEntityQuery).toBeDefined();
      const actual = await eventually('Prometheus to hold every call', async () => {
        const result = await prometheus.query(perEntityQuery!.replaceAll(COOKBOOK_METRIC, SCRAPED_METRIC));
        const byEntity = new Map(result.map((sample) => [sample.metric['infraprism_entity_id']!, Number(sample.value[1])]));
        const isComplete = [...expected].every(([entity, usd]) => Math.abs((byEntity.get(entity) ?? 0) - usd) <= 1e-12 * Math.max(1, usd));
        return isComplete ? byEntity : undefined;
      });
      for (const [entity, usd] of expected) expect(actual.get(entity)).toBeCloseTo(usd, 12);

      // Every cookbook query runs and returns series.
      expect(cookbook.queries.length).toBeGreaterThanOrEqual(5);
      for (const query of cookbook.queries) {
        const result = await prometheus.query(query.replaceAll(COOKBOOK_METRIC, SCRAPED_METRIC));
        expect(result.length, query).toBeGreaterThan(0);
      }
      const top = await prometheus.query(cookbook.queries.find((q) => q.startsWith('topk('))!.replaceAll(COOKBOOK_METRIC, SCRAPED_METRIC));
      expect(top.map((sample) => sample.metric['infraprism_entity_id']).sort()).toEqual(['acme-corp', 'globex']);
      // increase() needs two samples of a series, so series born by the last calls show up a
      // scrape later (with an increase of 0: Prometheus 2.x does not count a counter's first sample).
      const byTagQuery = cookbook.queries.find((q) => q.includes('infraprism_tag_feature'))!.replaceAll(COOKBOOK_METRIC, SCRAPED_METRIC);
      const tags = await eventually('every tag in the by-tag query', async () => {
        const values = (await prometheus.query(byTagQuery)).map((sample) => sample.metric['infraprism_tag_feature'] ?? '').sort();
        return values.length === 4 ? values : undefined;
      });
      expect(tags).toEqual(['', 'chatbot', 'search', 'summarize']);
    });

    it('loads the cookbook alert rule and fires it for an entity whose cost rose', async () => {
      const groups = await eventually('the alert rule to be loaded', async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
          data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
        };
        return body.data.groups.length > 0 ? body.data.groups : undefined;
      });
      const rule = groups.flatMap((group) => group.rules).find((r) => r.name === 'InfraPrismEntityCostHigh');
      expect(rule, 'rule InfraPrismEntityCostHigh').toBeDefined();
      const alerted = await eventually('the alert for acme-corp', async () => {
        const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
          data: { alerts: Array<{ labels: Record<string, string>; state: string }> };
        };
        const alerts = body.data.alerts.filter((alert) => alert.labels['alertname'] === 'InfraPrismEntityCostHigh');
        return alerts.some((alert) => alert.labels['infraprism_entity_id'] === 'acme-corp') ? alerts : undefined;
      });
      expect(alerted.every((alert) => ['pending', 'firing'].includes(alert.state))).toBe(true);
      expect(rule!.health).toBe('ok');
    });
  });
}
