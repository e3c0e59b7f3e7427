/**
 * Issue #5, items 3 and 4, on Bedrock: `AnthropicBedrock` streams come from
 * `/model/{id}/invoke-with-response-stream` in AWS event-stream binary (base64 Anthropic events in
 * `chunk` frames, failures as `exception` frames), which `@anthropic-ai/bedrock-sdk` transcodes to
 * SSE for the core SDK's own `Stream`. The fake provider encodes those frames with
 * `@smithy/eventstream-codec`, so the SDK's real decoder (lengths, CRCs, base64) runs here.
 *
 * `@anthropic-ai/bedrock-sdk` requires @anthropic-ai/sdk 1.x, so this file runs in the default run only.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ourSpans, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';
import type { FakeReply } from '../../support/fake-provider/index.js';

const bed = useAnthropicTestBed(Anthropic);

const MODEL_ID = 'anthropic.claude-sonnet-4-20250514-v1:0';
const STREAM_PATH = `/model/${MODEL_ID}/invoke-with-response-stream`;
const REQUEST = { model: MODEL_ID, max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Hi' }] };

/** The worked example of issue #6: input 1000, cache read 800, cache write 200 (5m), output 300. */
const CACHE_TOKENS = { input: 1000, cacheRead: 800, cacheWrite: 200, output: 300 };

function bedrockClient(): AnthropicBedrock {
  return new AnthropicBedrock({ baseURL: bed.provider.url, awsRegion: 'us-east-1', skipAuth: true, maxRetries: 0 });
}

