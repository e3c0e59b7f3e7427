// Issue #3: chat.completions.create, streamed or not, becomes one CLIENT span with the
// GenAI attributes, usage and a cost, while the caller gets the SDK's own objects.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const CHAT_PATH = '/v1/chat/completions';

const bed = useOpenAITestBed(OpenAI);

const onlySpan = () => bed.onlySpan();

describe('chat.completions.create without streaming', () => {
  it('records one CLIENT span with request, response, usage and cost attributes', async () => {
    const completion = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.3,
      seed: 7,
      n: 1,
      stop: ['a', 'b'],
    });

    expect(completion.object).toBe('chat.completion');
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': 0.3,
      'gen_ai.request.seed': 7,
      'gen_ai.request.choice.count': 1,
      'gen_ai.request.stream': false,
      'infraprism.request.stop_sequence_count': 2,
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': completion.model,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'server.address': '127.0.0.1',
      'server.port': bed.provider.port,
      // gpt-4o: 150 × $2.50/1M + 500 × $10/1M = $0.000375 + $0.005 = $0.005375
      'infraprism.cost.usd': 0.005375,
      'infraprism.cost.status': 'priced',
    });
  });

  it('records cached input and reasoning output and prices the cached part at the cached rate', async () => {
    bed.provider.enqueue(CHAT_PATH, {
      kind: 'success',
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 300,
        total_tokens: 1300,
        prompt_tokens_details: { cached_tokens: 800 },
        completion_tokens_details: { reasoning_tokens: 100 },
      },
    });
    await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.reasoning.output_tokens': 100,
      // 200 × $2.50/1M + 800 × $1.25/1M + 300 × $10/1M = 0.0005 + 0.001 + 0.003
      'infraprism.cost.usd': 0.0045,
    });
  });

  it('records unknown_model and no cost for a model missing from the price table', async () => {
    await bed.client.chat.completions.create({ model: 'my-finetune-xyz', messages: [{ role: 'user', content: 'hi' }] });

    const { attributes } = onlySpan();
    expect(attributes['infraprism.cost.status']).toBe('unknown_model');
    expect(attributes).not.toHaveProperty('infraprism.cost.usd');
    expect(attributes['gen_ai.usage.input_tokens']).toBe(150);
  });

  it('records no_usage when the response has no usage block', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', usage: null });
    const completion = await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

    expect(completion.usage ?? undefined).toBeUndefined();
    const { attributes } = onlySpan();
    expect(attributes['infraprism.cost.status']).toBe('no_usage');
    expect(attributes).not.toHaveProperty('infraprism.cost.usd');
    expect(attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
  });

  it('prices by the response model when the request names an alias', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', model: 'gpt-4o-mini-2024-07-18' });
    await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

    const { attributes } = onlySpan();
    expect(attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    // gpt-4o-mini: 150 × $0.15/1M + 500 × $0.60/1M = 0.0000225 + 0.0003
    expect(attributes['infraprism.cost.usd']).toBeCloseTo(0.0003225, 12);
  });
});

describe('chat.completions.create with streaming', () => {
  it('yields the same chunks and ends the span after the last one, with usage when the caller asked for it', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'one two three four', chunks: 4 });
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(bed.tracing.spans()).toHaveLength(0);

    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('one two three four');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(150);

    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': chunks[0]?.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.cost.usd': 0.005375,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeTypeOf('number');
  });

  it('records no_usage for a stream without a usage chunk', async () => {
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const _chunk of stream) {
      // consume
    }
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('hands back the SDK Stream itself: tee() branches and toReadableStream() still work, the span ends once', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c', chunks: 3 });
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(stream.constructor.name).toBe('Stream');
    expect(stream.controller).toBeInstanceOf(AbortController);

    const [left, right] = stream.tee();
    const leftChunks: unknown[] = [];
    for await (const chunk of left) leftChunks.push(chunk);
    const rightChunks: unknown[] = [];
    for await (const chunk of right) rightChunks.push(chunk);
    expect(rightChunks).toEqual(leftChunks);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(500);

    bed.tracing.reset();
    const second = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const reader = second.toReadableStream().getReader();
    let bytes = 0;
    for (let result = await reader.read(); !result.done; result = await reader.read()) bytes += result.value.length;
    expect(bytes).toBeGreaterThan(0);
    expect(bed.tracing.spans()).toHaveLength(1);
  });

  it('ends the span when the caller breaks out of the loop early', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c d e f', chunks: 6 });
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const _chunk of stream) break;

    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['infraprism.cost.status']).toBe('no_usage');
  });
});

describe('the SDK helpers built on create', () => {
  it('keeps .withResponse() and .asResponse() working', async () => {
    const { data, response, request_id } = await bed.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_/);
    expect(onlySpan().attributes['infraprism.cost.usd']).toBe(0.005375);

    const raw = await bed.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .asResponse();
    expect(((await raw.json()) as { object: string }).object).toBe('chat.completion');
  });

  it('.asResponse(): the caller reads the raw body; the span ends when the response arrives, usage_unread', async () => {
    const raw = await bed.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .asResponse();
    // Ended before the caller touched the body, and without reading it.
    await expect.poll(() => bed.tracing.spans().length).toBe(1);
    expect(raw.bodyUsed).toBe(false);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['infraprism.cost.status']).toBe('usage_unread');
    expect(span.attributes['infraprism.cost.usd']).toBeUndefined();
    expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(((await raw.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(500);
  });

  it('.asResponse() on a stream: the caller gets the raw SSE body, one span, usage_unread', async () => {
    const raw = await bed.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .asResponse();
    await expect.poll(() => bed.tracing.spans().length).toBe(1);
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('usage_unread');
    expect(await raw.text()).toContain('data: [DONE]');
    expect(bed.tracing.spans()).toHaveLength(1);
  });
});

describe('errors', () => {
  it('gives the caller the SDK error and marks the span failed with its class, never its message', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'error', status: 400, message: 'the prompt echoed back' });
    const error = await bed.client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    const span = onlySpan();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span.attributes['error.type']).toBe('BadRequestError');
    expect(span.attributes['http.response.status_code']).toBe(400);
    expect(span.events).toHaveLength(0);
    expect(JSON.stringify(span.attributes)).not.toContain('echoed');
  });

  it('records a network failure as APIConnectionError', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'destroySocket' });
    await expect(
      bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(onlySpan().attributes['error.type']).toBe('APIConnectionError');
  });

  it('records a failure in the middle of a stream and rethrows it to the caller', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'a b c d', chunks: 4, cutAfterChunks: 2 });
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const consume = async () => {
      for await (const _chunk of stream) {
        // consume
      }
    };
    await expect(consume()).rejects.toBeDefined();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeTypeOf('string');
  });
});
