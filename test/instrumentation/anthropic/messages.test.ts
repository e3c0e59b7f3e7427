/**
 * Issue #5, items 1–3: `messages.create` (streamed or not), `messages.stream()`, `parse()`,
 * `beta.messages.*` and `countTokens`, with the real `@anthropic-ai/sdk` over HTTP against the
 * fake provider's documented JSON and SSE shapes.
 */
import Anthropic from '@anthropic-ai/sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { hasClass, ourSpans, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';
import { findCanaries, makeCanaries } from '../../support/canaries.js';
import { formatSseFrame, SSE_CONTENT_TYPE } from '../../support/fake-provider/index.js';

const bed = useAnthropicTestBed(Anthropic);

const REQUEST = {
  model: 'claude-sonnet-4-20250514',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};

/** The worked example of issue #6: input 1000, cache read 800, cache write 200, output 300. */
function cacheUsage(ttl: '5m' | '1h'): Record<string, unknown> {
  return {
    input_tokens: 1000,
    cache_read_input_tokens: 800,
    cache_creation_input_tokens: 200,
    cache_creation: {
      ephemeral_5m_input_tokens: ttl === '5m' ? 200 : 0,
      ephemeral_1h_input_tokens: ttl === '1h' ? 200 : 0,
    },
    output_tokens: 300,
    service_tier: 'standard',
  };
}

function onlySpan() {
  const spans = ourSpans(bed.spans());
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('messages.create', () => {
  it('records a chat span with inclusive input tokens and the 5-minute cache price', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', model: 'claude-sonnet-4-20250514', usage: cacheUsage('5m') });
    const message = await bed.client.messages.create(REQUEST);
    expect(message.usage.input_tokens).toBe(1000);

    const span = onlySpan();
    expect(span.name).toBe('chat claude-sonnet-4-20250514');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-20250514',
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.response.finish_reasons': ['end_turn'],
      // 1000 uncached + 800 read + 200 written: semconv's input count includes the cache.
      'gen_ai.usage.input_tokens': 2000,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.cache_creation.input_tokens': 200,
      'anthropic.response.service_tier': 'standard',
      'infraprism.cost.status': 'priced',
    });
    // claude-sonnet-4 per 1M tokens: input $3, cache read $0.30, 5-minute write $3.75, output $15.
    //   1000 × 3 + 800 × 0.30 + 200 × 3.75 + 300 × 15 = 3000 + 240 + 750 + 4500 = 8490 per 1M
    //   = $0.00849
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(0.00849, 10);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('prices 1-hour cache writes at twice the input price', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', model: 'claude-sonnet-4-20250514', usage: cacheUsage('1h') });
    await bed.client.messages.create(REQUEST);
    // Same call with the 200 written tokens on the 1-hour TTL ($6 per 1M instead of $3.75):
    //   3000 + 240 + 200 × 6 + 4500 = 3000 + 240 + 1200 + 4500 = 8940 per 1M = $0.00894
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(200);
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(0.00894, 10);
  });

  it('records server-side web searches', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', tokens: { webSearchRequests: 3 } });
    await bed.client.messages.create({ ...REQUEST, model: 'claude-haiku-4-5' });
    expect(onlySpan().attributes['infraprism.usage.web_search_requests']).toBe(3);
  });

  it('keeps entity and tags from Anthropic and puts them on the span', async () => {
    await bed.client.messages.create({
      ...REQUEST,
      entity_type: 'customer',
      entity_id: 'acme',
      tags: { feature: 'summary' },
    } as Anthropic.MessageCreateParamsNonStreaming);
    const sent = bed.provider.requests[0]!.json as Record<string, unknown>;
    expect(Object.keys(sent)).not.toContain('entity_type');
    expect(Object.keys(sent)).not.toContain('entity_id');
    expect(Object.keys(sent)).not.toContain('tags');
    expect(onlySpan().attributes).toMatchObject({
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'acme',
      'infraprism.tag.feature': 'summary',
    });
  });

  it('hands back the same APIPromise: withResponse() still works and parses once', async () => {
    const { data, response } = await bed.client.messages.create(REQUEST).withResponse();
    expect(response.status).toBe(200);
    expect(data.type).toBe('message');
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(500);
  });

  it('ends the span as ERROR with the SDK class and no provider message on an HTTP error', async () => {
    const canaries = makeCanaries('anthropic_error');
    bed.provider.enqueue('/v1/messages', { kind: 'error', status: 429, message: canaries.errorMessage });
    const error = await bed.client.messages.create(REQUEST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RateLimitError');
    expect(span.attributes['http.response.status_code']).toBe(429);
    expect(findCanaries(JSON.stringify({ a: span.attributes, s: span.status, e: span.events }), canaries)).toEqual([]);
  });

  it('never records content: canaries in every field stay off the span', async () => {
    const canaries = makeCanaries('anthropic_content');
    bed.provider.enqueue('/v1/messages', {
      kind: 'success',
      content: canaries.responseContent,
      toolCalls: [{ name: canaries.toolName, arguments: JSON.stringify({ q: canaries.toolCallArguments }) }],
    });
    await bed.client.messages.create({
      ...REQUEST,
      system: canaries.systemMessage,
      stop_sequences: [canaries.assistantMessage],
      messages: [{ role: 'user', content: canaries.userMessage }],
      tools: [
        {
          name: canaries.toolName,
          description: canaries.toolDescription,
          input_schema: { type: 'object', properties: { [canaries.toolParameters]: { type: 'string' } } },
        },
      ],
    });
    const span = onlySpan();
    expect(span.attributes['infraprism.request.stop_sequence_count']).toBe(1);
    expect(findCanaries(JSON.stringify({ n: span.name, a: span.attributes, e: span.events }), canaries)).toEqual([]);
  });
});

