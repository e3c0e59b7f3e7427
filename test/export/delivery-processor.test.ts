// Issue #7, item 1, at the processor: with an exporter that fails its first attempts, retained
// batches go out again oldest first, spans reach the exporter in production order, queued plus
// retained never exceed the bound, and the newest span is the one dropped. Real OTel SDK
// tracer provider; the exporter is an InMemorySpanExporter that refuses while told to.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { DeliveryProcessor } from '../../src/export/delivery-processor.js';
import { getDeliveryStats } from '../../src/export/delivery-stats.js';

/** Refuses (as a network error would) while `isDown`; records every attempt's span names. */
class FlakyExporter extends InMemorySpanExporter {
  isDown = true;
  readonly attempts: string[][] = [];
  override export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.attempts.push(spans.map((span) => span.name));
    if (this.isDown) {
      done({ code: ExportResultCode.FAILED, error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      return;
    }
    super.export(spans, done);
  }
}

function setUp(maxQueueSize: number) {
  const exporter = new FlakyExporter();
  const processor = new DeliveryProcessor(exporter, {
    scheduledDelayMillis: 10,
    maxExportBatchSize: 5,
    maxQueueSize,
    exportTimeoutMillis: 1000,
    flushTimeoutMillis: 2000,
    initialRetryDelayMillis: 5,
    maxRetryDelayMillis: 20,
    isServerless: false,
    endpointLabel: 'test',
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('processor-test');
  const end = (names: string[]) => names.forEach((name) => tracer.startSpan(name).end());
  return { exporter, processor, end };
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('DeliveryProcessor', () => {
  it('retries retained batches oldest first and delivers in production order', async () => {
    const { exporter, processor, end } = setUp(100);
    end(names('a', 12));
    await processor.forceFlush();
    end(names('b', 8));
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    // Every failed attempt started with the oldest span: the head is retried first.
    expect(exporter.attempts.every((attempt) => attempt[0] === 'a0')).toBe(true);
    expect(processor.pendingCount).toBe(20);

    exporter.isDown = false;
    await processor.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([...names('a', 12), ...names('b', 8)]);
    expect(processor.pendingCount).toBe(0);
    await processor.shutdown();
  });

  it('keeps queued plus retained within the bound and drops the newest', async () => {
    const { exporter, processor, end } = setUp(10);
    const droppedBefore = getDeliveryStats().spansDropped;
    end(names('x', 25));
    await processor.forceFlush();
    expect(processor.pendingCount).toBe(10);
    expect(getDeliveryStats().spansDropped - droppedBefore).toBe(15);

    exporter.isDown = false;
    await processor.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(names('x', 10));
    await processor.shutdown();
  });

  it('keeps retrying on its own with backoff until the exporter is back', async () => {
    const { exporter, processor, end } = setUp(100);
    end(names('r', 5));
    // The full batch goes out on the next turn and fails; retries follow with no flush().
    while (exporter.attempts.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    exporter.isDown = false;
    while (exporter.getFinishedSpans().length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(names('r', 5));
    await processor.shutdown();
  });

  it('drops and counts what is still undelivered at shutdown, once, however often it is called', async () => {
    const { processor, end } = setUp(100);
    const droppedBefore = getDeliveryStats().spansDropped;
    end(names('s', 3));
    const first = processor.shutdown();
    expect(processor.shutdown()).toBe(first);
    await first;
    expect(getDeliveryStats().spansDropped - droppedBefore).toBe(3);
    end(names('late', 2));
    expect(processor.pendingCount).toBe(0);
  });
});
