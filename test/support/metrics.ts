/**
 * Metrics seen two ways, for test/metrics: in process through a real MeterProvider with a
 * collecting reader, and on the wire as OTLP/JSON `ExportMetricsServiceRequest` bodies that the
 * OTLP receiver stored (decoded here, so the receiver stays about traces).
 */
import { metrics as metricsApi } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { readArray, readField, readString } from './json-fields.js';

/** One data point, flattened: attributes plus the aggregated value. */
export interface FlatPoint {
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Sums and gauges. */
  readonly value?: number;
  /** Histograms. */
  readonly count?: number;
  readonly sum?: number;
  readonly bucketCounts?: readonly number[];
  readonly explicitBounds?: readonly number[];
}

export interface FlatMetric {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly scope: string;
  /** `sum` (monotonic counters included), `histogram` or `gauge`. */
  readonly type: 'sum' | 'histogram' | 'gauge' | 'other';
  readonly isMonotonic: boolean;
  readonly points: readonly FlatPoint[];
}

/** A reader that only collects on demand (no timer), as an app's test setup would use. */
class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface InMemoryMetrics {
  readonly meterProvider: MeterProvider;
  /** Collects now and returns every metric with at least one point. */
  collect(): Promise<FlatMetric[]>;
  shutdown(): Promise<void>;
}

export function setUpInMemoryMetrics(): InMemoryMetrics {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    async collect() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.map((metric) => flattenMetricData(metric, scope.scope.name)),
      );
    },
    shutdown: () => meterProvider.shutdown(),
  };
}

function flattenMetricData(metric: MetricData, scope: string): FlatMetric {
  const base = {
    name: metric.descriptor.name,
    unit: metric.descriptor.unit,
    description: metric.descriptor.description,
    scope,
  };
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    return {
      ...base,
      type: 'histogram',
      isMonotonic: false,
      points: metric.dataPoints.map((point) => ({
        attributes: point.attributes,
        count: point.value.count,
        sum: point.value.sum ?? 0,
        bucketCounts: point.value.buckets.counts,
        explicitBounds: point.value.buckets.boundaries,
      })),
    };
  }
  const type = metric.dataPointType === DataPointType.SUM ? 'sum' : metric.dataPointType === DataPointType.GAUGE ? 'gauge' : 'other';
  return {
    ...base,
    type,
    isMonotonic: metric.dataPointType === DataPointType.SUM && metric.isMonotonic,
    points: metric.dataPoints.map((point) => ({ attributes: point.attributes, value: Number(point.value) })),
  };
}

/** `resourceMetrics[].scopeMetrics[].metrics[]` of an OTLP/JSON body, flattened. */
export function flattenOtlpMetrics(json: unknown): FlatMetric[] {
  const result: FlatMetric[] = [];
  for (const resourceMetrics of readArray(json, 'resourceMetrics')) {
    for (const scopeMetrics of readArray(resourceMetrics, 'scopeMetrics')) {
      const scope = readString(readField(scopeMetrics, 'scope'), 'name') ?? '';
      for (const metric of readArray(scopeMetrics, 'metrics')) {
        const base = {
          name: readString(metric, 'name') ?? '',
          unit: readString(metric, 'unit') ?? '',
          description: readString(metric, 'description') ?? '',
          scope,
        };
        const histogram = readField(metric, 'histogram');
        const sum = readField(metric, 'sum');
        const gauge = readField(metric, 'gauge');
        if (histogram !== undefined) {
          result.push({
            ...base,
            type: 'histogram',
            isMonotonic: false,
            points: readArray(histogram, 'dataPoints').map((point) => ({
              attributes: decodeAttributes(readField(point, 'attributes')),
              count: Number(readField(point, 'count')),
              sum: Number(readField(point, 'sum')),
              bucketCounts: readArray(point, 'bucketCounts').map(Number),
              explicitBounds: readArray(point, 'explicitBounds').map(Number),
            })),
          });
        } else {
          const data = sum ?? gauge;
          result.push({
            ...base,
            type: sum !== undefined ? 'sum' : gauge !== undefined ? 'gauge' : 'other',
            isMonotonic: readField(sum, 'isMonotonic') === true,
            points: readArray(data, 'dataPoints').map((point) => ({
              attributes: decodeAttributes(readField(point, 'attributes')),
              value: Number(readField(point, 'asDouble') ?? readField(point, 'asInt')),
            })),
          });
        }
      }
    }
  }
  return result;
}

/** OTLP/JSON `KeyValue[]` of scalar values to a record. */
function decodeAttributes(list: unknown): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const entry of Array.isArray(list) ? (list as unknown[]) : []) {
    const key = readString(entry, 'key');
    const value = readField(entry, 'value');
    if (key === undefined || typeof value !== 'object' || value === null) continue;
    const v = value as Record<string, unknown>;
    if ('intValue' in v) attributes[key] = Number(v['intValue']);
    else if ('doubleValue' in v) attributes[key] = Number(v['doubleValue']);
    else attributes[key] = v['stringValue'] ?? v['boolValue'];
  }
  return attributes;
}

/** The metric named `name`; throws naming what there was, so a failure explains itself. */
export function findMetric(all: readonly FlatMetric[], name: string): FlatMetric {
  const found = all.find((metric) => metric.name === name);
  if (!found) throw new Error(`no metric ${name}; got ${all.map((metric) => metric.name).join(', ') || 'none'}`);
  return found;
}

/** Resets the global meter provider a test set. */
export function resetGlobalMeterProvider(): void {
  metricsApi.disable();
}
