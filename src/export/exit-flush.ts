import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { logger } from '../diag.js';

export interface ExitFlush {
  /** Added to the provider: tells the exit hook whether anything is pending. */
  readonly processor: SpanProcessor;
  uninstall(): void;
}

/**
 * Flushes spans still queued when the process ends normally, without changing how or
 * when it exits: `beforeExit` fires when the event loop is empty, our export's I/O
 * keeps the loop alive just long enough, and then Node exits as it would have. No
 * signal handlers: an app's own SIGTERM handling stays its own (it calls `shutdown()`).
 * `process.exit()` skips `beforeExit`; docs/delivery.md says to flush before it.
 */
export function createExitFlush(flush: () => Promise<void>): ExitFlush {
  // Only flush when spans ended since the last flush: a flush with nothing to send
  // schedules no I/O, so Node would emit `beforeExit` again and loop forever.
  let hasPendingSpans = false;
  let isFlushing = false;

  const onBeforeExit = (): void => {
    if (!hasPendingSpans || isFlushing) return;
    hasPendingSpans = false;
    isFlushing = true;
    flush()
      .catch(() => logger.warn('spans pending at exit could not be exported; the exporter has reported why'))
      .finally(() => {
        isFlushing = false;
      });
  };
  process.on('beforeExit', onBeforeExit);

  const processor: SpanProcessor = {
    onStart(_span: Span, _context: Context): void {},
    onEnd(_span: ReadableSpan): void {
      hasPendingSpans = true;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };

  return {
    processor,
    uninstall: () => {
      process.off('beforeExit', onBeforeExit);
    },
  };
}
