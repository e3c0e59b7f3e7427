// Issue #7, item 7: the InfraPrism API key goes to the configured InfraPrism endpoint and nowhere
// else (not to a standard OTLP endpoint variable pointing elsewhere, not anywhere when no
// endpoint is set), is never logged, and sending it over plain HTTP to a non-loopback host
// logs a loud (error-level) warning.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { createTracingPipeline } from '../../src/export/tracing-pipeline.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

const KEY = 'ipk_security_3c9d1e';
const lines: Array<{ level: string; text: string }> = [];
let infraprism: OtlpReceiver;
let elsewhere: OtlpReceiver;

beforeAll(async () => {
  const at = (level: string) => (...args: unknown[]) => lines.push({ level, text: args.map(String).join(' ') });
  diag.setLogger({ error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), verbose: at('verbose') }, DiagLogLevel.ALL);
  [infraprism, elsewhere] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
});
afterAll(async () => {
  await Promise.all([infraprism.close(), elsewhere.close()]);
  diag.disable();
});
beforeEach(() => {
  lines.length = 0;
});
afterEach(() => {
  delete process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
});

describe('the InfraPrism API key', () => {
  it('is sent to the InfraPrism endpoint only, even when the standard OTLP variables point elsewhere', async () => {
    process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] = elsewhere.tracesURL;
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = elsewhere.url;
    const pipeline = createTracingPipeline({ config: resolveConfig({ endpoint: infraprism.url, apiKey: KEY }, process.env) });
    pipeline.provider.getTracer('security').startSpan('one').end();
    await pipeline.forceFlush();
    await pipeline.shutdown();

    expect(infraprism.spans()).toHaveLength(1);
    expect(infraprism.requestHeaders().map((headers) => headers['authorization'])).toEqual([`Bearer ${KEY}`]);
    expect(elsewhere.requests).toHaveLength(0);
    expect(lines.filter((line) => line.text.includes(KEY))).toEqual([]);
  });

  it('is sent nowhere without an InfraPrism endpoint, with a warning saying so', () => {
    const config = resolveConfig({ apiKey: KEY }, {});
    expect(config.exportTarget.headers).not.toHaveProperty('authorization');
    expect(lines.some((line) => line.level === 'warn' && line.text.includes('the key is not sent anywhere'))).toBe(true);
  });

  it('warns loudly, at error level, before travelling over plain HTTP to another host', () => {
    resolveConfig({ endpoint: 'http://collector.example.com:4318', apiKey: KEY }, {});
    const loud = lines.filter((line) => line.level === 'error' && line.text.includes('SECURITY'));
    expect(loud).toHaveLength(1);
    expect(loud[0]!.text).toContain('collector.example.com:4318 over plain HTTP; use an https:// endpoint');
    expect(loud[0]!.text).not.toContain(KEY);
  });

  it('stays quiet over https and over plain HTTP to loopback', () => {
    resolveConfig({ endpoint: 'https://collector.example.com', apiKey: KEY }, {});
    resolveConfig({ endpoint: 'http://127.0.0.1:4318', apiKey: KEY }, {});
    resolveConfig({ endpoint: 'http://localhost:4318', apiKey: KEY }, {});
    resolveConfig({ endpoint: 'http://[::1]:4318', apiKey: KEY }, {});
    expect(lines.filter((line) => line.text.includes('SECURITY'))).toEqual([]);
  });
});
