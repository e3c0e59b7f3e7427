// Issue #11, item 1: AI SDK 6 with `experimental_telemetry` turned on per call. Each provider
// request is an INTERNAL `ai.*.doGenerate`/`doStream`/`doEmbed` span, which gets our semconv
// attributes and the cost; the `ai.generateText`-style parents repeat the usage and are never
// priced; no prompt, response or tool data leaves the process.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withEntity, withTags } from '../../../src/index.js';
import { useAiSdkBed } from '../../support/ai-sdk-bed.js';
import { makeCanaries } from '../../support/canaries.js';

const bed = useAiSdkBed();
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;
const telemetry = { experimental_telemetry: { isEnabled: true } };

beforeAll(() => {
  openai = createOpenAI({ apiKey: 'sk-test', baseURL: bed.fake.openaiBaseURL });
  anthropic = createAnthropic({ apiKey: 'sk-ant-test', baseURL: `${bed.fake.anthropicBaseURL}/v1` });
});

const acme = { type: 'customer', id: 'acme-corp' };

describe('AI SDK 6 with experimental_telemetry', () => {
  it('prices generateText once, on ai.generateText.doGenerate, with semconv names, entity and tags', async () => {
    await withEntity(acme, () => withTags({ feature: 'summary' }, () => generateText({ model: openai.chat('gpt-4o'), prompt: 'hello', ...telemetry })));

    const spans = await bed.exportedSpans();
    const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
    expect(priced).toHaveLength(1);
    expect(priced[0]!.name).toBe('ai.generateText.doGenerate');
    expect(priced[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai.chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'infraprism.cost.usd': 0.005375,
      'infraprism.cost.status': 'priced',
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'acme-corp',
      'infraprism.tag.feature': 'summary',
    });
    const root = spans.find((span) => span.name === 'ai.generateText');
    expect(root!.attributes['ai.usage.inputTokens']).toBe(150);
    expect(root!.attributes['infraprism.cost.status']).toBeUndefined();
  });

  it('prices streamText with cached input and reasoning output', async () => {
    bed.fake.enqueue('/v1/chat/completions', { tokens: { input: 1_000, cacheRead: 800, reasoning: 100, output: 500 } });
    await withEntity(acme, async () => {
      const result = streamText({ model: openai.chat('gpt-4o'), prompt: 'hello', ...telemetry });
      for await (const chunk of result.textStream) void chunk;
    });

    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(1);
    expect(priced[0]!.name).toBe('ai.streamText.doStream');
    expect(priced[0]!.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1_000,
      'gen_ai.usage.cache_read.input_tokens': 800,
      'gen_ai.usage.reasoning.output_tokens': 100,
      'infraprism.cost.status': 'priced',
      'infraprism.entity.id': 'acme-corp',
    });
    expect(priced[0]!.attributes['infraprism.cost.usd']).toBeCloseTo((200 * 2.5 + 800 * 1.25 + 500 * 10) / 1e6, 12);
  });

  it('prices an Anthropic call with cache reads and writes, as anthropic', async () => {
    bed.fake.enqueue('/v1/messages', { tokens: { input: 100, cacheRead: 1_000, cacheWrite: 200, output: 50 } });
    await withEntity(acme, () => generateText({ model: anthropic('claude-sonnet-4-0'), prompt: 'hello', ...telemetry }));

    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(1);
    expect(priced[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 1_300,
      'gen_ai.usage.cache_read.input_tokens': 1_000,
      'gen_ai.usage.cache_creation.input_tokens': 200,
    });
    expect(priced[0]!.attributes['infraprism.cost.usd']).toBeCloseTo((100 * 3 + 1_000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12);
  });

  it('prices generateObject and embed once each', async () => {
    bed.fake.enqueue('/v1/responses', { content: '{"city":"Paris"}' });
    await withEntity(acme, async () => {
      const { object } = await generateObject({ model: openai('gpt-4o'), schema: z.object({ city: z.string() }), prompt: 'where', ...telemetry });
      expect(object).toEqual({ city: 'Paris' });
      await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello', ...telemetry });
    });

    const priced = await bed.pricedSpans();
    expect(priced.map((span) => span.name).sort()).toEqual(['ai.embed.doEmbed', 'ai.generateObject.doGenerate']);
    const embedding = priced.find((span) => span.name === 'ai.embed.doEmbed')!;
    expect(embedding.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 150,
    });
    expect(embedding.attributes['infraprism.cost.usd']).toBeCloseTo((150 * 0.02) / 1e6, 12);
    expect(priced.every((span) => span.attributes['infraprism.entity.id'] === 'acme-corp')).toBe(true);
  });

  it('takes entity and tags from the call metadata over withEntity', async () => {
    await withEntity(acme, () =>
      generateText({
        model: openai.chat('gpt-4o'),
        prompt: 'hello',
        experimental_telemetry: { isEnabled: true, metadata: { entity_type: 'customer', entity_id: 'initech', 'tags.plan': 'pro' } },
      }),
    );
    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(1);
    expect(priced[0]!.attributes).toMatchObject({ 'infraprism.entity.id': 'initech', 'infraprism.tag.plan': 'pro' });
  });

  it('counts each step of a tool loop once and exports none of its content', async () => {
    const canaries = makeCanaries('ai-v6');
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
        experimental_telemetry: { isEnabled: true, recordInputs: true, recordOutputs: true },
      }),
    );

    const priced = await bed.pricedSpans();
    expect(priced).toHaveLength(2);
    bed.expectNoContentExported(canaries);
  });
});
