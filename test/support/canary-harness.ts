/**
 * The privacy check of issue #7, item 6, as a harness other endpoints and providers plug into:
 * a real export pipeline (our processor and the real OTLP/HTTP exporter, JSON or protobuf) into
 * the loopback receiver, every diag line captured at the most verbose level, and a list of
 * scenarios that each make calls full of canaries (success, HTTP errors, stream errors, cut and
 * aborted streams, malformed bodies...). The result is every byte that left for the telemetry
 * endpoint, every header, and every diag line, for `findCanaries`.
 *
 * To cover a new endpoint or provider: write scenarios (`CanaryScenario`) for it and call
 * `runCanaryScenarios` with an `instrument` that patches its SDK onto the given provider.
 */
import { diag, DiagLogLevel, type TracerProvider } from '@opentelemetry/api';
import type { OtlpProtocol } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { createTracingPipeline } from '../../src/export/tracing-pipeline.js';
import type { Canaries } from './canaries.js';
import type { FakeProvider } from './fake-provider/index.js';
import type { OtlpReceiver } from './otlp-receiver.js';

export interface CanaryScenario {
  readonly name: string;
  /** Makes one or more calls; a rejection is expected on error paths and ignored. */
  run(context: { readonly provider: FakeProvider; readonly canaries: Canaries }): Promise<unknown>;
}

export interface CanaryRunInput {
  readonly protocol: OtlpProtocol;
  readonly receiver: OtlpReceiver;
  readonly provider: FakeProvider;
  readonly canaries: Canaries;
  /** The InfraPrism key sent to the receiver; must reach no body, no diag line, no provider. */
  readonly infraprismApiKey: string;
  /** Patches the SDK under test onto `tracerProvider`; returns the undo. */
  instrument(tracerProvider: TracerProvider): () => void;
  readonly scenarios: readonly CanaryScenario[];
}

export interface CanaryRunResult {
  /** Decoded request bodies that reached the receiver (JSON text or protobuf bytes). */
  readonly exportedBodies: Buffer[];
  readonly exportedHeaders: string[];
  readonly diagLines: string[];
  /** Spans the receiver decoded: proof the bodies were searched, not empty. */
  readonly spanCount: number;
  /** Scenarios whose calls did not reject (for a sanity check on the error paths). */
  readonly succeeded: string[];
}

export async function runCanaryScenarios(input: CanaryRunInput): Promise<CanaryRunResult> {
  const diagLines: string[] = [];
  const record = (...args: unknown[]) => diagLines.push(args.map(describeArgument).join(' '));
  diag.setLogger({ error: record, warn: record, info: record, debug: record, verbose: record }, DiagLogLevel.ALL);
  const config = resolveConfig(
    { endpoint: input.receiver.url, apiKey: input.infraprismApiKey, protocol: input.protocol, logLevel: 'all' },
    {},
  );
  const pipeline = createTracingPipeline({ config });
  const undo = input.instrument(pipeline.provider);
  const succeeded: string[] = [];
  try {
    for (const scenario of input.scenarios) {
      try {
        await scenario.run({ provider: input.provider, canaries: input.canaries });
        succeeded.push(scenario.name);
      } catch {
        // Error paths are the point: the rejection itself is the SDK's business.
      }
    }
    await pipeline.forceFlush();
  } finally {
    undo();
    await pipeline.shutdown();
    diag.disable();
  }
  const requests = input.receiver.traceRequests();
  return {
    exportedBodies: requests.map((request) => request.body),
    exportedHeaders: requests.map((request) => JSON.stringify(request.headers)),
    diagLines,
    spanCount: input.receiver.spans().length,
    succeeded,
  };
}

/** Diag arguments as a logger would print them: objects in full, not `[object Object]`. */
function describeArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message} ${String((value as { data?: unknown }).data ?? '')}`;
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? String(inner) : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}
