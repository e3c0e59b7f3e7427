import { ValueType, type BatchObservableCallback, type Meter } from '@opentelemetry/api';
import { getDeliveryStats } from '../export/delivery-stats.js';
import {
  METRIC_INFRAPRISM_EXPORTER_EXPORT_FAILED,
  METRIC_INFRAPRISM_EXPORTER_SPAN_DROPPED,
  METRIC_INFRAPRISM_EXPORTER_SPAN_EXPORTED,
} from '../semconv.js';

/**
 * Our own health as observable counters, read from the process-wide delivery counters at
 * each collection: a rising `span.dropped` or `export.failed` means cost data is missing
 * from the traces backend (the cost counter itself is unaffected). Returns the function that
 * stops observing, so a meter set again does not report twice. `isRecording` false: observe
 * nothing (a standby MetricsInstrumentation).
 */
export function observeDeliveryStats(meter: Meter, isRecording: () => boolean = () => true): () => void {
  const dropped = meter.createObservableCounter(METRIC_INFRAPRISM_EXPORTER_SPAN_DROPPED, {
    description: 'Spans InfraPrism dropped because its export buffer was full.',
    unit: '{span}',
    valueType: ValueType.INT,
  });
  const exported = meter.createObservableCounter(METRIC_INFRAPRISM_EXPORTER_SPAN_EXPORTED, {
    description: 'Spans InfraPrism delivered to its OTLP endpoint.',
    unit: '{span}',
    valueType: ValueType.INT,
  });
  const failed = meter.createObservableCounter(METRIC_INFRAPRISM_EXPORTER_EXPORT_FAILED, {
    description: 'Span export attempts of InfraPrism that failed (each retry counts).',
    unit: '{attempt}',
    valueType: ValueType.INT,
  });
  const observables = [dropped, exported, failed];
  const callback: BatchObservableCallback = (result) => {
    if (!isRecording()) return;
    const stats = getDeliveryStats();
    result.observe(dropped, stats.spansDropped);
    result.observe(exported, stats.spansExported);
    result.observe(failed, stats.exportFailures);
  };
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}
