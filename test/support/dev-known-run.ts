/**
 * A known run for the `infraprism dev` tests: real openai calls against the fake provider, under
 * `withEntity`/`withTags`, one to a model no price table knows; and what the dev page must show
 * for it, with each cost computed by the pricing module as the spans are priced. Canaries sit in
 * every content field the calls send or receive. `startDevApp` sets up the receiver and the app.
 */
import OpenAIClass from 'openai';
import type OpenAI from 'openai';
import { startDevServer, type DevServer, type DevServerOptions } from '../../src/cli/dev/dev-server.js';
import { init, withEntity, withTags, type InfraPrism, type InitOptions } from '../../src/index.js';
import { calculateCost } from '../../src/pricing/index.js';
import type { Canaries } from './canaries.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';

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

/** The dev receiver, the fake provider, and an app exporting to the one and calling the other. */
export interface DevApp {
  readonly dev: DevServer;
  readonly provider: FakeProvider;
  readonly setup: InfraPrism;
  readonly client: OpenAI;
  /** The receiver's terminal lines. */
  readonly lines: string[];
  close(): Promise<void>;
}

/**
 * Starts `infraprism dev` on free ports and `init()` exporting to it (plus `initOptions`), with
 * an openai client of the fake provider whose API key is the canary's.
 */
export async function startDevApp(
  canaries: Canaries,
  initOptions: InitOptions = {},
  devOptions: DevServerOptions = {},
): Promise<DevApp> {
  const lines: string[] = [];
  const dev = await startDevServer({ port: 0, uiPort: 0, log: (line) => lines.push(line), ...devOptions });
  const provider = await startFakeProvider();
  const setup = init({ endpoint: dev.otlpUrl, logLevel: 'none', instrumentModules: { openai: OpenAIClass }, ...initOptions });
  const client = new OpenAIClass({ apiKey: canaries.apiKey, baseURL: provider.openaiBaseURL, maxRetries: 0 });
  return {
    dev,
    provider,
    setup,
    client,
    lines,
    async close() {
      await setup.shutdown();
      await Promise.all([dev.close(), provider.close()]);
    },
  };
}
