/**
 * The privacy check of issue #7, item 6, as a harness every endpoint and provider plugs into:
 * the real export path of `init()` (our processors, the OTLP/HTTP trace exporter in JSON or
 * protobuf, the metrics exporter) into the loopback receiver, and every diag message at the most
 * verbose level (as with `logLevel: 'all'`; the OTLP exporter then dumps each batch it sends, so the
 * exported spans are searched a second time as a log would print them). A list of scenarios each makes calls
 * full of canaries (success, HTTP errors echoing the input, stream errors, cut and aborted
 * streams, malformed bodies...). The result is every byte that left for the telemetry endpoint,
 * every header, and every diag line; `findLeaks` searches them all for canaries, API keys and
 * auth headers.
 *
 * To cover a new endpoint or provider: write scenarios (`CanaryScenario`) for it and call
 * `runCanaryScenarios` with the SDK modules they use (handed to `init({ instrumentModules })`).
 */
import { inspect } from 'node:util';
import { diag, DiagLogLevel, metrics, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { InstrumentModules, OtlpProtocol } from '../../src/config/options.js';
import { init } from '../../src/index.js';
import { findCanaries, listCanaries, type Canaries } from './canaries.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from './otlp-receiver.js';

export interface CanaryBed {
  readonly provider: FakeProvider;
  readonly receiver: OtlpReceiver;
}

/**
 * The fake provider and OTLP receiver a canary test file runs against: started once, reset
 * before each test. Read its fields inside tests (they are set in `beforeAll`).
 */
export function useCanaryBed(): CanaryBed {
  const bed = {} as { provider: FakeProvider; receiver: OtlpReceiver };
  beforeAll(async () => {
    bed.provider = await startFakeProvider();
    bed.receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await Promise.all([bed.provider.close(), bed.receiver.close()]);
  });
  beforeEach(() => {
    bed.provider.reset();
    bed.receiver.reset();
  });
  return bed;
}

/** What the provider received (bodies and headers), one string per request. */
export function readSentToProvider(provider: FakeProvider): string[] {
  return provider.requests.map((r) => r.rawBody + JSON.stringify(r.headers));
}

/**
 * The verdict every canary test ends with: nothing leaked (see `findLeaks`), and the InfraPrism
 * key went in the authorization header to the receiver and nowhere else, the provider included.
 */
export function expectNoLeaks(result: CanaryRunResult, bed: CanaryBed, canaries: Canaries, infraprismApiKey: string): void {
  expect(findLeaks(result, canaries, [infraprismApiKey])).toEqual([]);
  expect(bed.receiver.requests.every((r) => r.headers['authorization'] === `Bearer ${infraprismApiKey}`)).toBe(true);
  expect(findCanaries(readSentToProvider(bed.provider), [infraprismApiKey])).toEqual([]);
}

export interface CanaryScenario {
  readonly name: string;
  /** How many spans of ours it should export (default 1): the proof it was traced and searched. */
  readonly spans?: number;
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
  /** The SDK modules the scenarios use, patched by `init()` and unpatched afterwards. */
  readonly modules: InstrumentModules;
  /** Base URLs whose OpenAI streams get the usage option (and the hidden usage chunk). */
  readonly streamUsageBaseURLs?: readonly string[];
  readonly scenarios: readonly CanaryScenario[];
}

export interface CanaryRunResult {
  /** Decoded trace request bodies that reached the receiver (JSON text or protobuf bytes). */
  readonly exportedBodies: Buffer[];
  /** Decoded metrics request bodies (OTLP/HTTP JSON). */
  readonly metricsBodies: Buffer[];
  /** Headers of every request to the receiver, as JSON. */
  readonly exportedHeaders: string[];
  /** Every diag message logged while the scenarios ran and the pipeline shut down. */
  readonly diagLines: string[];
  readonly spans: FlatSpan[];
  /** Scenarios whose calls did not reject (for a sanity check on the error paths). */
  readonly succeeded: string[];
}

export async function runCanaryScenarios(input: CanaryRunInput): Promise<CanaryRunResult> {
  // `init()` sets up its own pipeline only when no tracer provider is registered.
  trace.disable();
  metrics.disable();
  diag.disable();
  // Installed before init(), at the level `logLevel: 'all'` would give its console logger (which
  // prints with console methods saved when @opentelemetry/api loaded, out of a test's reach), so
  // the messages of init() itself are recorded too.
  const diagLines: string[] = [];
  const record = (...args: unknown[]) => diagLines.push(args.map(describeArgument).join(' '));
  diag.setLogger({ error: record, warn: record, info: record, debug: record, verbose: record }, DiagLogLevel.ALL);
  const setup = init({
    endpoint: input.receiver.url,
    apiKey: input.infraprismApiKey,
    protocol: input.protocol,
    logLevel: 'none',
    instrumentModules: input.modules,
    // Exported by flush(); the interval never fires within a test.
    metrics: { exportIntervalMillis: 600_000 },
    ...(input.streamUsageBaseURLs ? { streamUsageBaseURLs: input.streamUsageBaseURLs } : {}),
  });
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
    await setup.flush();
  } finally {
    await setup.shutdown();
    // Calls keep being traced after shutdown by design; the next run patches afresh.
    for (const instrumentation of setup.instrumentations) {
      const unpatch = (instrumentation as { unpatchModule?: (module: unknown) => void }).unpatchModule?.bind(instrumentation);
      for (const module of Object.values(input.modules)) if (module !== undefined) unpatch?.(module);
      instrumentation.disable();
    }
    diag.disable();
  }
  const requests = input.receiver.requests;
  return {
    exportedBodies: input.receiver.traceRequests().map((request) => request.body),
    metricsBodies: input.receiver.metricsRequests().map((request) => request.body),
    exportedHeaders: requests.map((request) => JSON.stringify(request.headers)),
    diagLines,
    spans: input.receiver.spans(),
    succeeded,
  };
}

