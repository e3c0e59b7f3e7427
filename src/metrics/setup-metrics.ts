import { metrics, type MeterProvider } from '@opentelemetry/api';
import type { InitOptions } from '../config/options.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { resolveMetricsConfig } from '../config/resolve-metrics-config.js';
import { logger } from '../diag.js';
import { addCallEndListener } from '../instrumentation/core/call-listeners.js';
import { createMetricsPipeline, type MetricsPipeline } from './metrics-pipeline.js';
import { MetricsInstrumentation } from './metrics-instrumentation.js';

/** What `init()` set up for metrics. */
export interface MetricsSetup {
  readonly instrumentation: MetricsInstrumentation;
  /** The app's MeterProvider, or ours. */
  readonly meterProvider: MeterProvider;
  /** Exports what is pending; never rejects (failures go to diag). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Metrics for `init()`. An app that registered a global MeterProvider gets our instruments
 * on it. Otherwise, when `init()` owns tracing (or a `metricReader` is given), we build a
 * MeterProvider exporting OTLP/HTTP and register it globally, as we do the tracer
 * provider. An app that brought its own tracer provider but no meter provider keeps
 * full control over what is exported: nothing is recorded until it adds one.
 */
export function setUpMetrics(options: InitOptions, config: ResolvedConfig, ownsTracing: boolean): MetricsSetup | undefined {
  const resolved = resolveMetricsConfig(options.metrics, config.exportTarget, process.env);
  if (resolved === undefined) return undefined;
  const metricReader = options.metrics ? options.metrics.metricReader : undefined;
  const attributeOptions = {
    tagKeys: resolved.tagKeys,
    cardinalityLimit: resolved.cardinalityLimit,
    dropEntityId: resolved.dropEntityId,
  };

  // Disabled at shutdown: while enabled it is the one MetricsInstrumentation that records, and
  // one the app adds after our shutdown must take over.
  if (hasRegisteredMeterProvider()) {
    const instrumentation = new MetricsInstrumentation(attributeOptions);
    logger.info('a meter provider is already registered: InfraPrism records its metrics on it');
    const meterProvider = metrics.getMeterProvider();
    return {
      instrumentation,
      meterProvider,
      flush: () => Promise.resolve(),
      shutdown: () => {
        instrumentation.disable();
        return Promise.resolve();
      },
    };
  }
  if (!ownsTracing && metricReader === undefined) {
    logger.info('the app has its own tracer provider but no meter provider: InfraPrism records no metrics until one is registered');
    return undefined;
  }

  const pipeline = createMetricsPipeline({
    config,
    metrics: resolved,
    ...(metricReader ? { metricReader } : {}),
    ...(options.resourceAttributes ? { resourceAttributes: options.resourceAttributes } : {}),
  });
  metrics.setGlobalMeterProvider(pipeline.provider);
  const instrumentation = new MetricsInstrumentation(attributeOptions);
  const exitFlush = flushMetricsAtExit(pipeline);
  let shutdownPromise: Promise<void> | undefined;
  return {
    instrumentation,
    meterProvider: pipeline.provider,
    flush: () => pipeline.forceFlush().catch(reportMetricsExportFailure),
    shutdown() {
      shutdownPromise ??= (async () => {
        instrumentation.disable();
        exitFlush();
        await pipeline.shutdown().catch(reportMetricsExportFailure);
        metrics.disable();
      })();
      return shutdownPromise;
    },
  };
}

/**
 * A short script ends long before the first 60 s export: like the spans (export/exit-flush),
 * what calls recorded is exported on `beforeExit`, once per batch of new calls so the
 * flush's own I/O cannot loop. Returns the uninstaller.
 */
function flushMetricsAtExit(pipeline: MetricsPipeline): () => void {
  let hasPendingCalls = false;
  let isFlushing = false;
  const removeListener = addCallEndListener(() => {
    hasPendingCalls = true;
  });
  const onBeforeExit = (): void => {
    if (!hasPendingCalls || isFlushing) return;
    hasPendingCalls = false;
    isFlushing = true;
    pipeline
      .forceFlush()
      .catch(reportMetricsExportFailure)
      .finally(() => {
        isFlushing = false;
      });
  };
  process.on('beforeExit', onBeforeExit);
  return () => {
    removeListener();
    process.off('beforeExit', onBeforeExit);
  };
}

function reportMetricsExportFailure(error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  logger.warn(`metrics could not be exported (${name})`);
}

/** True when something other than the API's no-op meter provider is registered. */
function hasRegisteredMeterProvider(): boolean {
  return metrics.getMeterProvider().constructor.name !== 'NoopMeterProvider';
}
