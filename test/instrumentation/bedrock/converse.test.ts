/**
 * Bedrock's Converse and ConverseStream through the real `@aws-sdk/client-bedrock-runtime`
 * against the fake provider: one CLIENT span per call with the request model, stop reason,
 * usage (cache reads and writes added to input, as Bedrock reports them apart), the cost from
 * the table's `aws` prices, and the caller's output and events untouched.
 */
import { BedrockRuntime, ConverseCommand, ConverseStreamCommand, type ConverseStreamOutput, type Message } from '@aws-sdk/client-bedrock-runtime';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withEntity, withTags } from '../../../src/index.js';
import { bedrockClientConfig, useBedrockTestBed } from '../../support/bedrock-test-bed.js';
import { bedrockPath } from '../../support/fake-provider/index.js';
import { collectGarbageUntil } from '../../support/collect-garbage.js';

const bed = useBedrockTestBed();

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const MESSAGES: Message[] = [{ role: 'user', content: [{ text: 'Hi' }] }];

function onlySpan() {
  const spans = bed.spans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('Converse', () => {
  it('records model, stop reason, cache-aware usage and the Bedrock price of claude-sonnet-4', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse'), { tokens: { input: 100, cacheRead: 1_000, cacheWrite: 200, output: 50 } });
    const output = await bed.client.send(
      new ConverseCommand({ modelId: MODEL, messages: MESSAGES, inferenceConfig: { maxTokens: 256, temperature: 0.5, topP: 0.9, stopSequences: ['x'] } }),
    );
    expect(output.usage).toMatchObject({ inputTokens: 100, cacheReadInputTokens: 1_000, cacheWriteInputTokens: 200, outputTokens: 50 });

    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.instrumentationScope.name).toBe('infraprism-bedrock');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.stream': false,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_p': 0.9,
      'infraprism.request.stop_sequence_count': 1,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 1_300,
      'gen_ai.usage.output_tokens': 50,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      'infraprism.cost.status': 'priced',
    });
    // claude-sonnet-4 on Bedrock: $3 input, $0.30 cache read, $3.75 cache write, $15 output per 1M.
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('counts cache writes of both TTLs as input (cacheDetails)', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse'), {
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 1_015, cacheWriteInputTokens: 1_000, cacheDetails: [{ ttl: '1h', inputTokens: 600 }, { ttl: '5m', inputTokens: 400 }] },
    });
    await bed.client.send(new ConverseCommand({ modelId: MODEL, messages: MESSAGES }));
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(1_010);
    expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(1_000);
    expect(span.attributes['infraprism.cost.status']).toBe('priced');
  });

  it('attributes the call from context and from entity fields in the input, which are never sent', async () => {
    const input = { modelId: MODEL, messages: MESSAGES, entity_type: 'team', entity_id: 'search', tags: { feature: 'answers' } };
    await withEntity({ type: 'customer', id: 'acme' }, () =>
      withTags({ env: 'test' }, () => bed.client.send(new ConverseCommand(input))),
    );
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'infraprism.entity.type': 'team',
      'infraprism.entity.id': 'search',
      'infraprism.tag.feature': 'answers',
      'infraprism.tag.env': 'test',
    });
    const sent = bed.provider.requests[0]!.rawBody;
    expect(sent).not.toContain('entity');
    expect(sent).not.toContain('answers');
  });

  it('prices an unknown model as unknown_model, never as zero', async () => {
    await bed.client.send(new ConverseCommand({ modelId: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', messages: MESSAGES }));
    const span = onlySpan();
    expect(span.attributes['infraprism.cost.status']).toBe('unknown_model');
    expect(span.attributes['infraprism.cost.usd']).toBeUndefined();
  });

  it('records the modelled exception and status of an HTTP error, never its message', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse'), { kind: 'error', status: 429, message: 'secret-ish text' });
    await expect(bed.client.send(new ConverseCommand({ modelId: MODEL, messages: MESSAGES }))).rejects.toMatchObject({ name: 'ThrottlingException' });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('ThrottlingException');
    expect(span.attributes['http.response.status_code']).toBe(429);
    expect(JSON.stringify([span.attributes, span.events, span.status])).not.toContain('secret-ish');
  });

  it('ends the span of a network error', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse'), { kind: 'destroySocket' });
    await expect(bed.client.send(new ConverseCommand({ modelId: MODEL, messages: MESSAGES }))).rejects.toThrow();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeDefined();
  });

  it('ends the span of a call aborted before the answer', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse'), { kind: 'hang' });
    const controller = new AbortController();
    const sent = bed.client.send(new ConverseCommand({ modelId: MODEL, messages: MESSAGES }), { abortSignal: controller.signal });
    await bed.provider.waitForRequests(1);
    controller.abort();
    await expect(sent).rejects.toThrow();
    expect(onlySpan().status.code).toBe(SpanStatusCode.ERROR);
  });

  it('leaves callback-style sends to the SDK, untraced', async () => {
    const output = await new Promise((resolve, reject) => {
      bed.client.send(new ConverseCommand({ modelId: MODEL, messages: MESSAGES }), (error: unknown, data?: unknown) => (error ? reject(error) : resolve(data)));
    });
    expect(output).toMatchObject({ stopReason: 'end_turn' });
    expect(bed.spans()).toHaveLength(0);
  });
});

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

