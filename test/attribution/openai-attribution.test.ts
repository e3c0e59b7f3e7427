// Issue #3, item 5: per-call params and context attribution for OpenAI calls. The
// provider never receives our params; context survives await, timers and Promise.all
// without bleeding between concurrent customers.
import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withEntity, withTags } from '../../src/index.js';
import type { AttributionParams } from '../../src/attribution/index.js';
import { useOpenAITestBed } from '../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);

type Body = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming & AttributionParams;

function chat(extra: AttributionParams = {}, model = 'gpt-4o') {
  const body: Body = { model, messages: [{ role: 'user', content: 'hi' }], ...extra };
  return bed.client.chat.completions.create(body);
}

describe('per-call params', () => {
  it('records entity and tags and never sends them to the provider', async () => {
    const body: Body = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      entity_type: 'customer',
      entity_id: 'acme-corp',
      tags: { feature: 'chatbot', tier: 2, beta: true },
    };
    await bed.client.chat.completions.create(body);

    const sent = bed.provider.requests[0]!;
    expect(sent.json).not.toHaveProperty('entity_type');
    expect(sent.json).not.toHaveProperty('entity_id');
    expect(sent.json).not.toHaveProperty('tags');
    expect(sent.rawBody).not.toContain('acme-corp');
    expect(sent.rawBody).not.toContain('chatbot');
    // The caller's object is left as it was: they may send it again.
    expect(body.entity_id).toBe('acme-corp');

    expect(bed.tracing.spans()[0]!.attributes).toMatchObject({
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'acme-corp',
      'infraprism.tag.feature': 'chatbot',
      'infraprism.tag.tier': 2,
      'infraprism.tag.beta': true,
    });
  });

  it('drops tag values that are not strings, finite numbers or booleans', async () => {
    await chat({ tags: { ok: 'yes', bad: { nested: 1 } as unknown as string, nan: Number.NaN } });
    const { attributes } = bed.tracing.spans()[0]!;
    expect(attributes['infraprism.tag.ok']).toBe('yes');
    expect(attributes).not.toHaveProperty('infraprism.tag.bad');
    expect(attributes).not.toHaveProperty('infraprism.tag.nan');
    expect(bed.provider.requests[0]!.json).not.toHaveProperty('tags');
  });

  it('strips the params from streamed calls too', async () => {
    const body = {
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'hi' }],
      stream: true as const,
      entity_type: 'customer',
      entity_id: 'streamer',
    };
    const stream = await bed.client.chat.completions.create(body);
    for await (const _chunk of stream) {
      // consume
    }
    expect(bed.provider.requests[0]!.json).not.toHaveProperty('entity_id');
    expect(bed.tracing.spans()[0]!.attributes['infraprism.entity.id']).toBe('streamer');
  });
});

describe('withEntity and withTags', () => {
  it('attributes calls made inside, after awaits and timers', async () => {
    await withEntity({ type: 'customer', id: 'ctx-customer' }, async () => {
      await sleep(5);
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      await chat();
    });
    await chat();

    const [inside, outside] = bed.tracing.spans();
    expect(inside!.attributes['infraprism.entity.id']).toBe('ctx-customer');
    expect(outside!.attributes).not.toHaveProperty('infraprism.entity.id');
  });

  it('nests: tags merge, the inner entity wins, per-call params win over both', async () => {
    await withTags({ feature: 'search', stage: 'outer' }, () =>
      withEntity({ type: 'customer', id: 'outer' }, () =>
        withTags({ stage: 'inner', step: 1 }, () =>
          withEntity({ type: 'team', id: 'inner' }, async () => {
            await chat();
            await chat({ entity_id: 'per-call', tags: { step: 2 } });
          }),
        ),
      ),
    );

    const [fromContext, perCall] = bed.tracing.spans();
    expect(fromContext!.attributes).toMatchObject({
      'infraprism.entity.type': 'team',
      'infraprism.entity.id': 'inner',
      'infraprism.tag.feature': 'search',
      'infraprism.tag.stage': 'inner',
      'infraprism.tag.step': 1,
    });
    expect(perCall!.attributes).toMatchObject({
      'infraprism.entity.type': 'team',
      'infraprism.entity.id': 'per-call',
      'infraprism.tag.step': 2,
      'infraprism.tag.stage': 'inner',
    });
  });

  it('keeps 300 concurrent calls for 100 customers apart', async () => {
    bed.provider.enqueue('/v1/chat/completions', ...Array.from({ length: 300 }, (_, i) => ({ kind: 'success' as const, chunkDelayMs: i % 7 })));
    const customers = Array.from({ length: 100 }, (_, i) => `customer-${i}`);
    await Promise.all(
      customers.flatMap((id, i) =>
        [0, 1, 2].map((call) =>
          withEntity({ type: 'customer', id }, () =>
            withTags({ call }, async () => {
              await sleep((i * 3 + call) % 5);
              if (call === 2) {
                const stream = await bed.client.chat.completions.create({
                  model: 'gpt-4o',
                  messages: [{ role: 'user', content: id }],
                  stream: true,
                });
                for await (const _chunk of stream) await sleep(0);
              } else {
                await chat({ tags: { call } });
              }
            }),
          ),
        ),
      ),
    );

    const spans = bed.tracing.spans();
    expect(spans).toHaveLength(300);
    // Each request carried its customer id as content: the span's entity must match it.
    const byCustomer = new Map<string, number[]>();
    for (const span of spans) {
      const id = span.attributes['infraprism.entity.id'] as string;
      byCustomer.set(id, [...(byCustomer.get(id) ?? []), span.attributes['infraprism.tag.call'] as number]);
    }
    expect(byCustomer.size).toBe(100);
    for (const calls of byCustomer.values()) expect(calls.sort()).toEqual([0, 1, 2]);
  });

  it('runs the function and warns instead of throwing on a malformed entity', async () => {
    const result = await withEntity({ type: 'customer' } as unknown as { type: string; id: string }, async () => {
      await chat();
      return 'ran';
    });
    expect(result).toBe('ran');
    expect(bed.tracing.spans()[0]!.attributes).not.toHaveProperty('infraprism.entity.type');
  });
});