/** The spans of our own instrumentations (not the SDKs' native ones). */
export function ourSpans(spans: readonly FlatSpan[]): FlatSpan[] {
  return spans.filter((span) => span.scope.name.startsWith('infraprism-'));
}

/** Sum of `spans` over the scenarios (default 1 each). */
export function expectedSpanCount(scenarios: readonly CanaryScenario[]): number {
  return scenarios.reduce((sum, scenario) => sum + (scenario.spans ?? 1), 0);
}

/** Header names and schemes that carry credentials; never in a body or a diag line. */
const AUTH_HEADER_PATTERN = /\b(authorization|x-api-key|api-key|x-goog-api-key|proxy-authorization)\b|\bbearer\s/i;

/**
 * Every leak, as `where: what`: a canary (the provider API key is one) or a secret in a trace or
 * metrics body, a header or a diag line; an auth header name or `Bearer` scheme in a body or a diag
 * line; the InfraPrism key anywhere but the receiver's `authorization` header. `[]` means none.
 */
export function findLeaks(result: CanaryRunResult, canaries: Canaries, secrets: readonly string[]): string[] {
  const needles = [...listCanaries(canaries), ...secrets];
  const places: ReadonlyArray<readonly [string, ReadonlyArray<Buffer | string>]> = [
    ['trace body', result.exportedBodies],
    ['metrics body', result.metricsBodies],
    ['diag line', result.diagLines],
  ];
  const leaks: string[] = [];
  for (const [where, pieces] of places) {
    for (const piece of pieces) {
      const text = typeof piece === 'string' ? piece : piece.toString('latin1');
      for (const needle of needles) if (text.includes(needle)) leaks.push(`${where}: ${needle}`);
      const auth = AUTH_HEADER_PATTERN.exec(text);
      if (auth) leaks.push(`${where}: auth header ${auth[0]}`);
    }
  }
  for (const headers of result.exportedHeaders) {
    const parsed = JSON.parse(headers) as Record<string, string>;
    const { authorization, ...others } = parsed;
    const othersText = JSON.stringify(others);
    for (const needle of needles) if (othersText.includes(needle)) leaks.push(`export header: ${needle}`);
    // The InfraPrism key belongs in `authorization`; nothing of the provider's does.
    for (const needle of listCanaries(canaries)) if (authorization?.includes(needle)) leaks.push(`export authorization: ${needle}`);
  }
  return leaks;
}

/**
 * Diag arguments as a console logger prints them, only deeper (it stops at depth 2): the spans the
 * exporter dumps, errors with their `data` and `cause`, in full enough to find any canary.
 */
function describeArgument(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 6, maxArrayLength: 1_000, maxStringLength: null, breakLength: Infinity });
}
