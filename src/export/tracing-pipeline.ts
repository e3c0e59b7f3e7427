import type { Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes, defaultResource } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { logger } from '../diag.js';
import { DeliveryProcessor } from './delivery-processor.js';
import { InfraPrismSpanProcessor } from '../processing/index.js';
import { createExitFlush, type ExitFlush } from './exit-flush.js';
import { describeOtlpEndpoint } from './export-failure.js';

export interface TracingPipeline {
  readonly provider: BasicTracerProvider;
  /** Never rejects; bounded by `flushTimeoutMillis`. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops exporting. Safe to call more than once. */
  shutdown(): Promise<void>;
}

export interface TracingPipelineInput {
  config: ResolvedConfig;
  spanExporter?: SpanExporter;
  resourceAttributes?: Attributes;
}

/**
 * A tracer provider exporting through our DeliveryProcessor (batching, retry, one bounded
 * buffer) to OTLP/HTTP, with the pending spans flushed when the process ends normally.
 */
export function createTracingPipeline({ config, spanExporter, resourceAttributes }: TracingPipelineInput): TracingPipeline {
  const exporter = spanExporter ?? createOtlpExporter(config);
  const processor = new DeliveryProcessor(exporter, {
    ...config.batch,
    flushTimeoutMillis: config.flushTimeoutMillis,
    initialRetryDelayMillis: config.retry.initialDelayMillis,
    maxRetryDelayMillis: config.retry.maxDelayMillis,
    isServerless: config.isServerless,
    endpointLabel: describeEndpoint(config, spanExporter),
  });
  const exitFlush: ExitFlush = createExitFlush(async () => {
    await processor.forceFlush();
    // Still pending after the exit flush: the process is ending, so they are lost.
    if (processor.pendingCount > 0) {
      logger.warn(`${processor.pendingCount} spans could not be delivered before exit; the export errors above say why`);
    }
  });
  const provider = new BasicTracerProvider({
    resource: createResource(config, resourceAttributes),
    // InfraPrismSpanProcessor first: it prices and scrubs other instrumentations' GenAI spans
    // before the delivery processor takes them.
    spanProcessors: [new InfraPrismSpanProcessor(), processor, exitFlush.processor],
  });

  let shutdownPromise: Promise<void> | undefined;
  return {
    provider,
    forceFlush: () => processor.forceFlush(),
    shutdown() {
      shutdownPromise ??= (async () => {
        exitFlush.uninstall();
        await processor.shutdown();
        await provider.shutdown().catch(() => undefined);
      })();
      return shutdownPromise;
    },
  };
}

function createOtlpExporter(config: ResolvedConfig): SpanExporter {
  const { tracesUrl, headers, protocol } = config.exportTarget;
  const exporterConfig = {
    ...(tracesUrl !== undefined ? { url: tracesUrl } : {}),
    headers,
    // Bounds the exporter's own retries (up to 5, 1-5 s apart, for 429/502/503/504 and
    // network errors) to one attempt of ours, so the two backoffs never stack unbounded.
    timeoutMillis: config.batch.exportTimeoutMillis,
  };
  return protocol === 'http/protobuf' ? new OTLPProtobufTraceExporter(exporterConfig) : new OTLPTraceExporter(exporterConfig);
}

/** `host:port` for diag messages: never a path, query or credentials. */
function describeEndpoint(config: ResolvedConfig, spanExporter: SpanExporter | undefined): string {
  if (spanExporter) return spanExporter.constructor.name;
  return describeOtlpEndpoint(
    config.exportTarget.tracesUrl,
    process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'],
  );
}

export function createResource(config: ResolvedConfig, resourceAttributes: Attributes | undefined) {
  // envDetector reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
  let resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  if (resourceAttributes) resource = resource.merge(resourceFromAttributes(resourceAttributes));
  if (config.serviceName !== undefined) {
    resource = resource.merge(resourceFromAttributes({ 'service.name': config.serviceName }));
  }
  return resource;
}
