// Issue #7, item 2, in process: serverless mode exports each span as it ends (no flush, no
// batch delay); flush() resolves once all is delivered; shutdown() is idempotent; after it,
// calls still work, flush() still resolves, and nothing more is exported.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, type InfraPrism } from '../../src/index.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

let provider: FakeProvider;
let receiver: OtlpReceiver;
let setup: InfraPrism;
let client: OpenAI;

beforeAll(async () => {
  provider = await startFakeProvider();
  receiver = await startOtlpReceiver();
  setup = init({
    endpoint: receiver.url,
    serverless: true,
    // A batch delay no test waits for: only the serverless export can deliver in time.
    batch: { scheduledDelayMillis: 600_000 },
    logLevel: 'none',
    instrumentModules: { openai: OpenAI },
  });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
});
afterAll(async () => {
  await setup.shutdown();
  await Promise.all([provider.close(), receiver.close()]);
});

const call = (entity: string) =>
  client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], entity_id: entity } as never);

describe('serverless mode', () => {
  it('exports a span as soon as its call ends, without flush()', async () => {
    await call('serverless-1');
    const [span] = await receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('serverless-1');
  });

  it('has every span of a handler delivered when `await flush()` resolves', async () => {
    receiver.reset();
    await Promise.all([call('handler-a'), call('handler-b'), call('handler-c')]);
    await setup.flush();
    const entities = receiver.spans().map((span) => span.attributes['infraprism.entity.id']).sort();
    expect(entities).toEqual(['handler-a', 'handler-b', 'handler-c']);
  });
});

describe('shutdown', () => {
  it('is idempotent, and calls made afterwards work without telemetry', async () => {
    receiver.reset();
    await call('before-shutdown');
    const first = setup.shutdown();
    expect(setup.shutdown()).toBe(first);
    await first;
    expect(receiver.spans().map((span) => span.attributes['infraprism.entity.id'])).toEqual(['before-shutdown']);

    const completion = await call('after-shutdown');
    expect((completion as { object: string }).object).toBe('chat.completion');
    await setup.flush();
    await setup.shutdown();
    expect(receiver.spans()).toHaveLength(1);
  });
});
