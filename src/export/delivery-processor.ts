import { TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, internal, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { hasNetworkObservers, isHookPropagation } from '../context/propagation.js';
import { logger } from '../diag.js';
import { getDeliveryStats } from './delivery-stats.js';
import { describeExportFailure } from './export-failure.js';
import { ExportFailureReporter } from './failure-reporter.js';

export interface DeliveryProcessorOptions {
  /** Export every this many ms when fewer than `maxExportBatchSize` spans are queued. */
  scheduledDelayMillis: number;
  maxExportBatchSize: number;
  /** One bound for queued and retained (failed, awaiting retry) spans together. */
  maxQueueSize: number;
  /** One export attempt is abandoned after this long, even if the exporter never answers. */
  exportTimeoutMillis: number;
  /** Upper bound of `forceFlush()` and `shutdown()`. */
  flushTimeoutMillis: number;
  initialRetryDelayMillis: number;
  maxRetryDelayMillis: number;
  /** Export each span as it ends (serverless runtimes). */
  isServerless: boolean;
  /** `host:port` of the endpoint, for diag messages (never a URL with credentials). */
  endpointLabel: string;
}

/** A span and its place in production order, kept when its batch goes back for a retry. */
interface QueuedSpan {
  readonly sequence: number;
  readonly span: ReadableSpan;
}

/**
 * Batches exported at once while the endpoint is healthy, so a burst does not overflow the
 * buffer behind one slow request (the OTLP exporter's own limit is 30). After a failure,
 * one at a time: the oldest batch probes the endpoint.
 */
const MAX_CONCURRENT_EXPORTS = 4;

/** How often a run of drops is reported: counts, not a line per span. */
const DROP_REPORT_INTERVAL_MILLIS = 10_000;

/**
 * The BatchSpanProcessor's contract (batch by size or delay, export under
 * `suppressTracing`, `unref()`ed timers, drops counted, shutdown once) plus what it lacks:
 * a batch whose export fails is kept, in order, and retried with capped
 * exponential backoff and jitter, oldest first, while new spans keep queuing. Queued,
 * in-flight and retained spans share one bound (`maxQueueSize`); when it is full the *newest* span is dropped, so
 * every span that found room is delivered once the endpoint is back (at least once: an
 * export that timed out may have arrived, and is sent again).
 *
 * A batch the endpoint refuses for good (400, 401, 403, 404, 413...) is dropped and
 * counted rather than retried forever.
 */
export class DeliveryProcessor implements SpanProcessor {
  readonly #exporter: SpanExporter;
  readonly #options: DeliveryProcessorOptions;
  /** Waiting for export (new, or retained after a failure), oldest first. */
  #queued: QueuedSpan[] = [];
  #nextSequence = 0;
  readonly #inFlight = new Set<Promise<boolean>>();
  #inFlightSpans = 0;
  #timer: NodeJS.Timeout | undefined;
  #isTimerImmediate = false;
  #failedAttempts = 0;
  #isShutdown = false;
  #shutdownPromise: Promise<void> | undefined;
  #unreportedDrops = 0;
  #dropReportTimer: NodeJS.Timeout | undefined;
  /** One clear line per kind of failure (wrong endpoint, TLS, 401...), not one per batch. */
  readonly #failures: ExportFailureReporter;

  constructor(exporter: SpanExporter, options: DeliveryProcessorOptions) {
    this.#exporter = exporter;
    this.#options = options;
    this.#failures = new ExportFailureReporter(`export to ${options.endpointLabel}`);
  }

  /** Spans queued, in flight or retained, not yet delivered. */
  get pendingCount(): number {
    return this.#queued.length + this.#inFlightSpans;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.#isShutdown) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.pendingCount >= this.#options.maxQueueSize) {
      this.#drop(1);
      return;
    }
    this.#queued.push({ sequence: this.#nextSequence++, span });
    this.#scheduleExport();
  }

  /**
   * Tries every pending batch now, in order, skipping any backoff wait. Resolves when all
   * is delivered, when an attempt fails (the spans stay for the background retry), or
   * after `flushTimeoutMillis`. Never rejects.
   */
  forceFlush(): Promise<void> {
    return this.#withTimeout(this.#flushNow());
  }

  shutdown(): Promise<void> {
    this.#shutdownPromise ??= (async () => {
      await this.forceFlush();
      this.#isShutdown = true;
      this.#clearTimer();
      const undelivered = this.pendingCount;
      this.#queued = [];
      if (undelivered > 0) this.#drop(undelivered);
      this.#reportDrops();
      await this.#withTimeout(this.#exporter.shutdown().catch(() => undefined));
    })();
    return this.#shutdownPromise;
  }

  async #flushNow(): Promise<void> {
    this.#clearTimer();
    for (;;) {
      await Promise.all(this.#inFlight);
      if (this.#queued.length === 0 || this.#isShutdown) break;
      if (!(await this.#startBatch())) break;
    }
    this.#reportDrops();
    this.#scheduleExport();
  }

  /**
   * Arms the one timer: a retry after a failure (one batch at a time, the oldest first), an
   * export on the next turn of the event loop when a batch is full (never inside the
   * caller's `span.end()`), else the scheduled delay.
   */
  #scheduleExport(): void {
    if (this.#isShutdown || this.#queued.length === 0) return;
    if (this.#failedAttempts > 0) {
      if (this.#inFlight.size === 0 && !this.#timer) this.#setTimer(this.#retryDelay());
      return;
    }
    if (this.#hasReadyBatch()) {
      if (this.#inFlight.size < MAX_CONCURRENT_EXPORTS && !this.#isTimerImmediate) {
        this.#clearTimer();
        this.#setTimer(0);
      }
      return;
    }
    if (!this.#timer) this.#setTimer(this.#options.scheduledDelayMillis);
  }

  #hasReadyBatch(): boolean {
    return this.#options.isServerless ? this.#queued.length > 0 : this.#queued.length >= this.#options.maxExportBatchSize;
  }

  #setTimer(delay: number): void {
    this.#isTimerImmediate = delay === 0;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#isTimerImmediate = false;
      // Healthy: several batches at once keep up with bursts. Failing: the oldest batch alone.
      const limit = this.#failedAttempts > 0 ? 1 : MAX_CONCURRENT_EXPORTS;
      do {
        if (this.#queued.length === 0 || this.#inFlight.size >= limit) break;
        void this.#startBatch();
      } while (this.#failedAttempts === 0 && this.#hasReadyBatch());
      this.#scheduleExport();
    }, delay);
    // Never the reason a process stays alive: the exit flush covers what is left.
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#isTimerImmediate = false;
  }

  /** Capped exponential backoff with "equal jitter": half fixed, half random. */
  #retryDelay(): number {
    const { initialRetryDelayMillis, maxRetryDelayMillis } = this.#options;
    const exponent = Math.min(this.#failedAttempts - 1, 30);
    const ceiling = Math.min(maxRetryDelayMillis, initialRetryDelayMillis * 2 ** exponent);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** Exports the oldest queued spans once; true when they left the buffer (delivered or refused for good). */
  #startBatch(): Promise<boolean> {
    const batch = this.#queued.splice(0, this.#options.maxExportBatchSize);
    this.#inFlightSpans += batch.length;
    const attempt = this.#attempt(batch);
    this.#inFlight.add(attempt);
    void attempt.then(() => {
      this.#inFlight.delete(attempt);
      this.#scheduleExport();
    });
    return attempt;
  }

  /** Never rejects. */
  async #attempt(batch: QueuedSpan[]): Promise<boolean> {
    const result = await this.#export(batch.map((entry) => entry.span));
    this.#inFlightSpans -= batch.length;
    // Outlived a shutdown whose flush timed out: already counted as dropped there.
    if (this.#isShutdown) return true;
    const stats = getDeliveryStats();
    if (result.code === ExportResultCode.SUCCESS) {
      stats.spansExported += batch.length;
      this.#failures.recovered();
      this.#failedAttempts = 0;
      return true;
    }
    stats.exportFailures += 1;
    const failure = describeExportFailure(result.error, this.#options);
    this.#failures.failed(failure);
    if (!failure.isRetryable) {
      this.#drop(batch.length);
      return true;
    }
    // Back into the queue in production order, ahead of newer spans, for the next attempt.
    this.#queued = [...batch, ...this.#queued].sort((a, b) => a.sequence - b.sequence);
    this.#failedAttempts += 1;
    return false;
  }

  /** One attempt, under `suppressTracing` when needed (exportBatch), abandoned after the export timeout. */
  #export(batch: ReadableSpan[]): Promise<ExportResult> {
    return new Promise<ExportResult>((resolve) => {
      const timer = setTimeout(
        () => resolve({ code: ExportResultCode.FAILED, error: new ExportTimeoutError(this.#options.exportTimeoutMillis) }),
        // The OTLP exporter ends its own request at the same timeout; ours is the backstop
        // for custom exporters that never call back.
        this.#options.exportTimeoutMillis + 1000,
      );
      timer.unref();
      exportBatch(this.#exporter, batch)
        .then(resolve, (error: unknown) => resolve({ code: ExportResultCode.FAILED, error: toError(error) }))
        .finally(() => clearTimeout(timer));
    });
  }

  #drop(count: number): void {
    getDeliveryStats().spansDropped += count;
    this.#unreportedDrops += count;
    if (this.#dropReportTimer) return;
    this.#dropReportTimer = setTimeout(() => this.#reportDrops(), DROP_REPORT_INTERVAL_MILLIS);
    this.#dropReportTimer.unref();
  }

  #reportDrops(): void {
    if (this.#dropReportTimer) clearTimeout(this.#dropReportTimer);
    this.#dropReportTimer = undefined;
    if (this.#unreportedDrops === 0) return;
    const count = this.#unreportedDrops;
    this.#unreportedDrops = 0;
    logger.warn(
      `dropped ${count} span${count === 1 ? '' : 's'} that could not be delivered to ${this.#options.endpointLabel} ` +
        `(buffer of ${this.#options.maxQueueSize} full, refused by the endpoint, or left at shutdown); ` +
        `${getDeliveryStats().spansDropped} dropped since start`,
    );
  }

  #withTimeout(work: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#options.flushTimeoutMillis);
      timer.unref();
      work
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(timer);
          resolve();
        });
    });
  }
}

class ExportTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(timeoutMillis: number) {
    super(`export did not complete within ${timeoutMillis} ms`);
    this.name = 'ExportTimeoutError';
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(typeof error);
}

/**
 * Exports under `suppressTracing`, so an HTTP, socket or DNS instrumentation never traces our own
 * export — the SDK's `internal._export`, which enters that context with `context.with`. On Node
 * 20 and 22 the first `context.with` switches on async-hooks propagation for every promise of the
 * app from then on; when no such instrumentation is there to read the context (and propagation
 * is hook-based), the batch is handed to the exporter directly, so exporting never switches it on.
 */
function exportBatch(exporter: SpanExporter, batch: ReadableSpan[]): Promise<ExportResult> {
  if (!isHookPropagation() || hasNetworkObservers()) return internal._export(exporter, batch);
  // A throw inside the executor rejects, as in `_export`.
  return new Promise<ExportResult>((resolve) => exporter.export(batch, resolve));
}
