import { logger } from '../diag.js';
import type { ExportFailure } from './export-failure.js';

/**
 * A condition that lasts is warned about again after this long, so a log that rotated away the
 * first line still says why nothing arrives; in between, repeats go to debug.
 */
export const FAILURE_REPEAT_INTERVAL_MILLIS = 5 * 60_000;

/**
 * One warning per failure condition (its key) for one exporter, repeated at most once per
 * `FAILURE_REPEAT_INTERVAL_MILLIS` while it lasts, and one info line when export works again.
 * Spans and metrics share it, so a dead endpoint reads the same for both signals: a line each,
 * never a stack per attempt.
 */
export class ExportFailureReporter {
  readonly #warnedAt = new Map<string, number>();
  readonly #label: string;
  readonly #repeatIntervalMillis: number;

  /** `label` names what works again: `export to HOST`, `metrics export to HOST`. */
  constructor(label: string, repeatIntervalMillis = FAILURE_REPEAT_INTERVAL_MILLIS) {
    this.#label = label;
    this.#repeatIntervalMillis = repeatIntervalMillis;
  }

  /** True while a failure was warned about and no export has succeeded since. */
  get isFailing(): boolean {
    return this.#warnedAt.size > 0;
  }

  failed(failure: ExportFailure): void {
    const now = Date.now();
    const warnedAt = this.#warnedAt.get(failure.key);
    if (warnedAt !== undefined && now - warnedAt < this.#repeatIntervalMillis) {
      logger.debug(failure.message);
      return;
    }
    this.#warnedAt.set(failure.key, now);
    logger.warn(failure.message);
  }

  /** After a success: a later outage is news again. */
  recovered(): void {
    if (!this.isFailing) return;
    this.#warnedAt.clear();
    logger.info(`${this.#label} works again`);
  }
}
