// Issue #4, item 1: responses.create (streamed or not), responses.stream() and
// responses.parse() give one `chat` span per request with the Responses usage shape.
import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const RESPONSES_PATH = '/v1/responses';
const bed = useOpenAITestBed(OpenAI);

// Feature detection: i4-matrix runs this file against openai 4 to 7.
const responsesPrototype = (OpenAI as unknown as { Responses?: { prototype?: Record<string, unknown> } }).Responses?.prototype;
const hasResponses = typeof responsesPrototype?.['create'] === 'function';
const hasResponsesParse = typeof responsesPrototype?.['parse'] === 'function';
const hasResponsesStream = typeof responsesPrototype?.['stream'] === 'function';

const onlySpan = () => bed.onlySpan();

const CACHED_AND_REASONING = { input: 1000, cacheRead: 800, output: 300, reasoning: 100 };

describe.skipIf(!hasResponses)('responses.create', () => {
  it('records a chat span with input, cached, output and reasoning tokens and the cost', async () => {
    bed.provider.enqueue(RESPONSES_PATH, { kind: 'success', tokens: CACHED_AND_REASONING });
    const response = await bed.client.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 64, temperature: 0.5 });

    expect(response.output_text).toBe('Hello from the fake provider.');
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.stream': false,
      'gen_ai.response.id': response.id,
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.response.finish_reasons': ['completed'],
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.reasoning.output_tokens': 100,
      'openai.response.service_tier': 'default',
      // 200 × $2.50/1M + 800 × $1.25/1M + 300 × $10/1M = 0.0005 + 0.001 + 0.003
      'infraprism.cost.usd': 0.0045,
      'infraprism.cost.status': 'priced',
    });
  });

  it('records gen_ai.conversation.id from a conversation given as an id or an object', async () => {
    await bed.client.responses.create({ model: 'gpt-4o', input: 'hi', conversation: 'conv_abc' } as never);
    await bed.client.responses.create({ model: 'gpt-4o', input: 'hi', conversation: { id: 'conv_def' } } as never);
    await bed.client.responses.create({ model: 'gpt-4o', input: 'hi', previous_response_id: 'resp_prev' });

    const ids = bed.tracing.spans().map((span) => span.attributes['gen_ai.conversation.id']);
    // previous_response_id names a response, not a conversation.
    expect(ids).toEqual(['conv_abc', 'conv_def', undefined]);
  });

  it('records usage from the response.completed event of a stream and the time to first chunk', async () => {
    bed.provider.enqueue(RESPONSES_PATH, { kind: 'success', id: 'resp_streamed', content: 'a b c', tokens: CACHED_AND_REASONING });
    const stream = await bed.client.responses.create({ model: 'gpt-4o', input: 'hi', stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);

    expect(types.at(0)).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'resp_streamed',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.reasoning.output_tokens': 100,
      'infraprism.cost.usd': 0.0045,
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeTypeOf('number');
  });

  it('records no_usage when a stream is cut before response.completed', async () => {
    bed.provider.enqueue(RESPONSES_PATH, { kind: 'success', content: 'a b c', cutAfterChunks: 4 });
    const stream = await bed.client.responses.create({ model: 'gpt-4o', input: 'hi', stream: true });
    const consume = async () => {
      for await (const _event of stream) {
        // consume
      }
    };
    await expect(consume()).rejects.toBeDefined();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('keeps .withResponse() working and parses once', async () => {
    const { data, response } = await bed.client.responses.create({ model: 'gpt-4o', input: 'hi' }).withResponse();
    expect(data.object).toBe('response');
    expect(response.status).toBe(200);
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('priced');
  });
});

describe.skipIf(!hasResponsesParse)('responses.parse()', () => {
  it('parses structured output once and records one span', async () => {
    bed.provider.enqueue(RESPONSES_PATH, { kind: 'success', content: '{"answer":42}' });
    const parsed = await bed.client.responses.parse({
      model: 'gpt-4o',
      input: 'hi',
      text: {
        format: {
          type: 'json_schema',
          name: 'answer',
          strict: true,
          schema: { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false },
        },
      },
    });
    expect(parsed.output_parsed).toEqual({ answer: 42 });
    expect(bed.provider.requests).toHaveLength(1);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(500);
  });
});

describe.skipIf(!hasResponsesStream)('responses.stream()', () => {
  it('records one span with usage and keeps the helper events and final response', async () => {
    bed.provider.enqueue(RESPONSES_PATH, { kind: 'success', content: 'x y z' });
    const runner = bed.client.responses.stream({ model: 'gpt-4o', input: 'hi' });
    let deltas = '';
    runner.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const final = await runner.finalResponse();
    expect(deltas).toBe('x y z');
    expect(final.status).toBe('completed');
    expect(bed.provider.requests).toHaveLength(1);
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.usage.output_tokens': 500, 'infraprism.cost.usd': 0.005375 });
  });
});
