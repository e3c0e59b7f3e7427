// Proven against a real backend. A real Prometheus server (Debian's `prometheus` package,
// installed by .ci/run) scrapes an app instrumented with init() and the OpenTelemetry Prometheus
// exporter, and PromQL over its HTTP API must give, per entity, the sum of the span costs; every
// PromQL block of the documentation, the cookbook's alert rule and every query of the Grafana
// dashboard in docs/dashboards/ run here too, each expected to return named series.
//
// Why scraping: Debian bookworm ships Prometheus 2.42, whose OTLP receiver does not exist yet
// (2.47+, behind a flag), so the real path for it is a scrape of the app's /metrics, which is
// also how most Prometheus setups collect app metrics. The in-process exporter names the counter
// `infraprism_client_cost_total` (it adds no unit suffix) where the collector and OTLP paths the
// cookbook is written for say `infraprism_client_cost_USD_total`, and the duration histogram
// `gen_ai_client_operation_duration` where they say `..._seconds`; the queries are run with those
// names swapped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, withEntity, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { fencedBlocks } from '../docs/fenced-blocks.js';

const UNKNOWN_MODEL = 'in-house-model-without-a-price';
const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? 'prometheus';
const IS_CI = process.env['CI'] === 'true';
const prometheusVersion = readPrometheusVersion();

const COOKBOOK_METRIC = 'infraprism_client_cost_USD_total';
const SCRAPED_METRIC = 'infraprism_client_cost_total';
const DASHBOARDS = new URL('../../docs/dashboards/', import.meta.url);

/** A query as written for the collector's naming, with the in-process exporter's names. */
function asScraped(query: string): string {
  return query
    .replaceAll(COOKBOOK_METRIC, SCRAPED_METRIC)
    .replaceAll('gen_ai_client_operation_duration_seconds_', 'gen_ai_client_operation_duration_');
}

function readPrometheusVersion(): string | undefined {
  const result = spawnSync(PROMETHEUS_BIN, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim();
}

/** Every PromQL block of the documentation, and the cookbook's alert rule file (docs/queries.md). */
function readCookbook(): { queries: string[]; ruleFile: string } {
  const blocks = fencedBlocks().filter((block) => block.lang === 'promql');
  const queries = [...new Set(blocks.map((block) => block.code.trim()))];
  const ruleFile = fencedBlocks()
    .filter((block) => block.page === 'docs/queries.md' && block.lang === 'yaml')
    .find((block) => block.code.startsWith('groups:'))?.code;
  expect(ruleFile).toBeDefined();
  return { queries, ruleFile: ruleFile! };
}

interface DashboardTarget {
  panel: string;
  refId: string;
  expr: string;
}

/** Every Prometheus target of every dashboard in docs/dashboards/. */
function readDashboardTargets(): DashboardTarget[] {
  return readdirSync(DASHBOARDS)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const dashboard = JSON.parse(readFileSync(new URL(name, DASHBOARDS), 'utf8')) as {
        panels: Array<{ title: string; targets?: Array<{ refId: string; expr?: string }> }>;
      };
      return dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ panel: panel.title, refId: target.refId, expr: target.expr ?? '' })),
      );
    });
}

/** Grafana's variables, as the dashboard has them at "All" over a one-hour range. */
function withDashboardVariables(expr: string): string {
  return expr.replaceAll('$__range', '1h').replaceAll('$__rate_interval', '1h').replaceAll('$entity_type', '.*');
}

/**
 * What each dashboard query must return, after the calls of the first test: the label values of
 * its series (one string per series, the listed labels joined by `|`), each above 0 unless the
 * panel counts what should not happen (drops, failures). A panel added without an
 * entry here fails the test, so every query the dashboard ships is checked for its series.
 */
const DASHBOARD_EXPECTATIONS: Record<string, { labels: string[]; series: string[]; isZero?: boolean }> = {
  'Cost per customer/A': { labels: ['infraprism_entity_type', 'infraprism_entity_id'], series: ['customer|acme-corp', 'customer|globex', 'team|initech'] },
  'Cost per model/A': { labels: ['gen_ai_request_model'], series: ['gpt-4o', 'gpt-4o-mini'] },
  'Cost per feature tag/A': { labels: ['infraprism_tag_feature'], series: ['', 'chatbot', 'search', 'summarize'] },
  'Cost over time per customer/A': { labels: ['infraprism_entity_id'], series: ['acme-corp', 'globex', 'initech'] },
  'Calls without a cost/A': { labels: ['gen_ai_request_model'], series: [UNKNOWN_MODEL] },
  'Calls without a cost/B': { labels: ['gen_ai_request_model'], series: ['gpt-4o-mini'] },
  'Tokens per model and type/A': {
    labels: ['gen_ai_request_model', 'gen_ai_token_type'],
    series: ['gpt-4o-mini|input', 'gpt-4o-mini|output', 'gpt-4o|input', 'gpt-4o|output', `${UNKNOWN_MODEL}|input`, `${UNKNOWN_MODEL}|output`],
  },
  'Export health/A': { labels: [], series: [''] },
  'Export health/B': { labels: [], series: [''], isZero: true },
  'Export health/C': { labels: [], series: [''], isZero: true },
};

