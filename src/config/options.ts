import type { Attributes } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Batching of exported spans; each field falls back to its `OTEL_BSP_*` variable, then to the default. */
export interface BatchOptions {
  /** Export every this many ms. Env `OTEL_BSP_SCHEDULE_DELAY`; default 5000. */
  scheduledDelayMillis?: number;
  /** Export as soon as this many spans are queued. Env `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`; default 100. */
  maxExportBatchSize?: number;
  /** Spans kept in memory; beyond this new spans are dropped and counted. Env `OTEL_BSP_MAX_QUEUE_SIZE`; default 1000. */
  maxQueueSize?: number;
  /** Give up on one export after this many ms. Env `OTEL_BSP_EXPORT_TIMEOUT`; default 30000. */
  exportTimeoutMillis?: number;
}

/** SDK modules to patch directly: for copies loaded or bundled before InfraPrism could hook them. */
export interface InstrumentModules {
  /** The `openai` module namespace or its `OpenAI` class. */
  openai?: unknown;
  /** The `@anthropic-ai/sdk` module namespace or its `Anthropic` class. */
  anthropic?: unknown;
}

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
  batch?: BatchOptions;
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
}
