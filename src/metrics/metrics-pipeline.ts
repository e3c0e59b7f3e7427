import type { Attributes } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { ResolvedMetricsConfig } from '../config/resolve-metrics-config.js';
import { describeOtlpEndpoint } from '../export/export-failure.js';
import { createResource } from '../export/tracing-pipeline.js';
import { ReportedMetricExporter } from './reported-metric-exporter.js';

export interface MetricsPipeline {
  readonly provider: MeterProvider;
  forceFlush(): Promise<void>;
  /** Exports what is pending, then stops. Safe to call more than once. */
  shutdown(): Promise<void>;
}

export interface MetricsPipelineInput {
  config: ResolvedConfig;
  metrics: ResolvedMetricsConfig;
  metricReader?: IMetricReader;
  resourceAttributes?: Attributes;
}

/**
 * A MeterProvider pushing OTLP/HTTP every `exportIntervalMillis` (or reading through the
 * app's reader, e.g. a Prometheus pull endpoint), with the resource the spans carry.
 */
export function createMetricsPipeline({ config, metrics, metricReader, resourceAttributes }: MetricsPipelineInput): MetricsPipeline {
  const reader =
    metricReader ??
    new PeriodicExportingMetricReader({
      exporter: new ReportedMetricExporter(
        new OTLPMetricExporter({
          ...(metrics.metricsUrl !== undefined ? { url: metrics.metricsUrl } : {}),
          headers: metrics.headers,
          timeoutMillis: metrics.exportTimeoutMillis,
        }),
        {
          endpointLabel: describeOtlpEndpoint(
            metrics.metricsUrl,
            process.env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'],
            process.env['OTEL_EXPORTER_OTLP_ENDPOINT'],
          ),
          exportTimeoutMillis: metrics.exportTimeoutMillis,
        },
      ),
      exportIntervalMillis: metrics.exportIntervalMillis,
      exportTimeoutMillis: metrics.exportTimeoutMillis,
    });
  const provider = new MeterProvider({ resource: createResource(config, resourceAttributes), readers: [reader] });
  let shutdownPromise: Promise<void> | undefined;
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      shutdownPromise ??= provider.shutdown();
      return shutdownPromise;
    },
  };
}
