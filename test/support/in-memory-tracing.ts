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
import { ensureContextManager } from '../../src/attribution/index.js';
import { OpenAIInstrumentation } from '../../src/instrumentation/openai/index.js';

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
