import { diag, type DiagLogger } from '@opentelemetry/api';

/**
 * Our component logger. Everything we report goes here (never the console), so users
 * decide what is printed with `diag.setLogger`. Messages never carry content, keys or
 * auth headers.
 */
export const logger: DiagLogger = diag.createComponentLogger({ namespace: 'infraprism' });

/** Distinct keys `warnOnce` remembers; past them, one warning says the rest go unreported. */
export const MAX_WARNED_KEYS = 1000;

interface WarnedKeys {
  readonly keys: Set<string>;
  /** Set once the key set was full and a new key came: later new keys stay silent. */
  hasOverflowed: boolean;
}

// Shared across the ESM and CJS copies of this package, so a problem is reported once
// per process even when both copies are loaded.
const WARNED_KEYS_SYMBOL = Symbol.for('infraprism.diag.warned-keys.v2');

function warnedKeys(): WarnedKeys {
  const holder = globalThis as { [WARNED_KEYS_SYMBOL]?: WarnedKeys };
  return (holder[WARNED_KEYS_SYMBOL] ??= { keys: new Set<string>(), hasOverflowed: false });
}

/**
 * Warns once per key (an unknown model, a version out of range, a module loaded too
 * early). Bounded without a warning storm: the first 1000 distinct keys are remembered;
 * the first key beyond them warns once that further new problems go to debug level only,
 * where each is logged without being remembered — a stream of random model names can
 * neither grow memory nor flood the warn log.
 */
export function warnOnce(key: string, message: string): void {
  const state = warnedKeys();
  if (state.keys.has(key)) return;
  if (state.keys.size < MAX_WARNED_KEYS) {
    state.keys.add(key);
    logger.warn(message);
    return;
  }
  if (!state.hasOverflowed) {
    state.hasOverflowed = true;
    logger.warn(
      `more than ${MAX_WARNED_KEYS} distinct problems were reported; further new ones are logged at debug level only`,
    );
  }
  logger.debug(message);
}
