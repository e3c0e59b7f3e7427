import { logger } from '../../diag.js';
import { ERROR_TYPE_VALUE_OTHER } from '../../semconv.js';
import { readFiniteNumber, readObject } from './readers.js';

/**
 * `error.type` for an error the caller receives: the SDK's error class
 * (`RateLimitError`, `APIConnectionTimeoutError`), else the HTTP status, else
 * `_OTHER`. Never the message: provider errors echo the request's content.
 */
export function readErrorType(error: unknown): string {
  const record = readObject(error);
  const className = record?.constructor?.name;
  if (className && className !== 'Error' && className !== 'Object') return className;
  const status = readHttpStatus(error);
  return status !== undefined ? String(status) : ERROR_TYPE_VALUE_OTHER;
}

export function readHttpStatus(error: unknown): number | undefined {
  const record = readObject(error);
  // The provider SDKs' errors say `status`; the AI SDK's `APICallError` says `statusCode`; the
  // AWS SDK keeps it in `$metadata.httpStatusCode`.
  return (
    readFiniteNumber(record?.['status']) ??
    readFiniteNumber(record?.['statusCode']) ??
    readFiniteNumber(readObject(record?.['$metadata'])?.['httpStatusCode'])
  );
}

/**
 * Reports a failure of our own code. Only the error's class and where it happened
 * are logged: a message could carry a fragment of the payload we were reading.
 */
export function reportInternalError(where: string, error: unknown): void {
  const name = readObject(error)?.constructor?.name ?? typeof error;
  logger.error(`internal error in ${where} (${name}); the call itself is unaffected`);
}

/** Runs `fn`; a throw becomes a diag message instead of reaching the caller. */
export function guard(where: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportInternalError(where, error);
  }
}
