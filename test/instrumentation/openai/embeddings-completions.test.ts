// Issue #4, item 1: embeddings.create (`embeddings`) and legacy completions.create
// (`text_completion`) are one span each with tokens and cost.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);

const onlySpan = () => bed.onlySpan();

describe('embeddings.create', () => {
  it('records an embeddings span with input tokens, dimensions and cost, and the SDK still decodes the vectors', async () => {
    const result = await bed.client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 });

    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(4);
    const span = onlySpan();
    expect(span.name).toBe('embeddings text-embedding-3-small');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.embeddings.dimension.count': 4,
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 0,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['infraprism.cost.usd']).toBeGreaterThan(0);
  });

  it('records the encoding format the caller asked for', async () => {
    await bed.client.embeddings.create({ model: 'text-embedding-3-small', input: 'a', encoding_format: 'float' });
    expect(onlySpan().attributes['gen_ai.request.encoding_formats']).toEqual(['float']);
  });

  it('takes per-call attribution params off the request and onto the span, as for chat', async () => {
    await bed.client.embeddings.create({ model: 'text-embedding-3-small', input: 'a', entity_type: 'customer', entity_id: 'acme' } as never);
    expect(bed.provider.requests[0]?.json).not.toHaveProperty('entity_id');
    expect(onlySpan().attributes).toMatchObject({ 'infraprism.entity.type': 'customer', 'infraprism.entity.id': 'acme' });
  });

  it('keeps .withResponse() working', async () => {
    const { data, response } = await bed.client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' }).withResponse();
    expect(data.object).toBe('list');
    expect(response.status).toBe(200);
    expect(onlySpan().attributes['gen_ai.usage.input_tokens']).toBe(150);
  });
});

describe('legacy completions.create', () => {
  it('records a text_completion span with usage, finish reason and cost', async () => {
    const completion = await bed.client.completions.create({ model: 'gpt-4o-mini', prompt: 'hi', max_tokens: 16 });

    expect(completion.object).toBe('text_completion');
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.request.max_tokens': 16,
      'gen_ai.response.id': completion.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
    });
    // gpt-4o-mini: 150 × $0.15/1M + 500 × $0.60/1M
    expect(onlySpan().attributes['infraprism.cost.usd']).toBeCloseTo(0.0003225, 12);
  });

  it('streams with usage when the caller asks for it', async () => {
    const stream = await bed.client.completions.create({ model: 'gpt-4o-mini', prompt: 'hi', stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Hello from the fake provider.');
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.output_tokens': 500 });
  });
});
