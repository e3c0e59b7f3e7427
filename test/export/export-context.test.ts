// Our export runs under suppressTracing only when something would trace it: the SDK's way in,
// `context.with`, switches on async-hooks propagation for every promise of the app on Node 20
// and 22 from the first export on. With an HTTP instrumentation there, the export is still
// suppressed, so it never traces itself.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { ExportResultCode, isTracingSuppressed, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { isHookPropagation } from '../../src/context/propagation.js';
import { DeliveryProcessor } from '../../src/export/delivery-processor.js';

/** Records, per export, whether tracing was suppressed while the exporter ran. */
class ContextRecordingExporter implements SpanExporter {
  readonly suppressed: boolean[] = [];
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.suppressed.push(isTracingSuppressed(context.active()));
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

async function exportOneSpan(): Promise<boolean[]> {
  ensureContextManager();
  const exporter = new ContextRecordingExporter();
  const processor = new DeliveryProcessor(exporter, {
    scheduledDelayMillis: 10,
    maxExportBatchSize: 5,
    maxQueueSize: 10,
    exportTimeoutMillis: 1000,
    flushTimeoutMillis: 2000,
    initialRetryDelayMillis: 5,
    maxRetryDelayMillis: 20,
    isServerless: false,
    endpointLabel: 'test',
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  provider.getTracer('export-context-test').startSpan('one').end();
  await processor.forceFlush();
  return exporter.suppressed;
}

describe.skipIf(!isHookPropagation())('the export context (hook-based propagation: Node 20, 22)', () => {
  it('hands a batch to the exporter as it is when nothing would trace the export', async () => {
    expect(await exportOneSpan()).toEqual([false]);
  });

  it('exports under suppressTracing when an HTTP instrumentation would trace it', async () => {
    const onRequest = (): void => {};
    subscribe('http.client.request.start', onRequest);
    try {
      expect(await exportOneSpan()).toEqual([true]);
    } finally {
      unsubscribe('http.client.request.start', onRequest);
    }
  });
});
