import { readFiniteNumber, readObject } from '../../core/readers.js';

/** A token count (finite, >= 0) at `details[key]`, or undefined. */
export function readTokenCount(details: unknown, key: string): number | undefined {
  const value = readFiniteNumber(readObject(details)?.[key]);
  return value !== undefined && value >= 0 ? value : undefined;
}