if (prometheusVersion === undefined) {
  const reason = `the prometheus binary (${PROMETHEUS_BIN}) is not installed: apt-get install prometheus (Debian) to run this test`;
  if (IS_CI) {
    it('runs against a real Prometheus in CI', () => {
      throw new Error(`${reason}; .ci/run installs it, so in CI this is a failure, not a skip`);
    });
  } else {
    console.warn(`[prometheus.slow.test] skipped: ${reason}`);
    it.skip(`skipped: ${reason}`, () => {});
  }
} else {
  describe(`cost per entity in a real Prometheus (${prometheusVersion})`, () => {
    let provider: FakeProvider;
    let setup: InfraPrism;
    let client: OpenAI;
    let metricsServer: Server;
    let prometheus: ChildProcess;
    let prometheusLog = '';
    let prometheusURL: string;
    let workDir: string;
    const spans = new InMemorySpanExporter();
    const cookbook = readCookbook();

    async function promQuery(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
      const url = `${prometheusURL}/api/v1/query?query=${encodeURIComponent(query)}`;
      const response = await fetch(url);
      const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: never[] } };
      if (body.status !== 'success') throw new Error(`PromQL failed: ${query}: ${body.error ?? response.status}`);
      expect(body.data?.resultType).toBe('vector');
      return body.data!.result;
    }

    /** Polls until `check` returns a value (Prometheus scrapes and evaluates every second). */
    async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        try {
          const value = await check();
          if (value !== undefined) return value;
        } catch (error) {
          last = error;
        }
        if (prometheus.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\nprometheus log:\n${prometheusLog.slice(-3000)}`);
    }

    function chat(model: string, tags?: Record<string, string>) {
      return client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], ...(tags ? { tags } : {}) } as never);
    }

    /** Calls on new and on already scraped series, two of them adding no cost. */
    async function makeSecondRoundOfCalls(): Promise<void> {
      await withEntity({ type: 'customer', id: 'acme-corp' }, async () => {
        await chat('gpt-4o', { feature: 'chatbot' });
        await chat('gpt-4o-mini', { feature: 'summarize' });
      });
      await withEntity({ type: 'customer', id: 'globex' }, () => chat('gpt-4o', { feature: 'search' }));
      await withEntity({ type: 'team', id: 'initech' }, () => chat('gpt-4o-mini'));
      // A model without a price, and a stream a compatible server was not asked to report usage
      // for: both count on the histograms only.
      await withEntity({ type: 'customer', id: 'hooli' }, async () => {
        await chat(UNKNOWN_MODEL);
        const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
        for await (const _chunk of stream);
      });
      await setup.flush();
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

      workDir = await mkdtemp(join(tmpdir(), 'infraprism-prometheus-'));
      const rules = asScraped(cookbook.ruleFile)
        // Any increase fires, so the rule can be seen working with test-sized costs.
        .replace(/> 5\b/, '> 0');
      await writeFile(join(workDir, 'rules.yml'), rules);
      await writeFile(
        join(workDir, 'prometheus.yml'),
        [
          'global:',
          '  scrape_interval: 1s',
          '  evaluation_interval: 1s',
          'rule_files:',
          `  - ${join(workDir, 'rules.yml')}`,
          'scrape_configs:',
          '  - job_name: infraprism-app',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${appPort}']`,
          '',
        ].join('\n'),
      );
      const port = await freePort();
      prometheusURL = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        PROMETHEUS_BIN,
        [
          `--config.file=${join(workDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(workDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus.stdout?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
      prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
      await eventually('Prometheus to be ready', async () => ((await fetch(`${prometheusURL}/-/ready`)).ok ? true : undefined));
    }, 60_000);

    afterAll(async () => {
      prometheus?.kill('SIGTERM');
      if (prometheus && prometheus.exitCode === null) await new Promise((resolve) => prometheus.once('exit', resolve));
      await new Promise<void>((resolve) => metricsServer?.close(() => resolve()));
      await setup?.shutdown();
      await provider?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('holds per entity the sum of the span costs, and answers every cookbook query', async () => {
      // One call per entity first, so their series exist before Prometheus starts counting increases.
      await withEntity({ type: 'customer', id: 'acme-corp' }, () => chat('gpt-4o', { feature: 'chatbot' }));
      await withEntity({ type: 'customer', id: 'globex' }, () => chat('gpt-4o-mini', { feature: 'search' }));
      await eventually('the first scrape of both entities', async () =>
        (await promQuery(`sum by (infraprism_entity_id) (${SCRAPED_METRIC})`)).length === 2 ? true : undefined,
      );

      await makeSecondRoundOfCalls();

      const statuses = spans.getFinishedSpans().map((span) => span.attributes['infraprism.cost.status']);
      expect(statuses.filter((status) => status !== 'priced').sort()).toEqual(['no_usage', 'unknown_model']);
      const expected = new Map<string, number>();
      for (const span of spans.getFinishedSpans()) {
        if (span.attributes['infraprism.cost.status'] !== 'priced') continue;
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
        const result = await promQuery(asScraped(perEntityQuery!));
        const byEntity = new Map(result.map((sample) => [sample.metric['infraprism_entity_id']!, Number(sample.value[1])]));
        const isComplete = [...expected].every(([entity, usd]) => Math.abs((byEntity.get(entity) ?? 0) - usd) <= 1e-12 * Math.max(1, usd));
        return isComplete ? byEntity : undefined;
      });
      for (const [entity, usd] of expected) expect(actual.get(entity)).toBeCloseTo(usd, 12);

      // Every cookbook query runs and returns series.
      expect(cookbook.queries.length).toBeGreaterThanOrEqual(5);
      for (const query of cookbook.queries) {
        const result = await promQuery(asScraped(query));
        expect(result.length, query).toBeGreaterThan(0);
      }
      const top = await promQuery(asScraped(cookbook.queries.find((q) => q.startsWith('topk('))!));
      expect(top.map((sample) => sample.metric['infraprism_entity_id']).sort()).toEqual(['acme-corp', 'globex']);
      // increase() needs two samples of a series, so series born by the last calls show up a
      // scrape later (with an increase of 0: Prometheus 2.x does not count a counter's first sample).
      const byTagQuery = asScraped(cookbook.queries.find((q) => q.includes('infraprism_tag_feature'))!);
      const tags = await eventually('every tag in the by-tag query', async () => {
        const values = (await promQuery(byTagQuery)).map((sample) => sample.metric['infraprism_tag_feature'] ?? '').sort();
        return values.length === 4 ? values : undefined;
      });
      expect(tags).toEqual(['', 'chatbot', 'search', 'summarize']);
    });

    it('answers every query of the Grafana dashboard with the series its panel shows', async () => {
      const targets = readDashboardTargets();
      expect(targets.length).toBeGreaterThanOrEqual(8);
      expect(targets.map((target) => `${target.panel}/${target.refId}`).sort()).toEqual(Object.keys(DASHBOARD_EXPECTATIONS).sort());
      // The same calls again: every series now exists in Prometheus, so each of them increases
      // (Prometheus 2.x gives a series no increase for the sample it was born with).
      await makeSecondRoundOfCalls();
      for (const target of targets) {
        const expectation = DASHBOARD_EXPECTATIONS[`${target.panel}/${target.refId}`]!;
        const query = asScraped(withDashboardVariables(target.expr));
        const result = await eventually(`the series of "${target.panel}" ${target.refId}`, async () => {
          const samples = await promQuery(query);
          const series = samples.map((sample) => expectation.labels.map((label) => sample.metric[label] ?? '').join('|')).sort();
          const isComplete = JSON.stringify(series) === JSON.stringify([...expectation.series].sort());
          return isComplete && samples.every((sample) => Number(sample.value[1]) > 0 || expectation.isZero) ? samples : undefined;
        });
        for (const sample of result) {
          const value = Number(sample.value[1]);
          if (expectation.isZero) expect(value, `${target.panel} ${target.refId}`).toBe(0);
          else expect(value, `${target.panel} ${target.refId}`).toBeGreaterThan(0);
        }
      }
    });

    it('loads the cookbook alert rule and fires it for an entity whose cost rose', async () => {
      const groups = await eventually('the alert rule to be loaded', async () => {
        const body = (await (await fetch(`${prometheusURL}/api/v1/rules`)).json()) as {
          data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
        };
        return body.data.groups.length > 0 ? body.data.groups : undefined;
      });
      const rule = groups.flatMap((group) => group.rules).find((r) => r.name === 'InfraPrismEntityCostHigh');
      expect(rule, 'rule InfraPrismEntityCostHigh').toBeDefined();
      const alerted = await eventually('the alert for acme-corp', async () => {
        const body = (await (await fetch(`${prometheusURL}/api/v1/alerts`)).json()) as {
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
