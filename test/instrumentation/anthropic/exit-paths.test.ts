/**
 * Issue #5, item 3 (the exit paths of issue #4): whatever ends an Anthropic call, its span ends
 * exactly once, with the right status, and the caller gets the SDK's own outcome.
 */
import Anthropic from '@anthropic-ai/sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ourSpans, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';

const bed = useAnthropicTestBed(Anthropic);

const REQUEST = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Hi' }] };

async function oneSpan() {
  await expect.poll(() => ourSpans(bed.spans()).length).toBe(1);
  return ourSpans(bed.spans())[0]!;
}

describe('exit paths of an Anthropic call', () => {
  it('network error: ERROR with the SDK connection error class', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'destroySocket' });
    const error = await bed.client.messages.create(REQUEST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    const span = await oneSpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('APIConnectionError');
  });

  it('timeout: ERROR with the SDK timeout error class', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'hang' });
    const error = await bed.client.messages.create(REQUEST, { timeout: 200 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    const span = await oneSpan();
    expect(span.attributes['error.type']).toBe('APIConnectionTimeoutError');
  });

  it('abort before the request is answered: ERROR, the caller gets the SDK abort error', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'hang' });
    const controller = new AbortController();
    const pending = bed.client.messages.create(REQUEST, { signal: controller.signal }).catch((caught: unknown) => caught);
    await bed.provider.waitForRequests(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Anthropic.APIUserAbortError);
    const span = await oneSpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a stream cut mid-way: ERROR, once', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', cutAfterChunks: 2 });
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    const error = await (async () => {
      for await (const event of stream) void event;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const span = await oneSpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('tee() consumed at two speeds: one span with the full usage', async () => {
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    const [fast, slow] = stream.tee();
    for await (const event of fast) void event;
    let count = 0;
    for await (const event of slow) {
      void event;
      count++;
    }
    expect(count).toBeGreaterThan(3);
    const span = await oneSpan();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(500);
    expect(ourSpans(bed.spans())).toHaveLength(1);
  });

  it('return() on the iterator ends the span without error', async () => {
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    const span = await oneSpan();
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
