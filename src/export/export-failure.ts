/** What went wrong with one export, in words an operator can act on. */
export interface ExportFailure {
  /** One diag message per key: the same problem is not reported per batch. */
  readonly key: string;
  readonly message: string;
  /** False when sending the same batch again cannot succeed (bad request, bad key...). */
  readonly isRetryable: boolean;
}

/** Which pipeline failed: the messages say what happens to its data. */
export type ExportSignal = 'spans' | 'metrics';

export interface FailureContext {
  readonly endpointLabel: string;
  readonly exportTimeoutMillis: number;
  /** Default `spans`. */
  readonly signal?: ExportSignal;
}

/** What becomes of the data of a failed export, per signal. */
const OUTCOMES: Record<ExportSignal, { route: string; kept: string; dropped: string; refused: string }> = {
  spans: {
    route: 'OTLP traces route',
    kept: 'spans are kept and retried',
    dropped: 'spans of refused batches are dropped',
    refused: 'its spans are dropped',
  },
  // The metric reader keeps no batch: the next interval exports what was recorded since, and
  // cumulative sums (the default temporality) carry what this export lost.
  metrics: {
    route: 'OTLP metrics route',
    kept: 'metrics are exported again at the next interval',
    dropped: 'metrics of refused exports are dropped',
    refused: 'its metrics are dropped',
  },
};

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
  const outcome = OUTCOMES[context.signal ?? 'spans'];
  const code = readCode(error) ?? readCode(readCause(error));
  if (typeof code === 'number') {
    if (code === 401 || code === 403) {
      return {
        key: `http-${code}`,
        message: `the telemetry endpoint ${where} refused our credentials (HTTP ${code}): check INFRAPRISM_API_KEY; ${outcome.dropped}`,
        isRetryable: false,
      };
    }
    if (code === 404) {
      return {
        key: 'http-404',
        message: `the telemetry endpoint ${where} has no ${outcome.route} (HTTP 404): check INFRAPRISM_ENDPOINT; ${outcome.dropped}`,
        isRetryable: false,
      };
    }
    const isRetryable = RETRYABLE_STATUSES.has(code) || code >= 500;
    return {
      key: `http-${code}`,
      message: isRetryable
        ? `the telemetry endpoint ${where} answered HTTP ${code}; ${outcome.kept}`
        : `the telemetry endpoint ${where} refused a batch (HTTP ${code}); ${outcome.refused}`,
      isRetryable,
    };
  }
  if (typeof code === 'string' && TLS_CODE.test(code)) {
    return {
      key: `tls-${code}`,
      message: `TLS with the telemetry endpoint ${where} failed (${code}): check its certificate or use the right scheme; ${outcome.kept}`,
      isRetryable: true,
    };
  }
  if (code === 'ETIMEDOUT' || readMessage(error) === 'Request timed out') {
    return {
      key: 'timeout',
      message: `the telemetry endpoint ${where} did not answer within ${context.exportTimeoutMillis} ms; ${outcome.kept}`,
      isRetryable: true,
    };
  }
  if (typeof code === 'string') {
    return {
      key: `network-${code}`,
      message: `cannot reach the telemetry endpoint ${where} (${code}): ${outcome.kept}; check INFRAPRISM_ENDPOINT if this persists`,
      isRetryable: true,
    };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    key: `other-${name}`,
    message: `export to ${where} failed (${name}); ${outcome.kept}`,
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

/**
 * The host an OTLP exporter sends to, for messages: the first URL given (an explicit option,
 * then the signal's and the general `OTEL_EXPORTER_OTLP_*` variables), else the exporters'
 * default. Never the path or credentials of the URL.
 */
export function describeOtlpEndpoint(...urls: ReadonlyArray<string | undefined>): string {
  const url = urls.find((candidate) => candidate !== undefined && candidate !== '') ?? 'http://localhost:4318';
  return URL.canParse(url) ? new URL(url).host : 'the configured OTLP endpoint';
}
