// Issue #4, items 3 and 4: every way a call can end ends its span exactly once, with
// what is known and the right status; the caller receives the SDK's own error, and
// the span carries its class (or HTTP status), never its message.
import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';
import { collectGarbageUntil } from '../../support/collect-garbage.js';

const CHAT_PATH = '/v1/chat/completions';
const bed = useOpenAITestBed(OpenAI);
const messages = [{ role: 'user' as const, content: 'hi' }];

const onlySpan = () => bed.onlySpan();

function client(options: { maxRetries?: number; timeout?: number } = {}): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL: bed.provider.openaiBaseURL, maxRetries: 0, ...options });
}

async function consume(stream: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _chunk of stream) count += 1;
  return count;
}

describe('failed requests', () => {
  it('ends one span after the SDK has used up its retries, with the last status', async () => {
    const busy = { kind: 'error' as const, status: 503, message: 'echo of the prompt', headers: { 'retry-after-ms': '1' } };
    bed.provider.enqueue(CHAT_PATH, busy, busy, busy);
    const error = await client({ maxRetries: 2 }).chat.completions.create({ model: 'gpt-4o', messages }).catch((caught: unknown) => caught);

    expect(bed.provider.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const span = onlySpan();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span.attributes).toMatchObject({ 'error.type': 'InternalServerError', 'http.response.status_code': 503 });
    expect(JSON.stringify([span.name, span.attributes, span.events, span.status])).not.toContain('echo of the prompt');
  });

  it('records a timeout as APIConnectionTimeoutError', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'hang' });
    const error = await client({ timeout: 100 }).chat.completions.create({ model: 'gpt-4o', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(onlySpan().attributes['error.type']).toBe('APIConnectionTimeoutError');
  });

  it('records an AbortSignal fired before the response as APIUserAbortError', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'hang' });
    const controller = new AbortController();
    const pending = bed.client.chat.completions.create({ model: 'gpt-4o', messages }, { signal: controller.signal });
    await bed.provider.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(onlySpan().attributes['error.type']).toBe('APIUserAbortError');
  });

  it('records an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(bed.client.chat.completions.create({ model: 'gpt-4o', messages }, { signal: controller.signal })).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(onlySpan().status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('streams', () => {
  it('ends as aborted when the caller aborts mid-stream, which the SDK ends quietly', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c d', chunks: 4, stallAfterChunks: 2 });
    const controller = new AbortController();
    const stream = await bed.client.chat.completions.create({ model: 'gpt-4o', messages, stream: true }, { signal: controller.signal });
    let seen = 0;
    const outcome = await (async () => {
      for await (const _chunk of stream) {
        seen += 1;
        if (seen === 2) controller.abort();
      }
      return 'ended';
    })().catch((error: unknown) => error);

    // openai 4 to 7 end the iteration without an error; either way one span ends.
    expect(outcome === 'ended' || outcome instanceof Error).toBe(true);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(['aborted', 'APIUserAbortError']).toContain(span.attributes['error.type']);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeTypeOf('number');
  });

  it('gives the caller the very error of a provider error event mid-stream and records its class', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c', streamError: { afterChunks: 2, message: 'the prompt again' } });
    const stream = await bed.client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    const error = await consume(stream).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.APIError);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe((error as Error).constructor.name);
    expect(JSON.stringify([span.name, span.attributes, span.events, span.status])).not.toContain('the prompt again');
  });

  it('ends once when the caller calls return() on the iterator', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c d', chunks: 4 });
    const stream = await bed.client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    await iterator.return?.();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends once when tee() branches are read at different speeds, and both get every chunk', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c d e', chunks: 5 });
    const stream = await bed.client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
    const [fast, slow] = stream.tee();
    const slowIterator = slow[Symbol.asyncIterator]();
    const first = await slowIterator.next();
    const fastCount = await consume(fast);
    expect(bed.tracing.spans()).toHaveLength(1);
    let slowCount = first.done ? 0 : 1;
    for (let next = await slowIterator.next(); !next.done; next = await slowIterator.next()) slowCount += 1;

    expect(slowCount).toBe(fastCount);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(500);
  });

  it('ends the span of a stream that is never consumed once it is garbage collected', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', stallAfterChunks: 1 });
    await (async () => {
      const stream = await bed.client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
      expect(stream).toBeDefined();
    })();
    await collectGarbageUntil(() => bed.tracing.spans().length > 0);
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('ends the span of a stream abandoned halfway without return() once it is collected', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c d', chunks: 4, stallAfterChunks: 3 });
    await (async () => {
      const stream = await bed.client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
    })();
    await collectGarbageUntil(() => bed.tracing.spans().length > 0);
    expect(bed.tracing.spans()).toHaveLength(1);
  });
});

describe('promises', () => {
  it('ends the span of a call whose promise is never awaited once it is collected', async () => {
    (() => {
      void bed.client.chat.completions.create({ model: 'gpt-4o', messages });
    })();
    await bed.provider.waitForRequests(1);
    await collectGarbageUntil(() => bed.tracing.spans().length > 0);
    expect(bed.tracing.spans()).toHaveLength(1);
  });
});

describe('awaited promises while the garbage collector runs', () => {
  // openai 4 (and @anthropic-ai/sdk 0.x) parse with `responsePromise.then(this.parseResponse)`:
  // once awaited, nothing keeps the APIPromise itself alive while the request is in flight. Its
  // collection must not end the span early: the span ends with the response, usage included.
  it('ends an awaited call with its usage even when its APIPromise is collected in flight', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const gatedFetch: typeof fetch = async (input, init) => {
      await gate;
      return fetch(input, init);
    };
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: bed.provider.openaiBaseURL, maxRetries: 0, fetch: gatedFetch });
    const completion = (() => client.chat.completions.create({ model: 'gpt-4o', messages }).then((value) => value))();
    await collectGarbageUntil(() => bed.tracing.spans().length > 0);
    expect(bed.tracing.spans()).toHaveLength(0);
    openGate();
    await completion;
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.usage.output_tokens': 500, 'infraprism.cost.status': 'priced' });
  });
});
