// AI SDK 7 with @ai-sdk/otel registered once, next to our ai:telemetry subscriber: each provider
// request gives one priced, attributed CLIENT `chat`/`embeddings` span — ours, while @ai-sdk/otel's
// span of the same request is `counted_elsewhere` (generateObject, which the channel does not cover,
// is priced on @ai-sdk/otel's span); the `invoke_agent` root repeats the usage and is never priced;
// no prompt, response or tool data leaves the process.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { embed, generateObject, generateText, registerTelemetry, stepCountIs, streamText, tool } from 'ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withEntity, withTags } from '../../../src/index.js';
import { useAiSdkBed } from '../../support/ai-sdk-bed.js';
import { makeCanaries } from '../../support/canaries.js';
import { OTLP_SPAN_KIND } from '../../support/otlp-receiver.js';

const bed = useAiSdkBed();
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(() => {
  // `usage: true` adds the AI SDK's usage details (reasoning tokens) to the spans.
  registerTelemetry(new OpenTelemetry({ usage: true }));
  openai = createOpenAI({ apiKey: 'sk-test', baseURL: bed.fake.openaiBaseURL });
  anthropic = createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${bed.fake.anthropicBaseURL}/v1` });
});

const acme = { type: 'customer', id: 'acme-corp' };

describe('AI SDK 7 with @ai-sdk/otel', () => {
  it('prices generateText once, on our chat span, with entity and tags; the @ai-sdk/otel chat span is counted_elsewhere and its invoke_agent root has no cost', async () => {
    await withEntity(acme, () => withTags({ feature: 'summary' }, () => generateText({ model: openai('gpt-4o'), prompt: 'hello' })));

    const spans = await bed.exportedSpans();
    const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
    expect(priced).toHaveLength(1);
    expect(priced[0]!.kind).toBe(OTLP_SPAN_KIND.CLIENT);
    expect(priced[0]!.scope.name).toBe('infraprism-ai-sdk');
    const otelChat = spans.find((span) => span.scope.name !== 'infraprism-ai-sdk' && span.name === 'chat gpt-4o');
    expect(otelChat!.attributes['infraprism.cost.status']).toBe('counted_elsewhere');
    expect(priced[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.cost.usd': 0.005375,
      'infraprism.cost.status': 'priced',
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'acme-corp',
      'infraprism.tag.feature': 'summary',
    });
    const root = spans.find((span) => span.name.startsWith('invoke_agent'));
    expect(root!.attributes['gen_ai.usage.input_tokens']).toBe(150);
    expect(root!.attributes['infraprism.cost.status']).toBeUndefined();
  });

  it('prices streamText with cached input and reasoning output', async () => {
    bed.fake.enqueue('/v1/chat/completions', { tokens: { input: 1_000, cacheRead: 800, reasoning: 100, output: 500 } });
    await withEntity(acme, async () => {
      const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello' });
      for await (const chunk of result.textStream) void chunk;
    });

    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(1);
    expect(priced[0]!.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1_000,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.reasoning.output_tokens': 100,
      'infraprism.cost.status': 'priced',
      'infraprism.entity.id': 'acme-corp',
    });
    // gpt-4o: 200 uncached at $2.50, 800 cached at $1.25, 500 out at $10 per 1M.
    expect(priced[0]!.attributes['infraprism.cost.usd']).toBeCloseTo((200 * 2.5 + 800 * 1.25 + 500 * 10) / 1e6, 12);
  });

  it('prices an Anthropic call with cache reads and writes the AI SDK counts into its input', async () => {
    bed.fake.enqueue('/v1/messages', { tokens: { input: 100, cacheRead: 1_000, cacheWrite: 200, output: 50 } });
    await withEntity(acme, () => generateText({ model: anthropic('claude-sonnet-4-0'), prompt: 'hello' }));

    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(1);
    expect(priced[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 1_300,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      'gen_ai.usage.cache_creation.input_tokens': 200,
    });
    // claude-sonnet-4: $3 input, $0.30 cache read, $3.75 5-minute write, $15 output per 1M.
    expect(priced[0]!.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
  });

  it('prices generateObject and embed once each', async () => {
    bed.fake.enqueue('/v1/responses', { content: '{"city":"Paris"}' });
    await withEntity(acme, async () => {
      const { object } = await generateObject({ model: openai('gpt-4o'), schema: z.object({ city: z.string() }), prompt: 'where' });
      expect(object).toEqual({ city: 'Paris' });
      await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello' });
    });

    const priced = await bed.pricedSpans();
    expect(priced.map((span) => span.attributes['gen_ai.operation.name']).sort()).toEqual(['chat', 'embeddings']);
    const embedding = priced.find((span) => span.attributes['gen_ai.operation.name'] === 'embeddings')!;
    expect(embedding.attributes['infraprism.cost.usd']).toBeCloseTo((150 * 0.02) / 1e6, 12);
    expect(priced.every((span) => span.attributes['infraprism.entity.id'] === 'acme-corp')).toBe(true);
  });

  it('takes entity and tags from the runtime context over withEntity, when @ai-sdk/otel records it', async () => {
    await withEntity(acme, () =>
      generateText({
        model: openai.chat('gpt-4o'),
        prompt: 'hello',
        runtimeContext: { entity_type: 'customer', entity_id: 'initech', tags: { plan: 'pro' } },
        telemetry: {
          integrations: new OpenTelemetry({ runtimeContext: true }),
          includeRuntimeContext: { entity_type: true, entity_id: true, tags: true },
        },
      }),
    );
    // @ai-sdk/otel records the runtime context on the root and step spans; the chat span inherits it.
    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(1);
    expect(priced[0]!.attributes).toMatchObject({ 'infraprism.entity.id': 'initech', 'infraprism.tag.plan': 'pro' });
  });

  it('counts each step of a tool loop once and exports none of its content', async () => {
    const canaries = makeCanaries('ai-v7');
    bed.enqueueToolLoop(canaries);
    await withEntity(acme, () =>
      generateText({
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
      }),
    );

    const spans = await bed.exportedSpans();
    const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
    expect(priced).toHaveLength(2);
    expect(bed.fake.requests).toHaveLength(2);
    bed.expectNoContentExported(canaries);
  });
});
