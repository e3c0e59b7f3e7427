// Metrics options: options win over environment variables, which win over
// defaults; a bad explicit option throws, a bad environment value warns and falls back.
import { warnOnce } from '../diag.js';
import type { MetricAttributeOptions, MetricsOptions } from './options.js';
import { isPositiveInteger, nonEmpty, type ExportTarget } from './resolve-config.js';

/** Attribute sets per instrument before overflow; below the metrics SDK's own default of 2000. */
export const DEFAULT_METRIC_CARDINALITY_LIMIT = 1000;
/** The metrics SDK's defaults for a periodic reader (and `OTEL_METRIC_EXPORT_*`'s). */
export const DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS = 60000;
// Not the spec's 30 s: at exit a dead collector would hold the process that long (the spans use 5 s too).
export const DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS = 5000;

export interface ResolvedMetricAttributeOptions {
  tagKeys: readonly string[];
  cardinalityLimit: number;
  dropEntityId: boolean;
}

export interface ResolvedMetricsConfig extends ResolvedMetricAttributeOptions {
  exportIntervalMillis: number;
  exportTimeoutMillis: number;
  /** Full metrics URL; undefined lets the OTLP exporter apply the standard variables. */
  metricsUrl?: string;
  headers: Record<string, string>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `undefined` when metrics are off (`metrics: false` or `OTEL_METRICS_EXPORTER=none`).
 * The export target is the traces one: same InfraPrism endpoint and API key, `/v1/metrics`.
 */
export function resolveMetricsConfig(
  options: false | MetricsOptions | undefined,
  exportTarget: ExportTarget,
  env: Env,
): ResolvedMetricsConfig | undefined {
  if (options === false) return undefined;
  if (options === undefined && nonEmpty(env['OTEL_METRICS_EXPORTER'])?.toLowerCase() === 'none') return undefined;
  const explicit = options ?? {};
  const resolved: ResolvedMetricsConfig = {
    ...resolveMetricAttributeOptions(explicit, env),
    exportIntervalMillis: resolveMillis(explicit.exportIntervalMillis, 'exportIntervalMillis', 'OTEL_METRIC_EXPORT_INTERVAL', DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS, env),
    exportTimeoutMillis: resolveMillis(explicit.exportTimeoutMillis, 'exportTimeoutMillis', 'OTEL_METRIC_EXPORT_TIMEOUT', DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS, env),
    headers: { ...exportTarget.headers },
  };
  // The metrics SDK refuses a timeout longer than the interval.
  if (resolved.exportTimeoutMillis > resolved.exportIntervalMillis) {
    warnOnce('metrics-timeout', `metric export timeout ${resolved.exportTimeoutMillis} ms exceeds the interval ${resolved.exportIntervalMillis} ms; using ${resolved.exportIntervalMillis}`);
    resolved.exportTimeoutMillis = resolved.exportIntervalMillis;
  }
  if (exportTarget.tracesUrl !== undefined) resolved.metricsUrl = toMetricsUrl(exportTarget.tracesUrl);
  return resolved;
}

/** What goes on the metrics; for `init()` and for a `MetricsInstrumentation` built by the app. */
export function resolveMetricAttributeOptions(options: MetricAttributeOptions, env: Env): ResolvedMetricAttributeOptions {
  return {
    tagKeys: resolveTagKeys(options.tagKeys, env),
    cardinalityLimit: resolveCardinalityLimit(options.cardinalityLimit, env),
    dropEntityId: resolveDropEntityId(options.dropEntityId, env),
  };
}

function resolveTagKeys(explicit: readonly string[] | undefined, env: Env): readonly string[] {
  if (explicit !== undefined) {
    if (!Array.isArray(explicit) || !explicit.every((key) => typeof key === 'string' && key !== '')) {
      throw new TypeError('metrics.tagKeys must be an array of non-empty strings');
    }
    return [...new Set(explicit)];
  }
  const raw = nonEmpty(env['INFRAPRISM_METRICS_TAG_KEYS']);
  if (raw === undefined) return [];
  return [...new Set(raw.split(',').map((key) => key.trim()).filter((key) => key !== ''))];
}

function resolveCardinalityLimit(explicit: number | undefined, env: Env): number {
  if (explicit !== undefined) {
    if (!isPositiveInteger(explicit)) throw new TypeError('metrics.cardinalityLimit must be a positive integer');
    return explicit;
  }
  const raw = nonEmpty(env['INFRAPRISM_METRICS_CARDINALITY_LIMIT']);
  if (raw === undefined) return DEFAULT_METRIC_CARDINALITY_LIMIT;
  const parsed = Number(raw);
  if (isPositiveInteger(parsed)) return parsed;
  warnOnce('env:INFRAPRISM_METRICS_CARDINALITY_LIMIT', `INFRAPRISM_METRICS_CARDINALITY_LIMIT="${raw}" is not a positive integer; using ${DEFAULT_METRIC_CARDINALITY_LIMIT}`);
  return DEFAULT_METRIC_CARDINALITY_LIMIT;
}

function resolveDropEntityId(explicit: boolean | undefined, env: Env): boolean {
  if (explicit !== undefined) {
    if (typeof explicit !== 'boolean') throw new TypeError('metrics.dropEntityId must be a boolean');
    return explicit;
  }
  const raw = nonEmpty(env['INFRAPRISM_METRICS_DROP_ENTITY_ID'])?.toLowerCase();
  if (raw === undefined) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  warnOnce('env:INFRAPRISM_METRICS_DROP_ENTITY_ID', `INFRAPRISM_METRICS_DROP_ENTITY_ID="${raw}" is not true or false; using false`);
  return false;
}

function resolveMillis(explicit: number | undefined, option: string, envName: string, fallback: number, env: Env): number {
  if (explicit !== undefined) {
    if (!isPositiveInteger(explicit)) throw new TypeError(`metrics.${option} must be a positive integer`);
    return explicit;
  }
  const raw = nonEmpty(env[envName]);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (isPositiveInteger(parsed)) return parsed;
  warnOnce(`env:${envName}`, `${envName}="${raw}" is not a positive integer; using ${fallback}`);
  return fallback;
}

/** `https://host/base/v1/traces` -> `https://host/base/v1/metrics`. */
function toMetricsUrl(tracesUrl: string): string {
  const url = new URL(tracesUrl);
  url.pathname = url.pathname.replace(/\/v1\/traces$/, '/v1/metrics');
  return url.href;
}
