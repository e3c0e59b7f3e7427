import { logger, warnOnce } from '../diag.js';
import type { BatchOptions, InitOptions, LogLevel, OtlpProtocol, RetryOptions } from './options.js';

/** The seeds' promise: export every 5 s or at 100 spans, at most 1000 kept in memory. */
export const DEFAULT_BATCH: Readonly<Required<BatchOptions>> = Object.freeze({
  scheduledDelayMillis: 5000,
  maxExportBatchSize: 100,
  maxQueueSize: 1000,
  exportTimeoutMillis: 5000,
});

/** Backoff between attempts to deliver a failed batch. */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  initialDelayMillis: 1000,
  maxDelayMillis: 30000,
});

const RETRY_ENV: Readonly<Record<keyof RetryOptions, string>> = {
  initialDelayMillis: 'INFRAPRISM_RETRY_INITIAL_DELAY',
  maxDelayMillis: 'INFRAPRISM_RETRY_MAX_DELAY',
};

export const DEFAULT_FLUSH_TIMEOUT_MILLIS = 5000;

const BATCH_ENV: Readonly<Record<keyof BatchOptions, string>> = {
  scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY',
  maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE',
  exportTimeoutMillis: 'OTEL_BSP_EXPORT_TIMEOUT',
};

export interface ExportTarget {
  /** Full traces URL; undefined lets the OTLP exporter apply the standard variables. */
  tracesUrl?: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
}

export interface ResolvedConfig {
  serviceName?: string;
  batch: Required<BatchOptions>;
  retry: Required<RetryOptions>;
  flushTimeoutMillis: number;
  isServerless: boolean;
  exportTarget: ExportTarget;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Options win over environment variables, which win over defaults. A bad explicit
 * option throws (the caller can fix it now); a bad environment value warns and
 * falls back, so a typo in a deployment never takes the app down.
 */
export function resolveConfig(options: InitOptions, env: Env): ResolvedConfig {
  const resolved: ResolvedConfig = {
    batch: resolveBatch(options.batch ?? {}, env),
    retry: resolveIntegers('retry', options.retry ?? {}, env, RETRY_ENV, DEFAULT_RETRY),
    flushTimeoutMillis: resolveIntegers('', { flushTimeoutMillis: options.flushTimeoutMillis }, env, FLUSH_ENV, {
      flushTimeoutMillis: DEFAULT_FLUSH_TIMEOUT_MILLIS,
    }).flushTimeoutMillis,
    isServerless: resolveServerless(options.serverless, env),
    exportTarget: resolveExportTarget(options, env),
  };
  const serviceName = options.serviceName ?? nonEmpty(env['OTEL_SERVICE_NAME']);
  if (serviceName !== undefined) resolved.serviceName = serviceName;
  return resolved;
}

const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];

/**
 * The diag level, resolved apart from the rest so the logger can be in place before
 * `resolveConfig` reports a bad value.
 */
export function resolveLogLevel(explicit: LogLevel | undefined, env: Env): LogLevel {
  if (explicit !== undefined) {
    if (!LOG_LEVELS.includes(explicit)) throw new TypeError(`init: logLevel must be one of ${LOG_LEVELS.join(', ')}`);
    return explicit;
  }
  const raw = nonEmpty(env['OTEL_LOG_LEVEL'])?.toLowerCase();
  if (raw === undefined) return 'warn';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  warnOnce('env:OTEL_LOG_LEVEL', `OTEL_LOG_LEVEL="${raw}" is not a known level; using warn`);
  return 'warn';
}

const FLUSH_ENV = { flushTimeoutMillis: 'INFRAPRISM_FLUSH_TIMEOUT' } as const;

