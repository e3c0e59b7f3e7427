// One warning per failure condition, repeated at most once per interval while it lasts, and a
// recovery line: the rate bound of export failure messages, shared by spans and metrics.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeExportFailure } from '../../src/export/export-failure.js';
import { ExportFailureReporter, FAILURE_REPEAT_INTERVAL_MILLIS } from '../../src/export/failure-reporter.js';

const lines: Array<{ level: string; message: string }> = [];
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
const unauthorized = Object.assign(new Error('Unauthorized'), { code: 401 });
const context = { endpointLabel: '127.0.0.1:9', exportTimeoutMillis: 1000 } as const;

beforeAll(() => {
  // Our component logger puts its namespace first.
  const at = (level: string) => (...args: unknown[]) => lines.push({ level, message: args.map(String).join(' ').replace(/^infraprism /, '') });
  diag.setLogger({ error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), verbose: at('verbose') }, DiagLogLevel.ALL);
});
afterAll(() => diag.disable());
beforeEach(() => {
  lines.length = 0;
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => vi.useRealTimers());

const warnings = () => lines.filter((line) => line.level === 'warn').map((line) => line.message);

describe('ExportFailureReporter', () => {
  it('warns once per condition, then at debug until the repeat interval has passed', () => {
    const reporter = new ExportFailureReporter('metrics export to 127.0.0.1:9');
    const failure = describeExportFailure(refused, { ...context, signal: 'metrics' });
    for (let i = 0; i < 50; i++) reporter.failed(failure);
    expect(warnings()).toEqual([failure.message]);
    expect(lines.filter((line) => line.level === 'debug')).toHaveLength(49);

    vi.setSystemTime(Date.now() + FAILURE_REPEAT_INTERVAL_MILLIS - 1);
    reporter.failed(failure);
    expect(warnings()).toHaveLength(1);
    vi.setSystemTime(Date.now() + 1);
    reporter.failed(failure);
    expect(warnings()).toEqual([failure.message, failure.message]);
  });

  it('warns for each distinct condition and says once that export works again', () => {
    const reporter = new ExportFailureReporter('export to 127.0.0.1:9');
    reporter.failed(describeExportFailure(refused, context));
    reporter.failed(describeExportFailure(unauthorized, context));
    reporter.failed(describeExportFailure(refused, context));
    expect(warnings()).toHaveLength(2);
    expect(reporter.isFailing).toBe(true);
    reporter.recovered();
    reporter.recovered();
    expect(lines.filter((line) => line.level === 'info').map((line) => line.message)).toEqual(['export to 127.0.0.1:9 works again']);
    // A later outage is news again.
    reporter.failed(describeExportFailure(refused, context));
    expect(warnings()).toHaveLength(3);
  });

  it('words each signal for what happens to its data', () => {
    expect(describeExportFailure(refused, context).message).toContain('spans are kept and retried');
    expect(describeExportFailure(refused, { ...context, signal: 'metrics' }).message).toContain('metrics are exported again at the next interval');
    expect(describeExportFailure(Object.assign(new Error('nf'), { code: 404 }), { ...context, signal: 'metrics' }).message).toContain('no OTLP metrics route');
  });
});
