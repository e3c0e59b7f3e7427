/**
 * Bedrock's InvokeModel and InvokeModelWithResponseStream: the body is the vendor's own JSON, read
 * by its shape. Anthropic bodies give cache reads and writes and the response model; Amazon Nova
 * and Meta Llama their own counts; a stream without usage of its own falls back to Bedrock's
 * `amazon-bedrock-invocationMetrics`. The caller's body bytes and chunks stay untouched.
 */
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, type ResponseStream } from '@aws-sdk/client-bedrock-runtime';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useBedrockTestBed } from '../../support/bedrock-test-bed.js';
import { bedrockPath } from '../../support/fake-provider/index.js';

const bed = useBedrockTestBed();

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';
const LLAMA = 'meta.llama3-8b-instruct-v1:0';

const decoder = new TextDecoder();

function anthropicBody(): string {
  return JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
}

function onlySpan() {
  const spans = bed.spans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

async function readChunks(body: AsyncIterable<ResponseStream> | undefined): Promise<unknown[]> {
  const payloads: unknown[] = [];
  for await (const event of body ?? []) payloads.push(JSON.parse(decoder.decode(event.chunk?.bytes)));
  return payloads;
}

describe('InvokeModel', () => {
  it('reads an Anthropic body: response id and model, cache-aware usage, the Bedrock price', async () => {
    bed.provider.enqueue(bedrockPath(CLAUDE, 'invoke'), { tokens: { input: 100, cacheRead: 1_000, cacheWrite: 200, output: 50 } });
    const output = await bed.client.send(new InvokeModelCommand({ modelId: CLAUDE, body: anthropicBody() }));
    // The caller can still read its body as the SDK gave it.
    expect(JSON.parse(output.body.transformToString())).toMatchObject({ type: 'message', usage: { input_tokens: 100 } });

    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': CLAUDE,
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 1_300,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      'gen_ai.usage.output_tokens': 50,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['gen_ai.response.id']).toMatch(/^msg_fake/);
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
  });

  it('reads an Amazon Nova body and prices it', async () => {
    bed.provider.enqueue(bedrockPath(NOVA, 'invoke'), { tokens: { input: 1_000, cacheRead: 500, output: 200 } });
    await bed.client.send(new InvokeModelCommand({ modelId: NOVA, body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }) }));
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 1_500,
      'gen_ai.usage.cache_read.input_tokens': 500,
      'gen_ai.usage.output_tokens': 200,
      'infraprism.cost.status': 'priced',
    });
    // Nova Pro: $0.80 input, $0.20 cache read, $3.20 output per 1M.
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((1_000 * 0.8 + 500 * 0.2 + 200 * 3.2) / 1e6, 12);
  });

  it('reads a Meta Llama body and prices it', async () => {
    await bed.client.send(new InvokeModelCommand({ modelId: LLAMA, body: JSON.stringify({ prompt: 'Hi' }) }));
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.cost.status': 'priced',
    });
    // Llama 3 8B: $0.30 input, $0.60 output per 1M.
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((150 * 0.3 + 500 * 0.6) / 1e6, 12);
  });

  it('names an embedding model call embeddings', async () => {
    bed.provider.enqueue(bedrockPath('amazon.titan-embed-text-v2:0', 'invoke'), {
      kind: 'raw',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ embedding: [0.1, 0.2], inputTextTokenCount: 7 }),
    });
    await bed.client.send(new InvokeModelCommand({ modelId: 'amazon.titan-embed-text-v2:0', body: JSON.stringify({ inputText: 'Hi' }) }));
    const span = onlySpan();
    expect(span.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(7);
  });

  it('records no_usage for a body it cannot read, and never fails the call', async () => {
    bed.provider.enqueue(bedrockPath(LLAMA, 'invoke'), { kind: 'raw', headers: { 'content-type': 'application/json' }, body: 'not json' });
    const output = await bed.client.send(new InvokeModelCommand({ modelId: LLAMA, body: '{}' }));
    expect(output.body.transformToString()).toBe('not json');
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('fails the span on an HTTP error', async () => {
    bed.provider.enqueue(bedrockPath(NOVA, 'invoke'), { kind: 'error', status: 400 });
    await expect(bed.client.send(new InvokeModelCommand({ modelId: NOVA, body: '{}' }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(onlySpan().attributes).toMatchObject({ 'error.type': 'ValidationException', 'http.response.status_code': 400 });
  });
});

describe('InvokeModelWithResponseStream', () => {
  it('merges Anthropic message_start and message_delta usage, chunks untouched', async () => {
    bed.provider.enqueue(bedrockPath(CLAUDE, 'invoke-with-response-stream'), { tokens: { input: 100, cacheRead: 1_000, output: 50 } });
    const output = await bed.client.send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: anthropicBody() }));
    const payloads = (await readChunks(output.body)) as { type: string }[];
    expect(payloads.map((payload) => payload.type)).toContain('message_delta');

    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 1_100,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      // message_delta's cumulative count overwrites message_start's 1: never added.
      'gen_ai.usage.output_tokens': 50,
      'infraprism.cost.status': 'priced',
    });
  });

  it('reads the Nova metadata chunk', async () => {
    bed.provider.enqueue(bedrockPath(NOVA, 'invoke-with-response-stream'), { tokens: { input: 40, output: 30 } });
    const output = await bed.client.send(new InvokeModelWithResponseStreamCommand({ modelId: NOVA, body: '{}' }));
    await readChunks(output.body);
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 30,
      'infraprism.cost.status': 'priced',
    });
  });

  it("takes Llama's usage from Bedrock's invocation metrics on the last chunk", async () => {
    bed.provider.enqueue(bedrockPath(LLAMA, 'invoke-with-response-stream'), { tokens: { input: 12, output: 34 } });
    const output = await bed.client.send(new InvokeModelWithResponseStreamCommand({ modelId: LLAMA, body: '{}' }));
    const payloads = (await readChunks(output.body)) as { generation: string }[];
    expect(payloads.map((payload) => payload.generation).join('')).toBe('Hello from the fake provider.');
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 34,
      'infraprism.cost.status': 'priced',
    });
  });

  it('fails the span on an exception frame, ends it once on an early break', async () => {
    bed.provider.enqueue(bedrockPath(CLAUDE, 'invoke-with-response-stream'), { streamError: { afterChunks: 2 } });
    const failing = await bed.client.send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: anthropicBody() }));
    await expect(readChunks(failing.body)).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    expect(onlySpan().attributes['error.type']).toBe('ModelStreamErrorException');

    bed.exporter.reset();
    const broken = await bed.client.send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: anthropicBody() }));
    for await (const _event of broken.body ?? []) break;
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // message_start came, with the input count: priced from what was seen.
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
  });
});
