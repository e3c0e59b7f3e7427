import { diag, type DiagLogger } from '@opentelemetry/api';

/**
 * Our component logger. Everything we report goes here (never the console), so users
 * decide what is printed with `diag.setLogger`. Messages never carry content, keys or
 * auth headers.
 */
export const logger: DiagLogger = diag.createComponentLogger({ namespace: 'infraprism' });

// Shared across the ESM and CJS copies of this package, so a problem is reported once
// per process even when both copies are loaded.
const WARNED_KEYS_SYMBOL = Symbol.for('infraprism.diag.warned-keys');
const MAX_WARNED_KEYS = 1000;

function warnedKeys(): Set<string> {
  const holder = globalThis as { [WARNED_KEYS_SYMBOL]?: Set<string> };
  return (holder[WARNED_KEYS_SYMBOL] ??= new Set<string>());
}

/**
 * Warns once per key (an unknown model, a version out of range, a module loaded too
 * early). Bounded: after 1000 distinct keys further ones are not remembered, so a
 * stream of random model names cannot grow memory.
 */
export function warnOnce(key: string, message: string): void {
  const keys = warnedKeys();
  if (keys.has(key)) return;
  if (keys.size < MAX_WARNED_KEYS) keys.add(key);
  logger.warn(message);
}