describe('messages.create().asResponse()', () => {
  it('the caller reads the raw body; our span ends when the response arrives, usage_unread', async () => {
    const raw = await bed.client.messages.create(REQUEST).asResponse();
    await expect.poll(() => ourSpans(bed.spans()).length).toBe(1);
    expect(raw.bodyUsed).toBe(false);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['infraprism.cost.status']).toBe('usage_unread');
    expect(span.attributes['infraprism.cost.usd']).toBeUndefined();
    expect(((await raw.json()) as { usage: { output_tokens: number } }).usage.output_tokens).toBe(500);
  });

  it('.withResponse() still parses: priced as usual', async () => {
    const { data } = await bed.client.messages.create(REQUEST).withResponse();
    expect(data.usage.output_tokens).toBe(500);
    await expect.poll(() => ourSpans(bed.spans()).length).toBe(1);
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('priced');
  });
});

describe('streamed messages', () => {
  it('overwrites usage with each cumulative message_delta instead of adding', async () => {
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');

    const span = onlySpan();
    // message_start says output_tokens: 1, message_delta the cumulative 500: 500, never 501.
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(500);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
    expect(typeof span.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    // claude-sonnet-4: 150 × $3 + 500 × $15 = 450 + 7500 = 7950 per 1M = $0.00795
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(0.00795, 10);
  });

  it('keeps message_start cache counts when message_delta repeats only output tokens', async () => {
    // Older API versions: message_delta's usage is `{ output_tokens }` alone, so the input and
    // cache counts of message_start must survive it.
    const start = { ...cacheUsage('5m'), output_tokens: 1 };
    const event = (type: string, data: Record<string, unknown>): string => formatSseFrame({ type, ...data }, type);
    const body = [
      event('message_start', {
        message: { id: 'msg_old', type: 'message', role: 'assistant', model: REQUEST.model, content: [], stop_reason: null, stop_sequence: null, usage: start },
      }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 300 } }),
      event('message_stop', {}),
    ].join('');
    bed.provider.enqueue('/v1/messages', { kind: 'raw', headers: { 'content-type': SSE_CONTENT_TYPE }, body });
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    for await (const event of stream) void event;
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(2000);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(300);
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(0.00849, 10);
  });

  it('never records streamed content: text and tool-input deltas stay off the span', async () => {
    const canaries = makeCanaries('anthropic_stream');
    bed.provider.enqueue('/v1/messages', {
      kind: 'success',
      content: canaries.responseContent,
      toolCalls: [{ name: canaries.toolName, arguments: JSON.stringify({ q: canaries.toolCallArguments }) }],
    });
    const message = await bed.client.messages
      .stream({ ...REQUEST, messages: [{ role: 'user', content: canaries.userMessage }] })
      .finalMessage();
    expect(JSON.stringify(message.content)).toContain(canaries.responseContent);
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
    expect(findCanaries(JSON.stringify({ n: span.name, a: span.attributes, e: span.events }), canaries)).toEqual([]);
  });

  it('ends the span once when the caller breaks out early', async () => {
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    for await (const event of stream) {
      if (event.type === 'message_start') break;
    }
    const span = onlySpan();
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
  });

  it('ends the span as ERROR on an error event mid-stream, and the caller gets the SDK error', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', streamError: { afterChunks: 2 } });
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true });
    const error = await (async () => {
      for await (const event of stream) void event;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('ends the span when the caller aborts while the stream stalls', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', stallAfterChunks: 2 });
    const controller = new AbortController();
    const stream = await bed.client.messages.create({ ...REQUEST, stream: true }, { signal: controller.signal });
    const consumed = (async () => {
      for await (const event of stream) if (event.type === 'message_start') controller.abort();
    })().catch((caught: unknown) => caught);
    await consumed;
    await expect.poll(() => ourSpans(bed.spans()).length).toBe(1);
  });
});

