/**
 * The fixture of in-process tests of `init()` as users call it: the fake provider, a loopback
 * OTLP receiver, `init()` exporting to it with the given options, and an `openai` client of the
 * fake provider. Everything shut down and closed after all tests.
 */
import type OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { init, type InfraPrism, type InitOptions } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

export interface InitBed {
  readonly provider: FakeProvider;
  readonly receiver: OtlpReceiver;
  readonly setup: InfraPrism;
  readonly client: OpenAI;
}

/**
 * `options`: what `init()` gets besides `endpoint` (the receiver), `logLevel: 'none'` and
 * `instrumentModules: { openai }`. `apiKey`: the provider key the client sends.
 */
export function useInitBed(openaiModule: typeof OpenAI, options: InitOptions = {}, apiKey = 'sk-test'): InitBed {
  const bed = {} as { provider: FakeProvider; receiver: OtlpReceiver; setup: InfraPrism; client: OpenAI };
  beforeAll(async () => {
    bed.provider = await startFakeProvider();
    bed.receiver = await startOtlpReceiver();
    bed.setup = init({
      endpoint: bed.receiver.url,
      logLevel: 'none',
      instrumentModules: { openai: openaiModule },
      ...options,
    });
    bed.client = new openaiModule({ apiKey, baseURL: bed.provider.openaiBaseURL, maxRetries: 0 });
  });
  afterAll(async () => {
    await bed.setup?.shutdown();
    await Promise.all([bed.provider?.close(), bed.receiver?.close()]);
  });
  return bed;
}
