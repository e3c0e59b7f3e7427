/** What went wrong with one export, in words an operator can act on (issue #7, item 3). */
export interface ExportFailure {
  /** One diag message per key: the same problem is not reported per batch. */
  readonly key: string;
  readonly message: string;
  /** False when sending the same batch again cannot succeed (bad request, bad key...). */
  readonly isRetryable: boolean;
}

interface FailureContext {
  readonly endpointLabel: string;
  readonly exportTimeoutMillis: number;
}

/** Statuses worth retrying: the endpoint may be back, or less busy, later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|EPROTO$)/;

/**
 * Reads the OTLP exporter's error: `OTLPExporterError` carries the HTTP status in `code`,
 * Node network errors a string `code`. Only the status, code and endpoint host go into
 * the message: never a header, a URL with credentials or a response body.
 */
export function describeExportFailure(error: unknown, context: FailureContext): ExportFailure {
  const where = context.endpointLabel;
  const code = readCode(error) ?? readCode(readCause(error));
  if (typeof code === 'number') {
    if (code === 401 || code === 403) {
      return {
        key: `http-${code}`,
        message: `the telemetry endpoint ${where} refused our credentials (HTTP ${code}): check INFRAPRISM_API_KEY; spans of refused batches are dropped`,
        isRetryable: false,
      };
    }
    if (code === 404) {
      return {
        key: 'http-404',
        message: `the telemetry endpoint ${where} has no OTLP traces route (HTTP 404): check INFRAPRISM_ENDPOINT; spans of refused batches are dropped`,
        isRetryable: false,
      };
    }
    const isRetryable = RETRYABLE_STATUSES.has(code) || code >= 500;
    return {
      key: `http-${code}`,
      message: isRetryable
        ? `the telemetry endpoint ${where} answered HTTP ${code}; spans are kept and retried`
        : `the telemetry endpoint ${where} refused a batch (HTTP ${code}); its spans are dropped`,
      isRetryable,
    };
  }
  if (typeof code === 'string' && TLS_CODE.test(code)) {
    return {
      key: `tls-${code}`,
      message: `TLS with the telemetry endpoint ${where} failed (${code}): check its certificate or use the right scheme; spans are kept and retried`,
      isRetryable: true,
    };
  }
  if (code === 'ETIMEDOUT' || readMessage(error) === 'Request timed out') {
    return {
      key: 'timeout',
      message: `the telemetry endpoint ${where} did not answer within ${context.exportTimeoutMillis} ms; spans are kept and retried`,
      isRetryable: true,
    };
  }
  if (typeof code === 'string') {
    return {
      key: `network-${code}`,
      message: `cannot reach the telemetry endpoint ${where} (${code}): spans are kept and retried; check INFRAPRISM_ENDPOINT if this persists`,
      isRetryable: true,
    };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    key: `other-${name}`,
    message: `export to ${where} failed (${name}); spans are kept and retried`,
    isRetryable: true,
  };
}

function readCode(error: unknown): string | number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

function readCause(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
}

function readMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
