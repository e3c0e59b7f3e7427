/**
 * `@google/genai`: each HTTP request of `models.generateContent`, `generateContentStream` and of
 * chat sessions is one span with Gemini's usage, priced, attributed, and the caller gets exactly
 * what the SDK returns.
 */
import * as genai from '@google/genai';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { withEntity, withTags } from '../../../src/attribution/index.js';
import { geminiPath, useGoogleTestBed, vertexPath } from '../../support/google-test-bed.js';

const bed = useGoogleTestBed(genai);

const MODEL = 'gemini-2.5-flash';

async function oneSpan() {
  await expect.poll(() => bed.spans().length).toBe(1);
  return bed.spans()[0]!;
}

describe('models.generateContent', () => {
  it('records one CLIENT span with ids, finish reasons, usage and the cost (gemini-2.5-flash: $0.30 / $2.50 per 1M)', async () => {
    const response = await bed.gemini.models.generateContent({
      model: MODEL,
      contents: 'Hi',
      config: { temperature: 0.5, topP: 0.9, topK: 40, maxOutputTokens: 256, candidateCount: 1, seed: 7 },
    });
    expect(response.text).toBe('Hello from the fake provider.');
    const span = await oneSpan();
    expect(span.name).toBe(`generate_content ${MODEL}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.stream': false,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.choice.count': 1,
      'gen_ai.request.seed': 7,
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'server.address': '127.0.0.1',
      'server.port': bed.provider.port,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((150 * 0.3 + 500 * 2.5) / 1e6, 12);
    // `responseId` reaches the SDK's response object from 1.x's later minors on.
    expect(span.attributes['gen_ai.response.id']).toBe(response.responseId);
  });

  it('counts thoughts as output and reasoning, cached content as cache read and tool-use prompt tokens as input', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'generateContent'), {
      usage: {
        promptTokenCount: 1000,
        cachedContentTokenCount: 400,
        candidatesTokenCount: 500,
        thoughtsTokenCount: 100,
        toolUsePromptTokenCount: 50,
        totalTokenCount: 1650,
      },
    });
    await bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi' });
    const span = await oneSpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1050,
      'gen_ai.usage.output_tokens': 600,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.usage.reasoning.output_tokens': 100,
    });
    // 650 uncached input at $0.30, 400 cached at $0.03, 600 output at $2.50.
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((650 * 0.3 + 400 * 0.03 + 600 * 2.5) / 1e6, 12);
  });

  it("prices a long prompt at Gemini's long-context tier (gemini-2.5-pro above 200k input tokens: $2.50 / $15)", async () => {
    const model = 'gemini-2.5-pro';
    bed.provider.enqueue(geminiPath(model, 'generateContent'), { tokens: { input: 250_000, output: 1000 } });
    await bed.gemini.models.generateContent({ model, contents: 'Hi' });
    const span = await oneSpan();
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((250_000 * 2.5 + 1000 * 15) / 1e6, 9);
  });

  it('names Vertex AI calls gcp.vertex_ai', async () => {
    await bed.vertex.models.generateContent({ model: MODEL, contents: 'Hi' });
    const span = await oneSpan();
    expect(bed.provider.requests[0]?.path).toBe(vertexPath(MODEL, 'generateContent'));
    expect(span.attributes['gen_ai.provider.name']).toBe('gcp.vertex_ai');
    expect(span.attributes['infraprism.cost.status']).toBe('priced');
  });

  it('takes entity and tags from config, never sends them, and leaves the caller\u2019s params as they were', async () => {
    const config = { temperature: 0.1, entity_type: 'customer', entity_id: 'cust_42', tags: { plan: 'pro' } };
    const params = { model: MODEL, contents: 'Hi', config };
    await bed.gemini.models.generateContent(params as genai.GenerateContentParameters);
    const span = await oneSpan();
    expect(span.attributes).toMatchObject({
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'cust_42',
      'infraprism.tag.plan': 'pro',
    });
    const sent = bed.provider.requests[0]!.rawBody;
    expect(sent).not.toContain('cust_42');
    expect(sent).not.toContain('entity_type');
    expect(sent).not.toContain('plan');
    expect(params.config).toBe(config);
    expect(config).toEqual({ temperature: 0.1, entity_type: 'customer', entity_id: 'cust_42', tags: { plan: 'pro' } });
  });

  it('takes entity and tags from the context', async () => {
    await withEntity({ type: 'team', id: 'team_7' }, () =>
      withTags({ feature: 'summary' }, () => bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi' })),
    );
    const span = await oneSpan();
    expect(span.attributes).toMatchObject({
      'infraprism.entity.type': 'team',
      'infraprism.entity.id': 'team_7',
      'infraprism.tag.feature': 'summary',
    });
  });

  it('HTTP error: ERROR with ApiError and the status, and the caller gets the SDK error', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'generateContent'), { kind: 'error', status: 429 });
    const error = await bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi' }).catch((caught: unknown) => caught);
    // `ApiError` from 1.x's later minors on; `ClientError` (no status) before.
    const errorClass = (genai as unknown as { ApiError?: typeof Error }).ApiError;
    expect(error).toBeInstanceOf(errorClass ?? Error);
    const span = await oneSpan();
    expect(span.status.code).toBe(2);
    expect(span.status.message).toBeUndefined();
    if (errorClass) {
      expect(span.attributes['error.type']).toBe('ApiError');
      expect(span.attributes['http.response.status_code']).toBe(429);
    } else {
      expect(span.attributes['error.type']).toBe('ClientError');
    }
  });

  it('network error: ERROR, the caller gets the fetch error', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'generateContent'), { kind: 'destroySocket' });
    const error = await bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const span = await oneSpan();
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBeDefined();
  });

  it('abort before the answer: ERROR, the caller gets the abort', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'generateContent'), { kind: 'hang' });
    const controller = new AbortController();
    const pending = bed.gemini.models
      .generateContent({ model: MODEL, contents: 'Hi', config: { abortSignal: controller.signal } })
      .catch((caught: unknown) => caught);
    await bed.provider.waitForRequests(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    const span = await oneSpan();
    expect(span.status.code).toBe(2);
  });

  it('makes no span for countTokens, and never sends our params', async () => {
    const result = await bed.gemini.models.countTokens({
      model: MODEL,
      contents: 'Hi',
      config: { entity_id: 'cust_secret' } as genai.CountTokensConfig,
    });
    expect(result.totalTokens).toBe(150);
    expect(bed.provider.requests).toHaveLength(1);
    expect(bed.provider.requests[0]!.rawBody).not.toContain('cust_secret');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bed.spans()).toHaveLength(0);
  });
});

describe('models.generateContentStream', () => {
  it('hands back the same chunks and records usage from the last chunk that carries it', async () => {
    const stream = await bed.gemini.models.generateContentStream({ model: MODEL, contents: 'Hi' });
    const texts: string[] = [];
    for await (const chunk of stream) texts.push(chunk.text ?? '');
    expect(texts.join('')).toBe('Hello from the fake provider.');
    expect(texts).toHaveLength(3);
    const span = await oneSpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeTypeOf('number');
  });

  it('an early break ends the span once, without error, with the usage seen so far', async () => {
    const stream = await bed.gemini.models.generateContentStream({ model: MODEL, contents: 'Hi' });
    for await (const chunk of stream) {
      void chunk;
      break;
    }
    const span = await oneSpan();
    expect(span.status.code).toBe(0);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
    expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
  });

  it.each([
    ['an error event mid-stream', { streamError: { afterChunks: 1 }, chunkDelayMs: 20 }],
    ['a socket cut mid-stream', { cutAfterChunks: 1 }],
  ] as const)('%s: ERROR, once, and the caller still gets the error', async (_name, reply) => {
    bed.provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), reply);
    const stream = await bed.gemini.models.generateContentStream({ model: MODEL, contents: 'Hi' });
    const error = await (async () => {
      for await (const chunk of stream) void chunk;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const span = await oneSpan();
    expect(span.status.code).toBe(2);
  });

  it('abort mid-stream: the span ends, and the caller gets what the SDK gives', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), { stallAfterChunks: 1 });
    const controller = new AbortController();
    const stream = await bed.gemini.models.generateContentStream({
      model: MODEL,
      contents: 'Hi',
      config: { abortSignal: controller.signal },
    });
    const outcome = await (async () => {
      for await (const chunk of stream) {
        void chunk;
        controller.abort();
      }
      return 'ended';
    })().catch((caught: unknown) => caught);
    expect(outcome === 'ended' || outcome instanceof Error).toBe(true);
    const span = await oneSpan();
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(150);
  });

  it('a Vertex AI stream is gcp.vertex_ai with the full usage', async () => {
    const stream = await bed.vertex.models.generateContentStream({ model: MODEL, contents: 'Hi' });
    for await (const chunk of stream) void chunk;
    const span = await oneSpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.vertex_ai',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
    });
  });
});

describe('chat sessions and automatic function calling', () => {
  it('chats.sendMessage and sendMessageStream: one chat span each, entity from the chat config', async () => {
    const chat = bed.gemini.chats.create({
      model: MODEL,
      config: { entity_type: 'customer', entity_id: 'cust_chat' } as genai.GenerateContentConfig,
    });
    await chat.sendMessage({ message: 'Hi' });
    const stream = await chat.sendMessageStream({ message: 'Again' });
    for await (const chunk of stream) void chunk;
    await expect.poll(() => bed.spans().length).toBe(2);
    for (const span of bed.spans()) {
      expect(span.attributes['infraprism.entity.id']).toBe('cust_chat');
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(500);
    }
    expect(bed.spans().map((span) => span.attributes['gen_ai.request.stream'])).toEqual([false, true]);
    expect(bed.spans().map((span) => span.name)).toEqual([`chat ${MODEL}`, `chat ${MODEL}`]);
    // A direct call after the chat is generate_content again.
    await bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi' });
    await expect.poll(() => bed.spans().length).toBe(3);
    expect(bed.spans()[2]!.attributes['gen_ai.operation.name']).toBe('generate_content');
    for (const request of bed.provider.requests) expect(request.rawBody).not.toContain('cust_chat');
  });

  it('automatic function calling: one span per HTTP request', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'generateContent'), {
      toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }],
    });
    const tool: genai.CallableTool = {
      tool: async () => ({ functionDeclarations: [{ name: 'lookup', description: 'looks up' }] }),
      callTool: async () => [{ functionResponse: { name: 'lookup', response: { result: 'found' } } }],
    };
    await bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi', config: { tools: [tool] } });
    expect(bed.provider.requests).toHaveLength(2);
    await expect.poll(() => bed.spans().length).toBe(2);
  });
});

// 3.x resumes an answer cut short at the per-request token limit with a new request.
const hasContinuation = (genai as unknown as { FinishReason?: Record<string, string> }).FinishReason?.['CONTINUATION'] !== undefined;

describe.skipIf(!hasContinuation)('automatic continuation (3.x)', () => {
  it('one span per hop, each with its own usage and finish reason', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'generateContent'), { finishReason: 'CONTINUATION', tokens: { output: 100 } });
    await bed.gemini.models.generateContent({ model: MODEL, contents: 'Hi', config: { entity_id: 'cust_hops' } as genai.GenerateContentConfig });
    expect(bed.provider.requests).toHaveLength(2);
    await expect.poll(() => bed.spans().length).toBe(2);
    const spans = bed.spans();
    expect(spans.map((span) => span.attributes['gen_ai.response.finish_reasons'])).toEqual([['CONTINUATION'], ['STOP']]);
    expect(spans.map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([100, 500]);
    for (const span of spans) expect(span.attributes['infraprism.entity.id']).toBe('cust_hops');
    for (const request of bed.provider.requests) expect(request.rawBody).not.toContain('cust_hops');
  });

  it('a streamed call: one span per hop', async () => {
    bed.provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), { finishReason: 'CONTINUATION' });
    const stream = await bed.gemini.models.generateContentStream({ model: MODEL, contents: 'Hi' });
    for await (const chunk of stream) void chunk;
    expect(bed.provider.requests).toHaveLength(2);
    await expect.poll(() => bed.spans().length).toBe(2);
    expect(bed.spans().map((span) => span.attributes['gen_ai.request.stream'])).toEqual([true, true]);
  });
});

describe('models.embedContent', () => {
  it('Gemini API: an embeddings span; no token counts come back, so no_usage', async () => {
    await bed.gemini.models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['a', 'b'],
      config: { outputDimensionality: 64 },
    });
    const span = await oneSpan();
    expect(span.name).toBe('embeddings gemini-embedding-001');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.embeddings.dimension.count': 64,
      'infraprism.cost.status': 'no_usage',
    });
  });

  it('Vertex AI: input tokens from the embeddings\u2019 statistics, priced', async () => {
    await bed.vertex.models.embedContent({ model: 'gemini-embedding-001', contents: 'a' });
    const span = await oneSpan();
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.vertex_ai',
      'gen_ai.usage.input_tokens': 150,
      'infraprism.cost.status': 'priced',
    });
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((150 * 0.15) / 1e6, 12);
  });
});