describe('messages.stream()', () => {
  it('keeps MessageStream events, finalMessage() and withResponse() working, one span per request', async () => {
    const stream = bed.client.messages.stream(REQUEST);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const { response } = await stream.withResponse();
    expect(response.status).toBe(200);
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Hello from the fake provider.');
    expect(message.usage.output_tokens).toBe(500);

    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(500);
    expect(bed.provider.requests).toHaveLength(1);
  });

  it('ends the span when the MessageStream is aborted', async () => {
    bed.provider.enqueue('/v1/messages', { kind: 'success', stallAfterChunks: 2 });
    const stream = bed.client.messages.stream(REQUEST);
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') stream.abort();
    });
    await stream.done().catch(() => undefined);
    await expect.poll(() => ourSpans(bed.spans()).length).toBe(1);
  });
});

describe.skipIf(typeof (Anthropic.Messages.prototype as { parse?: unknown }).parse !== 'function')('messages.parse()', () => {
  it('gives one span for the request it makes', async () => {
    const parse = (bed.client.messages as unknown as { parse(body: unknown): Promise<unknown> }).parse;
    await parse.call(bed.client.messages, REQUEST);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(500);
  });
});

describe.skipIf(!hasClass(Anthropic, 'Beta', 'Messages'))('beta.messages', () => {
  it('traces create and stream like messages', async () => {
    await bed.client.beta.messages.create(REQUEST);
    const final = await bed.client.beta.messages.stream(REQUEST).finalMessage();
    expect(final.usage.output_tokens).toBe(500);
    const spans = ourSpans(bed.spans());
    expect(spans).toHaveLength(2);
    expect(spans.map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([500, 500]);
    expect(bed.provider.requests.map((request) => request.path)).toEqual(['/v1/messages', '/v1/messages']);
  });
});

describe.skipIf(typeof (Anthropic.Messages.prototype as { countTokens?: unknown }).countTokens !== 'function')(
  'messages.countTokens',
  () => {
    it('makes no span and no cost, and keeps our params from Anthropic', async () => {
      const counted = await bed.client.messages.countTokens({
        model: REQUEST.model,
        messages: REQUEST.messages,
        entity_id: 'acme',
      } as Anthropic.MessageCountTokensParams);
      expect(counted.input_tokens).toBe(150);
      expect(Object.keys(bed.provider.requests[0]!.json as object)).not.toContain('entity_id');
      expect(bed.spans()).toHaveLength(0);
    });
  },
);
