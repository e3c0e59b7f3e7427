// Issue #3, item 8: options win over environment variables, which win over the seeds'
// defaults (5 s / 100 spans / 1000 queued). A bad env value warns and falls back; a bad
// explicit option throws.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH, resolveConfig, resolveLogLevel } from '../../src/config/resolve-config.js';

describe('batch settings', () => {
  it('defaults to exporting every 5 s or at 100 spans, with 1000 queued', () => {
    expect(resolveConfig({}, {}).batch).toEqual({
      scheduledDelayMillis: 5000,
      maxExportBatchSize: 100,
      maxQueueSize: 1000,
      exportTimeoutMillis: 5000,
    });
  });

  it('reads the standard OTEL_BSP_* variables and lets options win over them', () => {
    const env = { OTEL_BSP_SCHEDULE_DELAY: '250', OTEL_BSP_MAX_QUEUE_SIZE: '50', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10' };
    expect(resolveConfig({}, env).batch).toMatchObject({ scheduledDelayMillis: 250, maxQueueSize: 50, maxExportBatchSize: 10 });
    expect(resolveConfig({ batch: { scheduledDelayMillis: 9 } }, env).batch.scheduledDelayMillis).toBe(9);
  });

  it('falls back on a malformed variable and throws on a malformed option', () => {
    expect(resolveConfig({}, { OTEL_BSP_SCHEDULE_DELAY: 'soon' }).batch.scheduledDelayMillis).toBe(DEFAULT_BATCH.scheduledDelayMillis);
    expect(() => resolveConfig({ batch: { maxQueueSize: -1 } }, {})).toThrow(TypeError);
  });

  it('never lets a batch exceed the queue', () => {
    expect(resolveConfig({ batch: { maxQueueSize: 20, maxExportBatchSize: 100 } }, {}).batch.maxExportBatchSize).toBe(20);
  });
});

describe('export target', () => {
  it('leaves the URL to the standard OTEL_EXPORTER_OTLP_* variables without an InfraPrism endpoint', () => {
    expect(resolveConfig({}, {}).exportTarget).toEqual({ headers: {}, protocol: 'http/json' });
  });

  it('sends the API key to the InfraPrism endpoint, under /v1/traces', () => {
    const target = resolveConfig({}, { INFRAPRISM_ENDPOINT: 'https://ingest.example.com/otlp', INFRAPRISM_API_KEY: 'ipk_1' }).exportTarget;
    expect(target).toEqual({
      tracesUrl: 'https://ingest.example.com/otlp/v1/traces',
      headers: { authorization: 'Bearer ipk_1' },
      protocol: 'http/json',
    });
  });

  it('never sends the API key anywhere without an InfraPrism endpoint', () => {
    const target = resolveConfig({}, { INFRAPRISM_API_KEY: 'ipk_1', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://elsewhere.example.com' }).exportTarget;
    expect(JSON.stringify(target)).not.toContain('ipk_1');
  });

  it('prefers options over environment variables', () => {
    const target = resolveConfig(
      { endpoint: 'http://127.0.0.1:9/v1/traces', apiKey: 'from-option' },
      { INFRAPRISM_ENDPOINT: 'https://env.example.com', INFRAPRISM_API_KEY: 'from-env' },
    ).exportTarget;
    expect(target).toEqual({ tracesUrl: 'http://127.0.0.1:9/v1/traces', headers: { authorization: 'Bearer from-option' }, protocol: 'http/json' });
  });

  it('throws on an endpoint option that is not a URL, and ignores such an env value', () => {
    expect(() => resolveConfig({ endpoint: 'not a url' }, {})).toThrow(TypeError);
    expect(resolveConfig({}, { INFRAPRISM_ENDPOINT: 'not a url' }).exportTarget).toEqual({ headers: {}, protocol: 'http/json' });
  });

  // Issue #7: the standard protocol variables choose the OTLP encoding; the option wins.
  it('reads the OTLP protocol, traces-specific variable first, and falls back on an unknown one', () => {
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }).exportTarget.protocol).toBe('http/protobuf');
    const both = { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
    expect(resolveConfig({}, both).exportTarget.protocol).toBe('http/json');
    expect(resolveConfig({ protocol: 'http/protobuf' }, both).exportTarget.protocol).toBe('http/protobuf');
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).exportTarget.protocol).toBe('http/json');
    expect(() => resolveConfig({ protocol: 'grpc' as never }, {})).toThrow(TypeError);
  });
});

describe('delivery settings (issue #7)', () => {
  it('defaults to 1 s doubling to 30 s between retries, a 5 s flush bound, and batching', () => {
    const config = resolveConfig({}, {});
    expect(config.retry).toEqual({ initialDelayMillis: 1000, maxDelayMillis: 30000 });
    expect(config.flushTimeoutMillis).toBe(5000);
    expect(config.isServerless).toBe(false);
  });

  it('reads INFRAPRISM_* variables, lets options win, and falls back on bad values', () => {
    const env = { INFRAPRISM_RETRY_INITIAL_DELAY: '50', INFRAPRISM_RETRY_MAX_DELAY: 'soon', INFRAPRISM_FLUSH_TIMEOUT: '900', INFRAPRISM_SERVERLESS: 'true' };
    const config = resolveConfig({}, env);
    expect(config.retry).toEqual({ initialDelayMillis: 50, maxDelayMillis: 30000 });
    expect(config.flushTimeoutMillis).toBe(900);
    expect(config.isServerless).toBe(true);
    expect(resolveConfig({ serverless: false, flushTimeoutMillis: 10 }, env)).toMatchObject({ isServerless: false, flushTimeoutMillis: 10 });
    expect(resolveConfig({}, { INFRAPRISM_SERVERLESS: 'maybe' }).isServerless).toBe(false);
    expect(() => resolveConfig({ retry: { maxDelayMillis: 0 } }, {})).toThrow(TypeError);
  });
});

describe('service name and log level', () => {
  it('takes the service name from the option, then OTEL_SERVICE_NAME', () => {
    expect(resolveConfig({ serviceName: 'a' }, { OTEL_SERVICE_NAME: 'b' }).serviceName).toBe('a');
    expect(resolveConfig({}, { OTEL_SERVICE_NAME: 'b' }).serviceName).toBe('b');
    expect(resolveConfig({}, {}).serviceName).toBeUndefined();
  });

  it('defaults diag output to warnings and reads OTEL_LOG_LEVEL', () => {
    expect(resolveLogLevel(undefined, {})).toBe('warn');
    expect(resolveLogLevel(undefined, { OTEL_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(resolveLogLevel(undefined, { OTEL_LOG_LEVEL: 'loud' })).toBe('warn');
    expect(resolveLogLevel('none', { OTEL_LOG_LEVEL: 'DEBUG' })).toBe('none');
  });
});
