// Our metric and attribute names as the collector's `prometheus` exporter writes them, for the
// tests that check PromQL in the docs and the dashboard without a Prometheus.
import * as semconv from '../../src/semconv.js';

const toPrometheus = (name: string): string => name.replace(/\./g, '_');
// Unit suffixes the exporter appends (`{...}` annotations are dropped), and the series suffixes
// of counters and histograms.
const UNIT_SUFFIX: Record<string, string> = {
  [semconv.METRIC_INFRAPRISM_CLIENT_COST]: '_USD',
  [semconv.METRIC_GEN_AI_CLIENT_OPERATION_DURATION]: '_seconds',
  [semconv.METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK]: '_seconds',
};
const metricNames = new Set(
  Object.entries(semconv)
    .filter(([key]) => key.startsWith('METRIC_'))
    .flatMap(([, name]) => {
      const base = toPrometheus(String(name)) + (UNIT_SUFFIX[String(name)] ?? '');
      return ['_total', '_count', '_sum', '_bucket'].map((suffix) => base + suffix);
    }),
);
const labelNames = new Set(
  Object.entries(semconv)
    .filter(([key]) => key.startsWith('ATTR_'))
    .map(([, name]) => toPrometheus(String(name))),
);

/**
 * The names in a PromQL query that look like ours (`gen_ai_*`, `infraprism_*`, `server_*`,
 * `error_*`) but are no metric or label we export. The collector's span-derived
 * `infraprism_span_cost_USD_total` (collector-config.yaml) counts as ours.
 */
export function unknownPrometheusNames(query: string): string[] {
  return [...query.matchAll(/\b(?:gen_ai|infraprism|server|error)_[a-zA-Z0-9_]*/g)]
    .map((m) => m[0])
    .filter((name) => !metricNames.has(name) && !labelNames.has(name) && !/^infraprism_tag_\w+$/.test(name) && name !== 'infraprism_span_cost_USD_total');
}
