// Issue #8: metrics options and the standard variables; the endpoint and key are the traces ones.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { resolveMetricsConfig } from '../../src/config/resolve-metrics-config.js';
import type { InitOptions } from '../../src/config/options.js';

function resolve(options: InitOptions, env: Record<string, string> = {}) {
  return resolveMetricsConfig(options.metrics, resolveConfig(options, env).exportTarget, env);
}

describe('metrics configuration', () => {
  it('defaults to no tags, a limit of 1000, entity ids kept and a 60 s push', () => {
    expect(resolve({})).toEqual({
      tagKeys: [],
      cardinalityLimit: 1000,
      dropEntityId: false,
      exportIntervalMillis: 60000,
      exportTimeoutMillis: 5000,
      headers: {},
    });
  });

  it('sends to the InfraPrism endpoint at /v1/metrics with the same API key', () => {
    const resolved = resolve({ endpoint: 'https://ingest.example.com/otlp', apiKey: 'ipk_1' });
    expect(resolved?.metricsUrl).toBe('https://ingest.example.com/otlp/v1/metrics');
    expect(resolved?.headers).toEqual({ authorization: 'Bearer ipk_1' });
    expect(resolve({ endpoint: 'https://ingest.example.com/v1/traces' })?.metricsUrl).toBe('https://ingest.example.com/v1/metrics');
  });

  it('leaves the URL to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT when no InfraPrism endpoint is set', () => {
    expect(resolve({}, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics' })?.metricsUrl).toBeUndefined();
  });

  it('reads the standard and InfraPrism variables', () => {
    expect(
      resolve({}, {
        OTEL_METRIC_EXPORT_INTERVAL: '10000',
        OTEL_METRIC_EXPORT_TIMEOUT: '5000',
        INFRAPRISM_METRICS_TAG_KEYS: 'feature, team,,feature',
        INFRAPRISM_METRICS_CARDINALITY_LIMIT: '50',
        INFRAPRISM_METRICS_DROP_ENTITY_ID: 'true',
      }),
    ).toMatchObject({ exportIntervalMillis: 10000, exportTimeoutMillis: 5000, tagKeys: ['feature', 'team'], cardinalityLimit: 50, dropEntityId: true });
  });

  it('falls back on bad variables and clamps a timeout longer than the interval', () => {
    expect(
      resolve({}, { INFRAPRISM_METRICS_CARDINALITY_LIMIT: 'lots', OTEL_METRIC_EXPORT_INTERVAL: '1000', INFRAPRISM_METRICS_DROP_ENTITY_ID: 'yes' }),
    ).toMatchObject({ cardinalityLimit: 1000, exportIntervalMillis: 1000, exportTimeoutMillis: 1000, dropEntityId: false });
  });

  it('is off with metrics: false or OTEL_METRICS_EXPORTER=none', () => {
    expect(resolve({ metrics: false })).toBeUndefined();
    expect(resolve({}, { OTEL_METRICS_EXPORTER: 'none' })).toBeUndefined();
  });

  it('throws on a wrong explicit option', () => {
    expect(() => resolve({ metrics: { cardinalityLimit: -1 } })).toThrow(TypeError);
    expect(() => resolve({ metrics: { tagKeys: [''] } })).toThrow(TypeError);
    expect(() => resolve({ metrics: { exportIntervalMillis: 0.5 } })).toThrow(TypeError);
  });
});
