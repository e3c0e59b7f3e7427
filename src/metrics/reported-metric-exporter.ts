import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { AggregationOption, AggregationTemporality, InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describeExportFailure } from '../export/export-failure.js';
import { ExportFailureReporter } from '../export/failure-reporter.js';

/** The OTLP metric exporter's shape: it chooses temporality and aggregation (OTEL_EXPORTER_OTLP_METRICS_*). */
type SelectingMetricExporter = PushMetricExporter & Required<Pick<PushMetricExporter, 'selectAggregationTemporality' | 'selectAggregation'>>;

export interface ReportedMetricExporterOptions {
  /** Host the exporter sends to, for messages. */
  readonly endpointLabel: string;
  readonly exportTimeoutMillis: number;
}

/**
 * Wraps the OTLP metric exporter so that a failed export is reported as the span path reports
 * it: one clear diag line per condition (see export/failure-reporter.ts), rate-bounded.
 *
 * The periodic reader's only reaction to a failed result is to throw an Error that the SDK's
 * global error handler prints as a JSON-flattened stack, on every interval and again at
 * shutdown (sdk-metrics 2.x, PeriodicExportingMetricReader._runOnce). It neither retries nor
 * keeps the batch, so the failure is reported here and the reader is told the export is done:
 * nothing else changes for the data.
 */
export class ReportedMetricExporter implements PushMetricExporter {
  readonly #exporter: SelectingMetricExporter;
  readonly #options: ReportedMetricExporterOptions;
  readonly #failures: ExportFailureReporter;

  constructor(exporter: SelectingMetricExporter, options: ReportedMetricExporterOptions) {
    this.#exporter = exporter;
    this.#options = options;
    this.#failures = new ExportFailureReporter(`metrics export to ${options.endpointLabel}`);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.#exporter.selectAggregationTemporality(instrumentType);
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.#exporter.selectAggregation(instrumentType);
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.#exporter.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.#failures.recovered();
      else this.#failures.failed(describeExportFailure(result.error, { ...this.#options, signal: 'metrics' }));
      resultCallback({ code: ExportResultCode.SUCCESS });
    });
  }

  forceFlush(): Promise<void> {
    return this.#exporter.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#exporter.shutdown();
  }
}
