// AI SDK 7 with no telemetry setup of the user's: our `ai:telemetry` subscriber (installed by
// `init()`) makes each provider call one priced, attributed CLIENT span of ours, parented in the
// caller's context, on every exit path of a stream, and exports no content.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { trace } from '@opentelemetry/api';
import { embed, embedMany, generateText, stepCountIs, streamText, tool } from 'ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withEntity, withTags } from '../../../src/index.js';
import { abortAtFirstTextDelta, useAiSdkBed } from '../../support/ai-sdk-bed.js';
import { CANARY_MARKER, makeCanaries } from '../../support/canaries.js';
import { OTLP_SPAN_KIND, type FlatSpan } from '../../support/otlp-receiver.js';

const bed = useAiSdkBed();
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(() => {
  openai = createOpenAI({ apiKey: 'sk-test', baseURL: bed.fake.openaiBaseURL });
  anthropic = createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${bed.fake.anthropicBaseURL}/v1` });
});

const acme = { type: 'customer', id: 'acme-corp' };
const AI_SDK_SCOPE = 'infraprism-ai-sdk';

function ourSpans(spans: readonly FlatSpan[]): FlatSpan[] {
  return spans.filter((span) => span.scope.name === AI_SDK_SCOPE);
}

describe('AI SDK 7 through the ai:telemetry channel, no telemetry setup', () => {
  it('makes generateText one priced CLIENT span of ours with entity and tags, parented in the caller context', async () => {
    const tracer = trace.getTracer('app');
    let requestSpanId = '';
    const result = await tracer.startActiveSpan('handle request', async (requestSpan) => {
      requestSpanId = requestSpan.spanContext().spanId;
      try {
        return await withEntity(acme, () =>
          withTags({ feature: 'summary' }, () => generateText({ model: openai.chat('gpt-4o'), prompt: 'hello', temperature: 0.2, maxOutputTokens: 900 })),
        );
      } finally {
        requestSpan.end();
      }
    });
    expect(result.usage.inputTokens).toBe(150);

    const spans = await bed.exportedSpans();
    const ours = ourSpans(spans);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.kind).toBe(OTLP_SPAN_KIND.CLIENT);
    expect(ours[0]!.name).toBe('chat gpt-4o');
    expect(ours[0]!.parentSpanId).toBe(requestSpanId);
    expect(ours[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 900,
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-fake\d+$/),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.cost.usd': 0.005375,
      'infraprism.cost.status': 'priced',
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'acme-corp',
      'infraprism.tag.feature': 'summary',
    });
    // Nothing else carries a cost: the AI SDK made no spans of its own.
    expect(spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined)).toHaveLength(1);
  });

  it('prices streamText from its finish part, with cached input, reasoning output and time to first chunk', async () => {
    bed.fake.enqueue('/v1/chat/completions', { tokens: { input: 1_000, cacheRead: 800, reasoning: 100, output: 500 } });
    const text = await withEntity(acme, async () => {
      const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello' });
      let joined = '';
      for await (const chunk of result.textStream) joined += chunk;
      return joined;
    });
    expect(text).not.toBe('');

    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 1_000,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.reasoning.output_tokens': 100,
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-fake\d+$/),
      'infraprism.cost.status': 'priced',
      'infraprism.entity.id': 'acme-corp',
    });
    expect(typeof ours[0]!.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    // gpt-4o: 200 uncached at $2.50, 800 cached at $1.25, 500 out at $10 per 1M.
    expect(ours[0]!.attributes['infraprism.cost.usd']).toBeCloseTo((200 * 2.5 + 800 * 1.25 + 500 * 10) / 1e6, 12);
  });

  it('prices Anthropic generateText and streamText with cache reads and writes', async () => {
    const tokens = { input: 100, cacheRead: 1_000, cacheWrite: 200, output: 50 };
    bed.fake.enqueue('/v1/messages', { tokens }, { tokens });
    await generateText({ model: anthropic('claude-sonnet-4-0'), prompt: 'hello' });
    const stream = streamText({ model: anthropic('claude-sonnet-4-0'), prompt: 'hello' });
    for await (const chunk of stream.textStream) void chunk;

    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(2);
    for (const span of ours) {
      expect(span.attributes).toMatchObject({
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.usage.input_tokens': 1_300,
        'gen_ai.usage.cache_read.input_tokens': 1_000,
        'gen_ai.usage.cache_creation.input_tokens': 200,
        'gen_ai.usage.output_tokens': 50,
      });
      // claude-sonnet-4: $3 input, $0.30 cache read, $3.75 5-minute write, $15 output per 1M.
      expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
    }
    expect(ours.map((span) => span.attributes['gen_ai.request.stream']).sort()).toEqual([false, true]);
  });

  it('makes embed and embedMany one embeddings span each', async () => {
    await withEntity(acme, async () => {
      await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello' });
      await embedMany({ model: openai.embedding('text-embedding-3-small'), values: ['a', 'b'] });
    });
    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(2);
    for (const span of ours) {
      expect(span.attributes).toMatchObject({
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'text-embedding-3-small',
        'gen_ai.usage.input_tokens': 150,
        'infraprism.entity.id': 'acme-corp',
      });
      expect(span.attributes['infraprism.cost.usd']).toBeCloseTo((150 * 0.02) / 1e6, 12);
    }
  });

  it('takes entity and tags from the runtime context keys the caller includes in telemetry', async () => {
    await withEntity(acme, () =>
      generateText({
        model: openai.chat('gpt-4o'),
        prompt: 'hello',
        runtimeContext: { entity_type: 'customer', entity_id: 'initech', tags: { plan: 'pro' }, secret: 'not read' },
        telemetry: { includeRuntimeContext: { entity_type: true, entity_id: true, tags: true } },
      }),
    );
    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.attributes).toMatchObject({ 'infraprism.entity.id': 'initech', 'infraprism.tag.plan': 'pro' });
  });

  it('counts each step of a tool loop once and exports none of its content', async () => {
    const canaries = makeCanaries('ai-v7-channel');
    bed.enqueueToolLoop(canaries);
    const result = await generateText({
      model: openai.chat('gpt-4o'),
      system: canaries.systemMessage,
      prompt: canaries.userMessage,
      tools: {
        lookup: tool({
          description: canaries.toolDescription,
          inputSchema: z.object({ query: z.string() }),
          execute: async () => canaries.toolResult,
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe(canaries.responseContent);

    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(2);
    expect(ours.map((span) => span.attributes['gen_ai.response.finish_reasons'])).toEqual([['tool_calls'], ['stop']]);
    bed.expectNoContentExported(canaries);
  });

  it('ends the span of a failed call with the error class, and the caller gets the same error', async () => {
    bed.fake.enqueue('/v1/chat/completions', { kind: 'error', status: 400, message: 'bad request ipcanary-error' });
    const error = await generateText({ model: openai.chat('gpt-4o'), prompt: 'hello', maxRetries: 0 }).catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('APICallError');

    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.status.code).toBe(2);
    expect(ours[0]!.status.message).toBe('');
    expect(ours[0]!.attributes['error.type']).toBe('APICallError');
    expect(ours[0]!.attributes['http.response.status_code']).toBe(400);
    expect(ours[0]!.attributes['infraprism.cost.status']).toBe('no_usage');
    expect(bed.receiver.receivedBytes().some((bytes) => bytes.includes(CANARY_MARKER))).toBe(false);
  });

  // The AI SDK cancels the provider stream when the caller aborts, without a reason: the span ends
  // with what it knew, as for a reader that stopped early.
  it('ends the span of a stream aborted by the caller with what it knew', async () => {
    bed.fake.enqueue('/v1/chat/completions', { chunks: 6, stallAfterChunks: 3 });
    const controller = new AbortController();
    const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello', abortSignal: controller.signal });
    await abortAtFirstTextDelta(result.fullStream, controller);

    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.attributes).toMatchObject({
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-fake\d+$/),
      'gen_ai.response.model': 'gpt-4o',
      'infraprism.cost.status': 'no_usage',
    });
  });

  it('ends the span of a stream cut mid-way as failed', async () => {
    bed.fake.enqueue('/v1/chat/completions', { chunks: 6, cutAfterChunks: 3 });
    const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello', onError: () => {} });
    // The AI SDK hands the network error to the reader, with or without us.
    await expect(async () => {
      for await (const part of result.fullStream) void part;
    }).rejects.toThrow();

    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.status.code).toBe(2);
    expect(ours[0]!.attributes['error.type']).toBeDefined();
    expect(ours[0]!.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-fake\d+$/);
  });

  it('still prices a stream whose reader stopped early: the AI SDK reads the provider stream on', async () => {
    bed.fake.enqueue('/v1/chat/completions', { chunks: 6 });
    const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello' });
    for await (const chunk of result.textStream) {
      void chunk;
      break;
    }
    expect((await result.usage).inputTokens).toBe(150);
    const ours = ourSpans(await bed.exportedSpans());
    expect(ours).toHaveLength(1);
    expect(ours[0]!.attributes['infraprism.cost.usd']).toBe(0.005375);
  });

  it('keeps one cost per provider call when the caller also uses @ai-sdk/otel: ours is priced, its chat span counted_elsewhere', async () => {
    const telemetry = { integrations: new OpenTelemetry() };
    await generateText({ model: openai.chat('gpt-4o'), prompt: 'hello', telemetry });
    const stream = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello', telemetry });
    for await (const chunk of stream.textStream) void chunk;
    await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello', telemetry });

    const spans = await bed.exportedSpans();
    const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
    expect(priced).toHaveLength(3);
    expect(priced.every((span) => span.scope.name === AI_SDK_SCOPE)).toBe(true);
    const theirs = spans.filter((span) => span.scope.name !== AI_SDK_SCOPE && span.kind === OTLP_SPAN_KIND.CLIENT);
    // Two chat spans, and for embed both its root and its embeddings span are CLIENT spans.
    expect(theirs.map((span) => span.name).sort()).toEqual(['chat gpt-4o', 'chat gpt-4o', 'embeddings text-embedding-3-small', 'embeddings text-embedding-3-small']);
    expect(theirs.every((span) => span.attributes['infraprism.cost.status'] === 'counted_elsewhere')).toBe(true);
  });
});
