import { TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, internal, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { logger } from '../diag.js';
import { getDeliveryStats } from './delivery-stats.js';
import { describeExportFailure } from './export-failure.js';

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

/** How often a run of drops is reported: counts, not a line per span. */
const DROP_REPORT_INTERVAL_MILLIS = 10_000;

/**
 * The BatchSpanProcessor's contract (batch by size or delay, export under
 * `suppressTracing`, `unref()`ed timers, drops counted, shutdown once) plus what it lacks
 * (issue #7): a batch whose export fails is kept, in order, and retried with capped
 * exponential backoff and jitter while new spans keep queuing. Queued and retained spans
 * share one bound (`maxQueueSize`); when it is full the *newest* span is dropped, so
 * every span that found room is delivered once the endpoint is back (at least once: an
 * export that timed out may have arrived, and is sent again).
 *
 * A batch the endpoint refuses for good (400, 401, 403, 404, 413...) is dropped and
 * counted rather than retried forever.
 */
export class DeliveryProcessor implements SpanProcessor {
  readonly #exporter: SpanExporter;
  readonly #options: DeliveryProcessorOptions;
  /** Oldest first; the first `#inFlight` spans are being exported. */
  #buffer: ReadableSpan[] = [];
  #inFlight: Promise<boolean> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failedAttempts = 0;
  #isShutdown = false;
  #shutdownPromise: Promise<void> | undefined;
  #unreportedDrops = 0;
  #dropReportTimer: NodeJS.Timeout | undefined;
  /** Kinds of failure already reported: one clear message each (wrong endpoint, TLS, 401...). */
  readonly #loggedFailures = new Set<string>();

  constructor(exporter: SpanExporter, options: DeliveryProcessorOptions) {
    this.#exporter = exporter;
    this.#options = options;
  }

  /** Spans queued or retained, not yet delivered. */
  get pendingCount(): number {
    return this.#buffer.length;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.#isShutdown) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.#buffer.length >= this.#options.maxQueueSize) {
      this.#drop(1);
      return;
    }
    this.#buffer.push(span);
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
      const undelivered = this.#buffer.length;
      this.#buffer = [];
      if (undelivered > 0) this.#drop(undelivered);
      this.#reportDrops();
      await this.#withTimeout(this.#exporter.shutdown().catch(() => undefined));
    })();
    return this.#shutdownPromise;
  }

  async #flushNow(): Promise<void> {
    this.#clearTimer();
    if (this.#inFlight) await this.#inFlight;
    while (this.#buffer.length > 0 && !this.#isShutdown) {
      if (!(await this.#exportHead())) break;
    }
    this.#reportDrops();
    this.#scheduleExport();
  }

  /** Arms the one timer: a retry after a failure, a full batch at once, else the delay. */
  #scheduleExport(): void {
    if (this.#isShutdown || this.#inFlight || this.#buffer.length === 0) return;
    if (this.#failedAttempts > 0) {
      if (!this.#timer) this.#setTimer(this.#retryDelay());
      return;
    }
    if (this.#options.isServerless || this.#buffer.length >= this.#options.maxExportBatchSize) {
      this.#clearTimer();
      this.#setTimer(0);
      return;
    }
    if (!this.#timer) this.#setTimer(this.#options.scheduledDelayMillis);
  }

  #setTimer(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#exportHead().then(() => this.#scheduleExport());
    }, delay);
    // Never the reason a process stays alive: the exit flush covers what is left.
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Capped exponential backoff with "equal jitter": half fixed, half random. */
  #retryDelay(): number {
    const { initialRetryDelayMillis, maxRetryDelayMillis } = this.#options;
    const exponent = Math.min(this.#failedAttempts - 1, 30);
    const ceiling = Math.min(maxRetryDelayMillis, initialRetryDelayMillis * 2 ** exponent);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** Exports the oldest batch once; true when it left the buffer (delivered or refused for good). */
  #exportHead(): Promise<boolean> {
    if (this.#inFlight) return this.#inFlight;
    if (this.#buffer.length === 0) return Promise.resolve(true);
    const batch = this.#buffer.slice(0, this.#options.maxExportBatchSize);
    this.#inFlight = this.#attempt(batch).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #attempt(batch: ReadableSpan[]): Promise<boolean> {
    const result = await this.#export(batch);
    const stats = getDeliveryStats();
    if (result.code === ExportResultCode.SUCCESS) {
      this.#removeHead(batch.length);
      stats.spansExported += batch.length;
      if (this.#failedAttempts > 0) {
        logger.info(`export to ${this.#options.endpointLabel} works again`);
        // A later outage is news again.
        this.#loggedFailures.clear();
      }
      this.#failedAttempts = 0;
      return true;
    }
    stats.exportFailures += 1;
    const failure = describeExportFailure(result.error, this.#options);
    if (this.#loggedFailures.has(failure.key)) logger.debug(failure.message);
    else {
      this.#loggedFailures.add(failure.key);
      logger.warn(failure.message);
    }
    if (!failure.isRetryable) {
      this.#removeHead(batch.length);
      this.#drop(batch.length);
      return true;
    }
    this.#failedAttempts += 1;
    return false;
  }

  #removeHead(count: number): void {
    // Drops take the newest span, so the head is still the batch that was sent.
    this.#buffer.splice(0, count);
  }

  /** One attempt, under `suppressTracing`, abandoned after the export timeout. */
  #export(batch: ReadableSpan[]): Promise<ExportResult> {
    return new Promise<ExportResult>((resolve) => {
      const timer = setTimeout(
        () => resolve({ code: ExportResultCode.FAILED, error: new ExportTimeoutError(this.#options.exportTimeoutMillis) }),
        // The OTLP exporter ends its own request at the same timeout; ours is the backstop
        // for custom exporters that never call back.
        this.#options.exportTimeoutMillis + 1000,
      );
      timer.unref();
      internal
        ._export(this.#exporter, batch)
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
