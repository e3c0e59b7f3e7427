/**
 * Counters of our own delivery health, shared by the export pipeline (which counts them)
 * and the self-metrics (which report them). Global, so the ESM and
 * CJS copies of this package count into one place.
 */
export interface DeliveryStats {
  /** Spans dropped because the buffer was full. */
  spansDropped: number;
  /** Export attempts that failed (each retry counts). */
  exportFailures: number;
  /** Spans delivered to the endpoint. */
  spansExported: number;
}

const STATS_KEY = Symbol.for('infraprism.delivery-stats');
type GlobalWithStats = typeof globalThis & { [STATS_KEY]?: DeliveryStats };

/** The process-wide delivery counters (created on first use). */
export function getDeliveryStats(): DeliveryStats {
  const global = globalThis as GlobalWithStats;
  return (global[STATS_KEY] ??= { spansDropped: 0, exportFailures: 0, spansExported: 0 });
}
