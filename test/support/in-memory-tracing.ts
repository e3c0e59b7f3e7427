/**
 * Real OpenTelemetry SDK components for in-process span tests: a BasicTracerProvider with
 * a SimpleSpanProcessor into an InMemorySpanExporter, and our OpenAIInstrumentation
 * patching the real `openai` module handed to it (vitest loads `openai` outside Node's
 * module hooks, so the hook path itself is tested in child processes instead).
 */
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { OpenAIInstrumentation } from '../../src/instrumentation/openai/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';

export interface InMemoryTracing {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  readonly instrumentation: OpenAIInstrumentation;
  spans(): ReadableSpan[];
  reset(): void;
}

export function setUpInMemoryTracing(openaiModule: unknown): InMemoryTracing {
  ensureContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const instrumentation = new OpenAIInstrumentation({ enabled: false });
  instrumentation.setTracerProvider(provider);
  instrumentation.patchModule(openaiModule);
  return {
    exporter,
    provider,
    instrumentation,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
  };
}

export interface OpenAITestBed {
  readonly provider: FakeProvider;
  readonly tracing: InMemoryTracing;
  readonly client: OpenAI;
  /** The one finished span; fails the test when there is not exactly one. */
  onlySpan(): ReadableSpan;
}

/**
 * The fixture of an in-process OpenAI test file: a fake provider, in-memory tracing and
 * a real client without retries, started once and reset before each test. Read its
 * fields inside tests (they are set in `beforeAll`).
 */
export function useOpenAITestBed(openaiModule: typeof OpenAI): OpenAITestBed {
  const bed = {
    onlySpan() {
      const spans = bed.tracing.spans();
      expect(spans).toHaveLength(1);
      return spans[0]!;
    },
  } as OpenAITestBed & { provider: FakeProvider; tracing: InMemoryTracing; client: OpenAI };
  beforeAll(async () => {
    bed.provider = await startFakeProvider();
    bed.tracing = setUpInMemoryTracing(openaiModule);
    bed.client = new openaiModule({ apiKey: 'sk-test', baseURL: bed.provider.openaiBaseURL, maxRetries: 0 });
  });
  afterAll(() => bed.provider.close());
  beforeEach(() => {
    bed.provider.reset();
    bed.tracing.reset();
  });
  return bed;
}
