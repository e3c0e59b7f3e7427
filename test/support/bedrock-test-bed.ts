/**
 * The fixture of an in-process Bedrock Runtime test file: a fake provider speaking Bedrock's
 * shapes, real OTel SDK parts (a BasicTracerProvider with a SimpleSpanProcessor into an
 * InMemorySpanExporter) and our BedrockRuntimeInstrumentation patching the real
 * `@aws-sdk/client-bedrock-runtime` module (vitest loads modules outside Node's hooks; the hook
 * path is tested in child processes). The client signs with a static fake credential and talks
 * HTTP/1.1 to the fake (`NodeHttpHandler`): the SDK's default handler is HTTP/2, which the
 * fake does not speak, and which our patch of `send` never sees.
 */
import * as bedrockRuntime from '@aws-sdk/client-bedrock-runtime';
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { BedrockRuntimeInstrumentation } from '../../src/instrumentation/bedrock/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';

export interface BedrockTestBed {
  readonly provider: FakeProvider;
  readonly exporter: InMemorySpanExporter;
  readonly tracerProvider: BasicTracerProvider;
  readonly instrumentation: BedrockRuntimeInstrumentation;
  readonly client: BedrockRuntimeClient;
  spans(): ReadableSpan[];
}

/** Client settings for the fake provider at `url`: one attempt, static fake keys, HTTP/1.1. */
export function bedrockClientConfig(url: string, options: BedrockRuntimeClientConfig = {}): BedrockRuntimeClientConfig {
  return {
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret-key' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
    ...options,
  };
}

/** A Bedrock Runtime client for the fake provider at `url`. */
export function makeBedrockClient(url: string, options: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient(bedrockClientConfig(url, options));
}

/** Read the fields inside tests (they are set in `beforeAll`). */
export function useBedrockTestBed(): BedrockTestBed {
  const bed = {} as {
    provider: FakeProvider;
    exporter: InMemorySpanExporter;
    tracerProvider: BasicTracerProvider;
    instrumentation: BedrockRuntimeInstrumentation;
    client: BedrockRuntimeClient;
    spans(): ReadableSpan[];
  };
  beforeAll(async () => {
    ensureContextManager();
    bed.provider = await startFakeProvider();
    bed.exporter = new InMemorySpanExporter();
    bed.tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(bed.exporter)] });
    bed.instrumentation = new BedrockRuntimeInstrumentation({ enabled: false });
    bed.instrumentation.setTracerProvider(bed.tracerProvider);
    bed.instrumentation.patchModule(bedrockRuntime);
    bed.client = makeBedrockClient(bed.provider.url);
    bed.spans = () => bed.exporter.getFinishedSpans();
  });
  afterAll(async () => {
    bed.instrumentation.unpatchModule(bedrockRuntime);
    bed.client.destroy();
    await bed.provider.close();
  });
  beforeEach(() => {
    bed.provider.reset();
    bed.exporter.reset();
  });
  return bed;
}
