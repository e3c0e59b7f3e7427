/**
 * The fixture of an in-process `@google/genai` test file: a fake provider speaking Gemini's and
 * Vertex AI's REST shapes, real OTel SDK parts (a BasicTracerProvider with a SimpleSpanProcessor
 * into an InMemorySpanExporter) and our GoogleGenAIInstrumentation patching the real module
 * handed to it (vitest loads modules outside Node's hooks; the hook path is tested in child
 * processes). The matrix runs the same files with `@google/genai` resolved from a version folder.
 */
import type * as GenAI from '@google/genai';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { GoogleGenAIInstrumentation } from '../../src/instrumentation/google/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';

export type GenAIModule = typeof GenAI;

export interface GoogleTestBed {
  readonly provider: FakeProvider;
  readonly exporter: InMemorySpanExporter;
  readonly instrumentation: GoogleGenAIInstrumentation;
  /** A Gemini API client (`gcp.gemini`). */
  readonly gemini: GenAI.GoogleGenAI;
  /** A Vertex AI client in API-key ("express") mode (`gcp.vertex_ai`). */
  readonly vertex: GenAI.GoogleGenAI;
  spans(): ReadableSpan[];
}

/** Read the fields inside tests (they are set in `beforeAll`). */
export function useGoogleTestBed(genai: GenAIModule): GoogleTestBed {
  const bed = {} as { -readonly [Key in keyof GoogleTestBed]: GoogleTestBed[Key] };
  beforeAll(async () => {
    ensureContextManager();
    bed.provider = await startFakeProvider();
    bed.exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(bed.exporter)] });
    bed.instrumentation = new GoogleGenAIInstrumentation({ enabled: false });
    bed.instrumentation.setTracerProvider(tracerProvider);
    bed.instrumentation.patchModule(genai);
    // The API version pinned: 3.x sends Gemini API calls to `/v1/`, earlier majors to `/v1beta/`.
    bed.gemini = new genai.GoogleGenAI({ apiKey: 'gemini-test-key', httpOptions: { baseUrl: bed.provider.url, apiVersion: GEMINI_API_VERSION } });
    bed.vertex = new genai.GoogleGenAI({ vertexai: true, apiKey: 'vertex-test-key', httpOptions: { baseUrl: bed.provider.url } });
    bed.spans = () => bed.exporter.getFinishedSpans();
  });
  afterAll(() => bed.provider.close());
  beforeEach(() => {
    bed.provider.reset();
    bed.exporter.reset();
  });
  return bed;
}

/** The Gemini API version the test clients use. */
export const GEMINI_API_VERSION = 'v1beta';

/** The Gemini API path of `method` for `model`. */
export function geminiPath(model: string, method: string): string {
  return `/${GEMINI_API_VERSION}/models/${model}:${method}`;
}

/** The Vertex AI (express mode) path of `method` for `model`. */
export function vertexPath(model: string, method: string): string {
  return `/v1beta1/publishers/google/models/${model}:${method}`;
}