/** Positive integer settings: option, else env variable, else default. */
function resolveIntegers<K extends string>(
  group: string,
  options: Partial<Record<K, number | undefined>>,
  env: Env,
  envNames: Readonly<Record<K, string>>,
  defaults: Readonly<Record<K, number>>,
): Record<K, number> {
  const resolved = { ...defaults } as Record<K, number>;
  for (const key of Object.keys(envNames) as K[]) {
    const explicit = options[key];
    if (explicit !== undefined) {
      if (!isPositiveInteger(explicit)) throw new TypeError(`init: ${group ? `${group}.` : ''}${key} must be a positive integer`);
      resolved[key] = explicit;
      continue;
    }
    const raw = nonEmpty(env[envNames[key]]);
    if (raw === undefined) continue;
    const parsed = Number(raw);
    if (isPositiveInteger(parsed)) resolved[key] = parsed;
    else warnOnce(`env:${envNames[key]}`, `${envNames[key]}="${raw}" is not a positive integer; using ${resolved[key]}`);
  }
  return resolved;
}

function resolveServerless(explicit: boolean | undefined, env: Env): boolean {
  if (explicit !== undefined) {
    if (typeof explicit !== 'boolean') throw new TypeError('init: serverless must be a boolean');
    return explicit;
  }
  const raw = nonEmpty(env['INFRAPRISM_SERVERLESS'])?.toLowerCase();
  if (raw === undefined) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  warnOnce('env:INFRAPRISM_SERVERLESS', `INFRAPRISM_SERVERLESS="${raw}" is not true or false; using false`);
  return false;
}

function resolveBatch(options: BatchOptions, env: Env): Required<BatchOptions> {
  const batch: Required<BatchOptions> = resolveIntegers('batch', options, env, BATCH_ENV, DEFAULT_BATCH);
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    warnOnce('batch-size', `maxExportBatchSize ${batch.maxExportBatchSize} exceeds maxQueueSize ${batch.maxQueueSize}; using ${batch.maxQueueSize}`);
    batch.maxExportBatchSize = batch.maxQueueSize;
  }
  return batch;
}

const PROTOCOLS: readonly OtlpProtocol[] = ['http/json', 'http/protobuf'];

function resolveProtocol(explicit: OtlpProtocol | undefined, env: Env): OtlpProtocol {
  if (explicit !== undefined) {
    if (!PROTOCOLS.includes(explicit)) throw new TypeError(`init: protocol must be one of ${PROTOCOLS.join(', ')}`);
    return explicit;
  }
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const raw = nonEmpty(env[name]);
    if (raw === undefined) continue;
    if ((PROTOCOLS as readonly string[]).includes(raw)) return raw as OtlpProtocol;
    warnOnce(`env:${name}`, `${name}="${raw}" is not supported (http/json, http/protobuf); using http/json`);
    return 'http/json';
  }
  return 'http/json';
}

function resolveExportTarget(options: InitOptions, env: Env): ExportTarget {
  const target = resolveEndpoint(options, env);
  return { ...target, protocol: resolveProtocol(options.protocol, env) };
}

function resolveEndpoint(options: InitOptions, env: Env): Omit<ExportTarget, 'protocol'> {
  const headers: Record<string, string> = { ...options.headers };
  const endpoint = options.endpoint ?? nonEmpty(env['INFRAPRISM_ENDPOINT']);
  const apiKey = options.apiKey ?? nonEmpty(env['INFRAPRISM_API_KEY']);
  if (endpoint === undefined) {
    if (apiKey !== undefined) {
      warnOnce('api-key-without-endpoint', 'an InfraPrism API key is set but no InfraPrism endpoint (INFRAPRISM_ENDPOINT): the key is not sent anywhere');
    }
    return { headers };
  }
  if (!URL.canParse(endpoint)) {
    if (options.endpoint !== undefined) throw new TypeError('init: endpoint must be an absolute URL');
    warnOnce('env:INFRAPRISM_ENDPOINT', 'INFRAPRISM_ENDPOINT is not an absolute URL; using the standard OTLP endpoint variables');
    return { headers };
  }
  const url = new URL(endpoint);
  if (apiKey !== undefined) {
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      // Loud on purpose (error level): anyone on the path can read and reuse the key.
      logger.error(`SECURITY: the InfraPrism API key is sent unencrypted to ${url.host} over plain HTTP; use an https:// endpoint`);
    }
    headers['authorization'] = `Bearer ${apiKey}`;
  }
  return { tracesUrl: toTracesUrl(url), headers };
}

function toTracesUrl(url: URL): string {
  if (url.pathname.endsWith('/v1/traces')) return url.href;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return new URL(`${path}v1/traces`, url).href;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