describe('ConverseStream', () => {
  it('hands back the same events and records usage from the metadata event', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { tokens: { input: 100, cacheRead: 1_000, output: 50 } });
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    const events = await collect(output.stream);
    expect(events.map((event) => Object.keys(event).filter((key) => key !== '$unknown')[0])).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('')).toBe('Hello from the fake provider.');

    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 1_100,
      'gen_ai.usage.output_tokens': 50,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 50 * 15) / 1e6, 12);
  });

  it("keeps the stream's iterator iterable, as the SDK's async generator is", async () => {
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    const iterator = output.stream![Symbol.asyncIterator]();
    const events = await collect(iterator as AsyncIterableIterator<ConverseStreamOutput>);
    expect(events.at(-1)?.metadata).toBeDefined();
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('priced');
  });

  it('ends the span once when the caller breaks early, without usage', async () => {
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    for await (const event of output.stream ?? []) {
      if (event.contentBlockDelta) break;
    }
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('fails the span on an exception frame mid-stream, and the caller gets the modelled error', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { streamError: { afterChunks: 2, message: 'model said no' } });
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    await expect(collect(output.stream)).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('ModelStreamErrorException');
    expect(JSON.stringify(span.attributes)).not.toContain('model said no');
  });

  it('fails the span when the stream is cut', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { cutAfterChunks: 2 });
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    await expect(collect(output.stream)).rejects.toThrow();
    expect(onlySpan().status.code).toBe(SpanStatusCode.ERROR);
  });

  it('ends the span when the caller aborts mid-stream', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { stallAfterChunks: 2 });
    const controller = new AbortController();
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }), { abortSignal: controller.signal });
    const consumed = (async () => {
      for await (const event of output.stream ?? []) if (event.messageStart) controller.abort();
    })();
    await consumed.catch(() => undefined);
    await expect.poll(() => bed.spans().length).toBe(1);
    expect(bed.spans()[0]!.attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('ends the span of a stream that is never read once it is garbage collected', async () => {
    await (async () => {
      await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    })();
    await collectGarbageUntil(() => bed.spans().length > 0);
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('records no_usage when the stream ends without a metadata event', async () => {
    bed.provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { usage: 'omit' });
    const output = await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }));
    await collect(output.stream);
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('no_usage');
  });
});

describe('never in the way', () => {
  it('hands back the SDK output when our span cannot start', async () => {
    const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
    const broken = new BasicTracerProvider();
    const tracer = broken.getTracer('broken');
    tracer.startSpan = () => {
      throw new Error('tracer broke');
    };
    broken.getTracer = () => tracer;
    bed.instrumentation.setTracerProvider(broken);
    try {
      const output = await bed.client.send(new ConverseCommand({ modelId: MODEL, messages: MESSAGES }));
      expect(output.stopReason).toBe('end_turn');
      const events = await collect((await bed.client.send(new ConverseStreamCommand({ modelId: MODEL, messages: MESSAGES }))).stream);
      expect(events.length).toBeGreaterThan(0);
    } finally {
      bed.instrumentation.setTracerProvider(bed.tracerProvider);
    }
    expect(bed.spans()).toHaveLength(0);
  });

  it('lets a non-command reach the SDK, which throws its own TypeError as without us', () => {
    expect(() => bed.client.send({ input: { modelId: MODEL } } as never)).toThrow(TypeError);
    expect(bed.spans()).toHaveLength(0);
  });
});

describe('the aggregated BedrockRuntime client', () => {
  it('traces converse() through the patched send', async () => {
    const client = new BedrockRuntime(bedrockClientConfig(bed.provider.url));
    await client.converse({ modelId: MODEL, messages: MESSAGES });
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(500);
    client.destroy();
  });
});
