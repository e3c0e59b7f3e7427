// The Grafana dashboard in docs/dashboards/ names only metrics and labels we export, spelled as
// the collector's `prometheus` exporter writes them, so a renamed instrument or attribute breaks
// here in the default suite; prometheus.slow.test.ts then runs each query against a real
// Prometheus and checks its series.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { unknownPrometheusNames } from './prometheus-names.js';

const dashboardsDir = new URL('../../docs/dashboards/', import.meta.url);
const dashboards = readdirSync(dashboardsDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, json: JSON.parse(readFileSync(new URL(name, dashboardsDir), 'utf8')) as Dashboard }));

interface Dashboard {
  title: string;
  templating: { list: Array<{ name: string; type: string; definition?: string; query?: string | { query?: string } }> };
  panels: Array<{ title: string; datasource?: { uid: string }; targets?: Array<{ refId: string; expr?: string; datasource?: { uid: string } }> }>;
}

it('has a dashboard with the panels the docs promise', () => {
  expect(dashboards.map((d) => d.name)).toContain('infraprism-cost.json');
  const titles = dashboards.flatMap((d) => d.json.panels.map((panel) => panel.title));
  for (const title of ['Cost per customer', 'Cost per model', 'Cost per feature tag', 'Calls without a cost', 'Tokens per model and type', 'Export health']) {
    expect(titles).toContain(title);
  }
});

it('queries only metric and label names we export, in panels and variables', () => {
  const unknown: string[] = [];
  for (const { name, json } of dashboards) {
    const queries = [
      ...json.panels.flatMap((panel) => (panel.targets ?? []).map((target) => [`"${panel.title}" ${target.refId}`, target.expr ?? ''] as const)),
      ...json.templating.list
        .filter((v) => v.type === 'query')
        .flatMap((v) => [v.definition ?? '', typeof v.query === 'string' ? v.query : (v.query?.query ?? '')].map((query) => [`variable ${v.name}`, query] as const)),
    ];
    for (const [where, query] of queries) {
      expect(query, `${name} ${where}`).not.toBe('');
      for (const identifier of unknownPrometheusNames(query)) unknown.push(`${name} ${where}: ${identifier}`);
    }
  }
  expect(unknown).toEqual([]);
});

it('reads every panel from the data source the user picks', () => {
  for (const { json } of dashboards) {
    const variable = json.templating.list.find((v) => v.type === 'datasource');
    expect(variable).toBeDefined();
    const uid = `\${${variable!.name}}`;
    for (const panel of json.panels) {
      expect(panel.datasource?.uid, panel.title).toBe(uid);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, `${panel.title} ${target.refId}`).toBe(uid);
    }
  }
});
