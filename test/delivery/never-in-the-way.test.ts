// Issue #7, item 3: the endpoint's problems stay ours. A hanging endpoint neither grows memory
// past the buffer nor holds flush() past its bound; a refused connection, a TLS error, a 401
// and a 404 each give one clear diag line however many batches fail, and never a key.
// Real pipelines (our processor, the real OTLP/HTTP exporter) against the loopback receiver.
import { diag, DiagLogLevel, type Tracer } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InitOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { getDeliveryStats } from '../../src/export/delivery-stats.js';
import { createTracingPipeline, type TracingPipeline } from '../../src/export/tracing-pipeline.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

const API_KEY = 'ipk_never_logged_7f3a';
const diagLines: string[] = [];
/** Lines at warn or error: what a user sees at the default level. */
const warnLines: string[] = [];
let receiver: OtlpReceiver;
let pipelines: TracingPipeline[] = [];

beforeAll(async () => {
  const record = (...args: unknown[]) => diagLines.push(args.map(String).join(' '));
  const recordWarning = (...args: unknown[]) => {
    record(...args);
    warnLines.push(args.map(String).join(' '));
  };
  diag.setLogger({ error: recordWarning, warn: recordWarning, info: record, debug: record, verbose: record }, DiagLogLevel.ALL);
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
  diag.disable();
});
beforeEach(() => {
  diagLines.length = 0;
  warnLines.length = 0;
  receiver.reset();
});
afterEach(async () => {
  await Promise.all(pipelines.map((pipeline) => pipeline.shutdown()));
  pipelines = [];
});

function startPipeline(options: InitOptions): { pipeline: TracingPipeline; tracer: Tracer } {
  const config = resolveConfig(
    { logLevel: 'none', flushTimeoutMillis: 2000, retry: { initialDelayMillis: 20, maxDelayMillis: 50 }, ...options },
    {},
  );
  const pipeline = createTracingPipeline({ config });
  pipelines.push(pipeline);
  return { pipeline, tracer: pipeline.provider.getTracer('never-in-the-way') };
}

function endSpans(tracer: Tracer, count: number): void {
  for (let i = 0; i < count; i++) tracer.startSpan(`span-${i}`).end();
}

function warnings(): string[] {
  return warnLines;
}

describe('an endpoint that accepts and never answers', () => {
  it('keeps at most the buffer in memory, counts the rest as dropped, and lets flush() resolve', async () => {
    receiver.hangNext(1000);
    const { pipeline, tracer } = startPipeline({
      endpoint: receiver.url,
      batch: { maxQueueSize: 20, maxExportBatchSize: 10, scheduledDelayMillis: 10, exportTimeoutMillis: 300 },
    });
    const droppedBefore = getDeliveryStats().spansDropped;
    endSpans(tracer, 50);
    // Nothing was accepted, so the buffer holds exactly its bound and the rest is dropped.
    expect(getDeliveryStats().spansDropped - droppedBefore).toBe(30);
    await pipeline.forceFlush();
    await pipeline.forceFlush();
    expect(receiver.spans()).toHaveLength(0);
    expect(warnings().filter((line) => line.includes('did not answer within 300 ms'))).toHaveLength(1);
    // Drops are reported as one count, not a line per span.
    const dropLines = warnings().filter((line) => line.includes('dropped'));
    expect(dropLines).toHaveLength(1);
    expect(dropLines[0]).toContain('dropped 30 spans');
  });
});

describe('one clear message per problem', () => {
  it('reports a refused connection once, however many exports fail', async () => {
    // Port 9 (discard) is closed on loopback.
    const { pipeline, tracer } = startPipeline({ endpoint: 'http://127.0.0.1:9', batch: { exportTimeoutMillis: 200 } });
    for (let i = 0; i < 3; i++) {
      endSpans(tracer, 2);
      await pipeline.forceFlush();
    }
    const lines = warnings().filter((line) => line.includes('cannot reach the telemetry endpoint 127.0.0.1:9 (ECONNREFUSED)'));
    expect(lines, diagLines.join('\n')).toHaveLength(1);
  });

  it('reports a 401 once, naming the variable to fix, drops the refused spans and never logs the key', async () => {
    receiver.respondNext(401, 3);
    const { pipeline, tracer } = startPipeline({ endpoint: receiver.url, apiKey: API_KEY });
    const droppedBefore = getDeliveryStats().spansDropped;
    for (let i = 0; i < 3; i++) {
      endSpans(tracer, 2);
      await pipeline.forceFlush();
    }
    expect(warnings().filter((line) => line.includes('refused our credentials (HTTP 401): check INFRAPRISM_API_KEY'))).toHaveLength(1);
    expect(getDeliveryStats().spansDropped - droppedBefore).toBe(6);
    // The next batch goes through: the app carried on.
    endSpans(tracer, 1);
    await pipeline.forceFlush();
    expect(receiver.spans()).toHaveLength(1);
    expect(receiver.traceRequests().every((request) => request.headers['authorization'] === `Bearer ${API_KEY}`)).toBe(true);
    expect(diagLines.filter((line) => line.includes(API_KEY))).toEqual([]);
  });

  it('reports a wrong path (404) once', async () => {
    const { pipeline, tracer } = startPipeline({ endpoint: `${receiver.url}/wrong/v1/traces` });
    endSpans(tracer, 2);
    await pipeline.forceFlush();
    endSpans(tracer, 2);
    await pipeline.forceFlush();
    expect(warnings().filter((line) => line.includes('has no OTLP traces route (HTTP 404): check INFRAPRISM_ENDPOINT'))).toHaveLength(1);
  });

  it('reports a TLS failure once (https:// to a plain-HTTP port)', async () => {
    const { pipeline, tracer } = startPipeline({ endpoint: `https://127.0.0.1:${receiver.port}`, batch: { exportTimeoutMillis: 300 } });
    endSpans(tracer, 2);
    await pipeline.forceFlush();
    endSpans(tracer, 2);
    await pipeline.forceFlush();
    const lines = warnings().filter((line) => line.includes('TLS with the telemetry endpoint'));
    expect(lines, diagLines.join('\n')).toHaveLength(1);
  });
});
