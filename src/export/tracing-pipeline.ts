import type { Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes, defaultResource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { InfraPrismSpanProcessor } from '../processing/index.js';
import { createExitFlush, type ExitFlush } from './exit-flush.js';

export interface TracingPipeline {
  readonly provider: BasicTracerProvider;
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
 * A tracer provider exporting through a BatchSpanProcessor to OTLP/HTTP, with the
 * pending spans flushed when the process ends normally.
 */
export function createTracingPipeline({ config, spanExporter, resourceAttributes }: TracingPipelineInput): TracingPipeline {
  const exporter = spanExporter ?? createOtlpExporter(config);
  // The exit hook flushes the provider, which is built right after it.
  const exitFlush: ExitFlush = createExitFlush(() => provider.forceFlush());
  const provider = new BasicTracerProvider({
    resource: createResource(config, resourceAttributes),
    // InfraPrismSpanProcessor first: it prices and scrubs other instrumentations' GenAI spans
    // before the batch processor takes them (issue #11).
    spanProcessors: [new InfraPrismSpanProcessor(), new BatchSpanProcessor(exporter, config.batch), exitFlush.processor],
  });

  let shutdownPromise: Promise<void> | undefined;
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      shutdownPromise ??= (async () => {
        exitFlush.uninstall();
        await provider.shutdown();
      })();
      return shutdownPromise;
    },
  };
}

function createOtlpExporter(config: ResolvedConfig): SpanExporter {
  const { tracesUrl, headers } = config.exportTarget;
  return new OTLPTraceExporter({
    ...(tracesUrl !== undefined ? { url: tracesUrl } : {}),
    headers,
    timeoutMillis: config.batch.exportTimeoutMillis,
  });
}

function createResource(config: ResolvedConfig, resourceAttributes: Attributes | undefined) {
  // envDetector reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
  let resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  if (resourceAttributes) resource = resource.merge(resourceFromAttributes(resourceAttributes));
  if (config.serviceName !== undefined) {
    resource = resource.merge(resourceFromAttributes({ 'service.name': config.serviceName }));
  }
  return resource;
}
