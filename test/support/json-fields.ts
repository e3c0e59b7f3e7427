/**
 * Readers for untyped JSON shared by the test servers. Bodies stay `unknown` because tests send
 * and receive malformed payloads on purpose; a missing or mistyped field reads as `undefined`
 * (or `[]`) instead of throwing inside a server handler.
 */

/** `json[key]` when `json` is a non-array object. */
export function readField(json: unknown, key: string): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  return (json as Record<string, unknown>)[key];
}

/** `json[key]` when it is a string. */
export function readString(json: unknown, key: string): string | undefined {
  const value = readField(json, key);
  return typeof value === 'string' ? value : undefined;
}

/** `json[key]` when it is an array, else `[]`. */
export function readArray(json: unknown, key: string): unknown[] {
  const value = readField(json, key);
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** `json[key] === true`, i.e. what the real APIs treat as switched on. */
export function isTrue(json: unknown, key: string): boolean {
  return readField(json, key) === true;
}

/** Parses JSON, or `undefined` for an empty or malformed body (recorded as is, never thrown). */
export function parseJsonOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
