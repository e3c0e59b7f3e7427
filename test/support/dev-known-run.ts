/**
 * A known run for the `infraprism dev` tests: real openai calls against the fake provider, under
 * `withEntity`/`withTags`, one to a model no price table knows; and what the dev page must show
 * for it, with each cost computed by the pricing module as the spans are priced. Canaries sit in
 * every content field the calls send or receive.
 */
import type OpenAI from 'openai';
import { withEntity, withTags } from '../../src/index.js';
import { calculateCost } from '../../src/pricing/index.js';
import type { Canaries } from './canaries.js';
import type { FakeProvider } from './fake-provider/index.js';

interface PlannedCall {
  readonly entity?: { readonly type: string; readonly id: string };
  readonly tags?: Readonly<Record<string, string>>;
  readonly model: string;
  readonly input: number;
  readonly output: number;
  readonly stream?: boolean;
}

export const UNKNOWN_MODEL = 'infraprism-dev-unknown-model';

const PLAN: readonly PlannedCall[] = [
  { entity: { type: 'customer', id: 'acme' }, tags: { plan: 'pro' }, model: 'gpt-4o', input: 1200, output: 300 },
  { entity: { type: 'customer', id: 'acme' }, tags: { plan: 'pro' }, model: 'gpt-4o', input: 800, output: 150, stream: true },
  { entity: { type: 'customer', id: 'globex' }, tags: { plan: 'free' }, model: 'gpt-4o-mini', input: 5000, output: 2000 },
  { model: UNKNOWN_MODEL, input: 40, output: 10 },
];

export interface GroupExpectation {
  calls: number;
  costUsd: number;
}

export interface KnownRunExpectation {
  readonly calls: number;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Keyed as the page shows them: `customer acme`, `gpt-4o`, `plan=pro`. */
  readonly byEntity: Record<string, GroupExpectation>;
  readonly byModel: Record<string, GroupExpectation>;
  readonly byTag: Record<string, GroupExpectation>;
  /** Unpriced calls per cost status. */
  readonly unpriced: Record<string, number>;
}

/** Makes the calls one after another (so their order is known) and returns what they add up to. */
export async function makeKnownRun(client: OpenAI, provider: FakeProvider, canaries: Canaries): Promise<KnownRunExpectation> {
  const expected = {
    calls: 0,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    byEntity: {} as Record<string, GroupExpectation>,
    byModel: {} as Record<string, GroupExpectation>,
    byTag: {} as Record<string, GroupExpectation>,
    unpriced: {} as Record<string, number>,
  };
  for (const call of PLAN) {
    provider.enqueue('/v1/chat/completions', {
      content: canaries.responseContent,
      tokens: { input: call.input, output: call.output },
    });
    const messages = [
      { role: 'system' as const, content: canaries.systemMessage },
      { role: 'user' as const, content: canaries.userMessage },
    ];
    const send = async (): Promise<void> => {
      if (call.stream === true) {
        const stream = await client.chat.completions.create({
          model: call.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const chunk of stream) void chunk;
      } else {
        await client.chat.completions.create({ model: call.model, messages });
      }
    };
    const tagged = (): Promise<void> => (call.tags === undefined ? send() : withTags(call.tags, send));
    await (call.entity === undefined ? tagged() : withEntity(call.entity, tagged));

    const cost = calculateCost({ provider: 'openai', model: call.model, usage: { inputTokens: call.input, outputTokens: call.output } });
    const usd = cost.usd ?? 0;
    expected.calls++;
    expected.costUsd += usd;
    expected.inputTokens += call.input;
    expected.outputTokens += call.output;
    const add = (table: Record<string, GroupExpectation>, key: string): void => {
      const row = (table[key] ??= { calls: 0, costUsd: 0 });
      row.calls++;
      row.costUsd += usd;
    };
    add(expected.byEntity, call.entity === undefined ? '(none)' : `${call.entity.type} ${call.entity.id}`);
    add(expected.byModel, call.model);
    for (const [key, value] of Object.entries(call.tags ?? {})) add(expected.byTag, `${key}=${value}`);
    if (cost.usd === undefined) expected.unpriced[cost.status] = (expected.unpriced[cost.status] ?? 0) + 1;
  }
  return expected;
}