function onlySpan() {
  const spans = ourSpans(bed.spans());
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

/** Reads a stream to the end, returning its events or the error it threw. */
async function drain(stream: AsyncIterable<unknown>): Promise<{ events: unknown[]; error?: unknown }> {
  const events: unknown[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events };
}

/** Runs `body` with the SDK unpatched: what an app without us would see. */
async function withoutInstrumentation<T>(body: () => Promise<T>): Promise<T> {
  bed.instrumentation.unpatchModule(Anthropic);
  try {
    return await body();
  } finally {
    bed.instrumentation.patchModule(Anthropic);
  }
}

function expectCacheExampleUsage(attributes: Record<string, unknown>): void {
  expect(attributes).toMatchObject({
    'gen_ai.provider.name': 'aws.bedrock',
    'gen_ai.request.model': MODEL_ID,
    'gen_ai.request.stream': true,
    // Bedrock answers with Anthropic's model name, which prices the Bedrock id.
    'gen_ai.response.model': 'claude-sonnet-4-20250514',
    'gen_ai.response.finish_reasons': ['end_turn'],
    // message_start: input 1000 + cache 800 read + 200 written, output 1; message_delta: output
    // 300 cumulative, so 300 (never 301) and input per semconv 1000 + 800 + 200 = 2000.
    'gen_ai.usage.input_tokens': 2000,
    'gen_ai.usage.output_tokens': 300,
    'gen_ai.usage.cache_read.input_tokens': 800,
    'gen_ai.usage.cache_creation.input_tokens': 200,
    'infraprism.cost.status': 'priced',
  });
  // claude-sonnet-4 per 1M: 1000 × $3 + 800 × $0.30 + 200 × $3.75 (5-minute write) + 300 × $15
  // = 3000 + 240 + 750 + 4500 = 8490 per 1M = $0.00849
  expect(attributes['infraprism.cost.usd']).toBeCloseTo(0.00849, 10);
  expect(typeof attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
}

describe('AnthropicBedrock streamed over AWS event-stream', () => {
  it('messages.create({ stream: true }): one aws.bedrock span, usage merged, priced as the model', async () => {
    bed.provider.enqueue(STREAM_PATH, { kind: 'success', tokens: CACHE_TOKENS });
    const stream = await bedrockClient().messages.create({ ...REQUEST, stream: true, entity_id: 'acme' } as Anthropic.MessageCreateParamsStreaming);
    const { events, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(events.map((event) => (event as { type: string }).type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);

    const request = bed.provider.requests[0]!;
    expect(request.path).toBe(STREAM_PATH);
    expect(Object.keys(request.json as object)).not.toContain('entity_id');
    const span = onlySpan();
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['infraprism.entity.id']).toBe('acme');
    expectCacheExampleUsage(span.attributes);
  });

  it('messages.stream(): events, finalMessage() and withResponse() work; one span with the merged usage', async () => {
    bed.provider.enqueue(STREAM_PATH, { kind: 'success', tokens: CACHE_TOKENS });
    const stream = bedrockClient().messages.stream(REQUEST);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const { response } = await stream.withResponse();
    expect(response.status).toBe(200);
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Hello from the fake provider.');
    expect(message.usage.output_tokens).toBe(300);
    expect(message.usage.cache_read_input_tokens).toBe(800);

    expect(bed.provider.requests).toHaveLength(1);
    expectCacheExampleUsage(onlySpan().attributes);
  });

  it('gives the caller the same Stream class and the same events as an uninstrumented client', async () => {
    const reply: FakeReply = { kind: 'success', id: 'msg_same', tokens: CACHE_TOKENS, toolCalls: [{ id: 'toolu_same', name: 'lookup', arguments: '{"q":"x"}' }], content: 'Sure.' };
    bed.provider.enqueue(STREAM_PATH, reply);
    const traced = await bedrockClient().messages.create({ ...REQUEST, stream: true });
    const tracedRun = await drain(traced);
    expect(ourSpans(bed.spans())).toHaveLength(1);

    bed.provider.enqueue(STREAM_PATH, reply);
    const [plain, plainRun] = await withoutInstrumentation(async () => {
      const stream = await bedrockClient().messages.create({ ...REQUEST, stream: true });
      return [stream, await drain(stream)] as const;
    });
    // The unpatched run made no span: the comparison is against the SDK alone.
    expect(ourSpans(bed.spans())).toHaveLength(1);
    expect(traced.constructor).toBe(plain.constructor);
    expect(tracedRun.events.length).toBeGreaterThan(8);
    expect(tracedRun).toEqual(plainRun);
  });

  it('an exception frame mid-stream: the caller gets the SDK error, the span ends once as ERROR', async () => {
    bed.provider.enqueue(STREAM_PATH, { kind: 'success', streamError: { afterChunks: 4, message: 'Model stream error' } });
    const stream = await bedrockClient().messages.create({ ...REQUEST, stream: true });
    const { events, error } = await drain(stream);
    expect(events.map((event) => (event as { type: string }).type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    // The SDK names the AWS exception as the error event's type.
    expect((error as { error?: { error?: { type?: string } } }).error?.error?.type).toBe('modelStreamErrorException');

    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('APIError');
    // message_start's usage was seen before the failure.
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
    // A second pass over the ended stream cannot end the span again.
    await drain(stream).catch(() => undefined);
    expect(ourSpans(bed.spans())).toHaveLength(1);
  });

  it('an early break ends the span once, without error, with the usage seen so far', async () => {
    const stream = await bedrockClient().messages.create({ ...REQUEST, stream: true });
    for await (const event of stream) {
      if (event.type === 'content_block_start') break;
    }
    const span = onlySpan();
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
    expect(span.attributes['gen_ai.provider.name']).toBe('aws.bedrock');
  });

  it('an abort while the event stream stalls ends the span once as ERROR; the stream just ends, as the SDK does', async () => {
    bed.provider.enqueue(STREAM_PATH, { kind: 'success', stallAfterChunks: 3 });
    const controller = new AbortController();
    const stream = await bedrockClient().messages.create({ ...REQUEST, stream: true }, { signal: controller.signal });
    const consumed = (async () => {
      for await (const event of stream) if (event.type === 'content_block_start') controller.abort();
    })().catch((caught: unknown) => caught);
    // The core SDK's Stream ends quietly when its own signal aborts it.
    expect(await consumed).toBeUndefined();
    await expect.poll(() => ourSpans(bed.spans()).length).toBe(1);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('aborted');
  });

  it('an HTTP error on the streaming endpoint: the SDK error class, one ERROR span', async () => {
    bed.provider.enqueue(STREAM_PATH, { kind: 'error', status: 429, message: 'Too many requests' });
    const error = await bedrockClient()
      .messages.create({ ...REQUEST, stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RateLimitError');
  });
});
