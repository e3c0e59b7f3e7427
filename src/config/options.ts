import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { ProviderId } from '../instrumentation/registry.js';
import type { CustomPrices, PricesRefreshOptions } from '../pricing/index.js';
import type { CallContextMode } from './resolve-call-context.js';

/** Batching of exported spans; each field falls back to its `OTEL_BSP_*` variable, then to the default. */
export interface BatchOptions {
  /** Export every this many ms. Env `OTEL_BSP_SCHEDULE_DELAY`; default 5000. */
  scheduledDelayMillis?: number;
  /** Export as soon as this many spans are queued. Env `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`; default 100. */
  maxExportBatchSize?: number;
  /**
   * Spans kept in memory, queued and retained for retry together; when full, the newest
   * span is dropped and counted. Env `OTEL_BSP_MAX_QUEUE_SIZE`; default 1000.
   */
  maxQueueSize?: number;
  /**
   * Give up on one export attempt after this many ms (the OTLP exporter's own retries of
   * 429/502/503/504 and network errors run inside it). Also bounds how long a dead or
   * hanging endpoint can hold a normal process exit. Env `OTEL_BSP_EXPORT_TIMEOUT`;
   * default 5000.
   */
  exportTimeoutMillis?: number;
}

/** Retry of failed exports: capped exponential backoff with jitter. */
export interface RetryOptions {
  /** First wait after a failed export. Env `INFRAPRISM_RETRY_INITIAL_DELAY`; default 1000. */
  initialDelayMillis?: number;
  /** Longest wait between two attempts. Env `INFRAPRISM_RETRY_MAX_DELAY`; default 30000. */
  maxDelayMillis?: number;
}

/**
 * SDK modules to patch directly, by provider key (`openai`, `anthropic`, ...: the keys of the
 * provider registry, src/instrumentation/registry.ts): for copies loaded or bundled before
 * InfraPrism could hook them. Each value is the module namespace or its client class.
 */
export type InstrumentModules = { readonly [Id in ProviderId]?: unknown };

export type OtlpProtocol = 'http/json' | 'http/protobuf';

export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export interface InitOptions {
  /** `service.name` of the resource. Env `OTEL_SERVICE_NAME`; default the SDK's `unknown_service:node`. */
  serviceName?: string;
  /** Extra resource attributes (env `OTEL_RESOURCE_ATTRIBUTES` is read too). */
  resourceAttributes?: Attributes;
  /**
   * Base URL of an InfraPrism endpoint (or any OTLP/HTTP receiver); `/v1/traces` is
   * appended. Env `INFRAPRISM_ENDPOINT`; without either, the standard
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT` apply, then
   * `http://localhost:4318`.
   */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <key>` to `endpoint` only. Env `INFRAPRISM_API_KEY`. */
  apiKey?: string;
  /** Extra headers for every export (env `OTEL_EXPORTER_OTLP_HEADERS` is read too). */
  headers?: Readonly<Record<string, string>>;
  /**
   * OTLP encoding of exported spans. Env `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, then
   * `OTEL_EXPORTER_OTLP_PROTOCOL`; default `http/json`.
   */
  protocol?: OtlpProtocol;
  batch?: BatchOptions;
  retry?: RetryOptions;
  /**
   * Upper bound of `flush()` and `shutdown()`: they resolve when everything is delivered,
   * has failed for good, or after this many ms. Env `INFRAPRISM_FLUSH_TIMEOUT`; default 5000.
   */
  flushTimeoutMillis?: number;
  /**
   * Export each span as soon as it ends instead of batching (AWS Lambda, Vercel,
   * Cloudflare-style runtimes that freeze between invocations); still `await flush()`
   * before the handler returns. Env `INFRAPRISM_SERVERLESS=true`; default false.
   */
  serverless?: boolean;
  /** Replaces the OTLP/HTTP exporter, e.g. with a console or in-memory exporter. */
  spanExporter?: SpanExporter;
  /**
   * Where our diag messages (unknown model, SDK version out of range, export
   * failures) go when `init()` sets up tracing itself: the console at this level.
   * Env `OTEL_LOG_LEVEL`; default `warn`; `none` prints nothing. When the app already
   * has a tracer provider, its own diag setup is left alone.
   */
  logLevel?: LogLevel;
  /** Patch these already-loaded modules too (bundlers, imports made before `init`). */
  instrumentModules?: InstrumentModules;
  /**
   * Base URLs (prefixes) of OpenAI-compatible servers, besides OpenAI and Azure, that
   * accept `stream_options.include_usage`: streams to them get usage (and a cost) even
   * when the caller did not ask for it, and the extra usage chunk is hidden from that
   * caller. Default none.
   */
  streamUsageBaseURLs?: readonly string[];
  /**
   * When a traced call runs inside its span's context: `auto` enters it only when something would
   * read it (the app runs inside a context of its own, an HTTP instrumentation would make child
   * spans, the Anthropic SDK makes its own span, or Node propagates context without async hooks),
   * so an app that uses none never has async-hooks propagation switched on by us; `always` enters
   * it for every call (your own `fetch` passed to the SDK reads the active span). Env
   * `INFRAPRISM_CALL_CONTEXT`; default `auto`.
   */
  callContext?: CallContextMode;
  /**
   * GenAI and cost metrics, on by default; `false` turns them off, as does env
   * `OTEL_METRICS_EXPORTER=none`. When the app already registered a global MeterProvider,
   * the metrics go to it and nothing is exported on our own.
   */
  metrics?: false | MetricsOptions;
  // --- prices ---
  /**
   * Prices of your own, per 1M tokens with the price table's fields, checked before the bundled
   * table: `{ 'my-model': { input: 0.3, output: 1.2 } }` or a list of `{ provider?, model,
   * aliases?, price }`. Entries of the JSON file named by env `INFRAPRISM_PRICES_FILE` (same
   * forms) are added first; these win. Default none.
   */
  prices?: CustomPrices;
  /**
   * Opt-in: load a newer price table (the bundled table's JSON format) from `url` now and every
   * `intervalMs` (default a day), over HTTPS with a timeout; an invalid answer or any error keeps
   * the current table. Default off; never at import.
   */
  pricesRefresh?: PricesRefreshOptions;
}

