// The ai:telemetry subscriber on its own, without `ai` installed: messages of the shapes `ai` 7
// publishes (see test/matrix/ai-v7 for the real AI SDK), and malformed ones, published on the real
// TracingChannel. The traced work always gets its own result or error back, nothing of ours is
// thrown into the publisher (Node would rethrow it as an uncaught exception), and a provider call
// still ends its one span.
import { tracingChannel } from 'node:diagnostics_channel';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../../src/attribution/index.js';
import { AI_SDK_TELEMETRY_CHANNEL, subscribeToAiSdkTelemetry, unsubscribeFromAiSdkTelemetry } from '../../../src/instrumentation/ai-sdk/telemetry-channel.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const channel = tracingChannel(AI_SDK_TELEMETRY_CHANNEL);
const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => void uncaught.push(error);

beforeAll(() => {
  ensureContextManager();
  subscribeToAiSdkTelemetry(() => provider.getTracer('test'));
  process.on('uncaughtException', onUncaught);
});
afterAll(async () => {
  unsubscribeFromAiSdkTelemetry();
  process.off('uncaughtException', onUncaught);
  await provider.shutdown();
});
afterEach(() => exporter.reset());

/** Publishes `message` as `ai` does (`tracePromise`) around work that resolves to `result`. */
async function publish(message: object, result: unknown): Promise<unknown> {
  const returned = await channel.tracePromise(async () => result, message);
  // Node reports a subscriber's exception on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  return returned;
}

const usage = { inputTokens: { total: 1_300, noCache: 100, cacheRead: 1_000, cacheWrite: 200 }, outputTokens: { total: 50, text: 50 } };

describe('the ai:telemetry subscriber', () => {
  it('makes a languageModelCall one priced span and hands the work its result unchanged', async () => {
    const result = { usage, finishReason: { unified: 'stop', raw: 'end_turn' }, response: { id: 'msg_1', modelId: 'claude-sonnet-4-0' }, content: [] };
    const message = { type: 'languageModelCall', event: { callId: 'call_1', provider: 'anthropic.messages', modelId: 'claude-sonnet-4-0', messages: ['not read'] } };
    expect(await publish(message, result)).toBe(result);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.response.id': 'msg_1',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 1_300,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      'gen_ai.usage.cache_creation.input_tokens': 200,
      'infraprism.cost.status': 'priced',
    });
    expect(uncaught).toEqual([]);
  });

  it('prices an Anthropic 1-hour cache write as such, from the raw usage', async () => {
    const raw = { cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 200 } };
    const message = { type: 'languageModelCall', event: { callId: 'call_2', provider: 'anthropic.messages', modelId: 'claude-sonnet-4-0' } };
    await publish(message, { usage: { ...usage, raw } });
    // claude-sonnet-4: $3 input, $0.30 cache read, $6 1-hour write, $15 output per 1M.
    expect(exporter.getFinishedSpans()[0]!.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 6 + 50 * 15) / 1e6, 12);
  });

  it.each([
    ['no event', { type: 'languageModelCall' }],
    ['an unknown type', { type: 'somethingNew', event: { callId: 'x' } }],
    ['a non-string type', { type: 42, event: {} }],
    [
      'an event whose fields throw',
      {
        type: 'languageModelCall',
        get event(): unknown {
          throw new Error('boom');
        },
      },
    ],
  ])('stays out of the way of a message with %s', async (_name, message) => {
    const result = { anything: true };
    expect(await publish(message, result)).toBe(result);
    expect(uncaught).toEqual([]);
  });

  it('ends the span with no usage when the result is not what a provider call returns', async () => {
    const message = { type: 'languageModelCall', event: { callId: 'call_3', provider: 'openai.chat', modelId: 'gpt-4o' } };
    await publish(message, { usage: { inputTokens: 'many', outputTokens: null } });
    await publish({ ...message }, undefined);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.attributes['infraprism.cost.status'])).toEqual(['no_usage', 'no_usage']);
    expect(uncaught).toEqual([]);
  });

  it('hands a failed call its own error and ends the span as failed', async () => {
    const error = Object.assign(new Error('bad request'), { statusCode: 429 });
    const message = { type: 'languageModelCall', event: { callId: 'call_4', provider: 'openai.chat', modelId: 'gpt-4o' } };
    await expect(
      channel.tracePromise(async () => {
        throw error;
      }, message),
    ).rejects.toBe(error);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({ 'error.type': '429', 'http.response.status_code': 429 });
    expect(spans[0]!.status.message).toBeUndefined();
  });
});
