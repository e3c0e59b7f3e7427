import { createNoopMeter } from '@opentelemetry/api';
import { InstrumentationBase, type InstrumentationConfig, type InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import type { MetricAttributeOptions } from '../config/options.js';
import { resolveMetricAttributeOptions } from '../config/resolve-metrics-config.js';
import { warnOnce } from '../diag.js';
import { reportInternalError } from '../instrumentation/core/errors.js';
import { addCallEndListener, type EndedCall } from '../instrumentation/core/call-listeners.js';
import { INSTRUMENTATION_SCOPE_METRICS } from '../semconv.js';
import { PACKAGE_VERSION } from '../version.js';
import { CostCounter } from './cost-counter.js';
import { observeDeliveryStats } from './delivery-metrics.js';
import { GenAiHistograms } from './gen-ai-histograms.js';

// Global, so the ESM and CJS copies of this package share one recording instance.
const RECORDERS_KEY = Symbol.for('infraprism.metrics-recorders');
type GlobalWithRecorders = typeof globalThis & { [RECORDERS_KEY]?: Set<object> };

/** The enabled instances in the order they were enabled; only the first records. */
function enabledRecorders(): Set<object> {
  const global = globalThis as GlobalWithRecorders;
  return (global[RECORDERS_KEY] ??= new Set());
}

export interface MetricsInstrumentationConfig extends InstrumentationConfig, MetricAttributeOptions {}

/**
 * Records the GenAI histograms, the cost counter and our delivery counters for every
 * traced LLM call. It patches no module: it listens to the calls the SDK instrumentations
 * end. Its meter is the standard instrumentation one, so an app with its own MeterProvider
 * adds it like any instrumentation (NodeSDK `instrumentations`, or `registerInstrumentations`
 * with a `meterProvider`); `init()` adds it itself. Only one instance records at a time (the
 * first enabled one, then the next when it is disabled): a second one, e.g. added to a NodeSDK
 * next to `init({ metrics })`, stays silent with one warning instead of counting every call twice.
 *
 * @example new NodeSDK({ metricReader, instrumentations: [new MetricsInstrumentation({ tagKeys: ['feature'] })] })
 */
export class MetricsInstrumentation extends InstrumentationBase<MetricsInstrumentationConfig> {
  // `declare`: InstrumentationBase's constructor calls _updateMetricInstruments() and
  // enable() before field initializers would run, and an initializer would wipe both.
  declare private histograms: GenAiHistograms | undefined;
  declare private costCounter: CostCounter | undefined;
  declare private removeListener: (() => void) | undefined;
  /** The meter is the API's no-op one (no MeterProvider anywhere): recording would build attribute sets for nothing. */
  declare private hasNoopMeter: boolean | undefined;
  declare private stopObservingDelivery: (() => void) | undefined;

  constructor(config: MetricsInstrumentationConfig = {}) {
    super(INSTRUMENTATION_SCOPE_METRICS, PACKAGE_VERSION, config);
  }

  protected override init(): InstrumentationModuleDefinition[] {
    return [];
  }

  /** Called with the global meter at construction and again by `setMeterProvider`. */
  protected override _updateMetricInstruments(): void {
    const options = resolveMetricAttributeOptions(this.getConfig(), process.env);
    // The metrics API has no proxy meter: a no-op meter stays one until setMeterProvider calls this again.
    this.hasNoopMeter = this.meter === createNoopMeter();
    this.histograms = new GenAiHistograms(this.meter, options.cardinalityLimit);
    this.costCounter = new CostCounter(this.meter, options);
    this.stopObservingDelivery?.();
    this.stopObservingDelivery = observeDeliveryStats(this.meter, () => this.isRecorder());
  }

  override enable(): void {
    super.enable();
    if (this.removeListener) return;
    const recorders = enabledRecorders();
    if (recorders.size > 0 && !recorders.has(this)) {
      warnOnce(
        'metrics-second-instance',
        'a second MetricsInstrumentation is enabled (init() with metrics adds one): it records nothing while the first is enabled, so no call is counted twice',
      );
    }
    recorders.add(this);
    this.removeListener = addCallEndListener((call) => this.record(call));
  }

  override disable(): void {
    super.disable();
    enabledRecorders().delete(this);
    this.removeListener?.();
    this.removeListener = undefined;
  }

  /** The first enabled instance records; the others stand by (see the class comment). */
  private isRecorder(): boolean {
    return enabledRecorders().values().next().value === this;
  }

  private record(call: EndedCall): void {
    if (this.hasNoopMeter === true || !this.isRecorder()) return;
    try {
      this.histograms?.record(call);
      this.costCounter?.record(call);
    } catch (error) {
      reportInternalError('metrics', error);
    }
  }
}