// --- Metrics options --------------------------------------------

/** What the metrics record; shared by `init({ metrics })` and `new MetricsInstrumentation()`. */
export interface MetricAttributeOptions {
  /**
   * Tag keys copied onto `infraprism.client.cost` as `infraprism.tag.<key>`; tags are
   * free-form, so none are by default. Env `INFRAPRISM_METRICS_TAG_KEYS` (comma-separated).
   */
  tagKeys?: readonly string[];
  /**
   * Distinct attribute sets per instrument before new ones collapse into one series marked
   * `otel.metric.overflow=true` (reported once on diag). Env
   * `INFRAPRISM_METRICS_CARDINALITY_LIMIT`; default 1000.
   */
  cardinalityLimit?: number;
  /**
   * Leave `infraprism.entity.id` off the metrics (spans keep it), for many entities or ids
   * that must not reach a metrics backend. Env `INFRAPRISM_METRICS_DROP_ENTITY_ID=true`; default false.
   */
  dropEntityId?: boolean;
}

export interface MetricsOptions extends MetricAttributeOptions {
  /**
   * Push interval of the OTLP/HTTP metric export, ms. Env `OTEL_METRIC_EXPORT_INTERVAL`;
   * default 60000. The endpoint follows `endpoint`/`apiKey` (`/v1/metrics` appended), else
   * `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`; temporality
   * follows `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` (default cumulative).
   */
  exportIntervalMillis?: number;
  /** Give up on one metric export after this many ms. Env `OTEL_METRIC_EXPORT_TIMEOUT`; default 5000 (the spec says 30000; see docs/metrics.md). */
  exportTimeoutMillis?: number;
  /**
   * Replaces the OTLP/HTTP push, e.g. with `new PrometheusExporter()` from
   * `@opentelemetry/exporter-prometheus` (a pull endpoint) or an in-memory reader. Typed by
   * the SDK's structural `IMetricReader`, so a reader built on another patch release of
   * `@opentelemetry/sdk-metrics` (exporter-prometheus 0.223.0 pins 2.12.0) is accepted.
   */
  metricReader?: IMetricReader;
}
