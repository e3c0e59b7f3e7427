/**
 * The fixture of an in-process Anthropic test file: a fake provider, real OTel SDK parts (a
 * BasicTracerProvider with a SimpleSpanProcessor into an InMemorySpanExporter) and our
 * AnthropicInstrumentation patching the real `@anthropic-ai/sdk` module handed to it (vitest
 * loads modules outside Node's hooks; the hook path is tested in child processes). The version
 * matrix runs the same files with `@anthropic-ai/sdk` aliased to each version's folder.
 */
import type Anthropic from '@anthropic-ai/sdk';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { AnthropicInstrumentation } from '../../src/instrumentation/anthropic/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';

export interface AnthropicTestBed {
  readonly provider: FakeProvider;
  readonly exporter: InMemorySpanExporter;
  readonly tracerProvider: BasicTracerProvider;
  readonly instrumentation: AnthropicInstrumentation;
  readonly client: Anthropic;
  spans(): ReadableSpan[];
}

type AnthropicClass = typeof Anthropic;

/** Read the fields inside tests (they are set in `beforeAll`). */
export function useAnthropicTestBed(anthropicModule: AnthropicClass): AnthropicTestBed {
  const bed = {} as {
    provider: FakeProvider;
    exporter: InMemorySpanExporter;
    tracerProvider: BasicTracerProvider;
    instrumentation: AnthropicInstrumentation;
    client: Anthropic;
    spans(): ReadableSpan[];
  };
  beforeAll(async () => {
    ensureContextManager();
    bed.provider = await startFakeProvider();
    bed.exporter = new InMemorySpanExporter();
    bed.tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(bed.exporter)] });
    bed.instrumentation = new AnthropicInstrumentation({ enabled: false });
    bed.instrumentation.setTracerProvider(bed.tracerProvider);
    bed.instrumentation.patchModule(anthropicModule);
    bed.client = new anthropicModule({ apiKey: 'sk-ant-test', baseURL: bed.provider.anthropicBaseURL, maxRetries: 0 });
    bed.spans = () => bed.exporter.getFinishedSpans();
  });
  afterAll(() => bed.provider.close());
  beforeEach(() => {
    bed.provider.reset();
    bed.exporter.reset();
  });
  return bed;
}

/** The spans of ours (not the SDK's own, nor any other scope's). */
export function ourSpans(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return spans.filter((span) => readScopeName(span) === 'infraprism-anthropic');
}

export function readScopeName(span: ReadableSpan): string {
  const holder = span as ReadableSpan & {
    instrumentationScope?: { name: string };
    instrumentationLibrary?: { name: string };
  };
  return (holder.instrumentationScope ?? holder.instrumentationLibrary)?.name ?? '';
}

/** True when the installed SDK has the resource class at `path` (e.g. `Beta`, `Messages`). */
export function hasClass(anthropicModule: AnthropicClass, ...path: string[]): boolean {
  let current: unknown = anthropicModule;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  return typeof current === 'function';
}
