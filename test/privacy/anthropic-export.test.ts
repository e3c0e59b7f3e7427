// Issue #7, item 6, for Anthropic: messages streamed and not (helper stream too), system prompts,
// tool use and tool results, images and documents in the content, refusals, HTTP errors echoing the
// input, errors and cuts mid-stream, aborts; AnthropicBedrock (streamed too) and AnthropicVertex;
// and the SDK's own spans (1.x) with content capture on, by client option or by env, which
// InfraPrismSpanProcessor must scrub. Through init()'s real export path (OTLP/HTTP JSON and
// protobuf traces, metrics) and every diag message: no canary, no API key (the x-api-key, the
// Vertex token), no auth header.
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { describe, expect, it } from 'vitest';
import { findCanaries, makeCanaries, type Canaries } from '../support/canaries.js';
import { expectedSpanCount, expectNoLeaks, ourSpans, readSentToProvider, runCanaryScenarios, useCanaryBed, type CanaryScenario } from '../support/canary-harness.js';
import type { FakeProvider } from '../support/fake-provider/index.js';

const bed = useCanaryBed();

const PATH = '/v1/messages';
const MODEL = 'claude-sonnet-4-0';
const hasBeta = typeof (Anthropic as unknown as { Beta?: { Messages?: unknown } }).Beta?.Messages === 'function';
const hasCompletions = typeof (Anthropic as unknown as { Completions?: unknown }).Completions === 'function';

type AnthropicOptions = ConstructorParameters<typeof Anthropic>[0];

function client(provider: FakeProvider, canaries: Canaries, options: AnthropicOptions = {}): Anthropic {
  return new Anthropic({ apiKey: canaries.apiKey, baseURL: provider.anthropicBaseURL, maxRetries: 0, ...options });
}

/** A client whose SDK records prompts and answers on its own span (1.x; ignored by 0.x). */
function contentClient(provider: FakeProvider, canaries: Canaries): Anthropic {
  return client(provider, canaries, { openTelemetry: { traces: { contentMode: 'content' } } } as AnthropicOptions);
}

async function drain(stream: unknown): Promise<void> {
  for await (const _event of stream as AsyncIterable<unknown>) {
    // consume
  }
}

/** Canaries in every content field Anthropic accepts: system, turns, tools, images, documents. */
function params(canaries: Canaries) {
  return {
    model: MODEL,
    max_tokens: 256,
    system: [{ type: 'text' as const, text: canaries.systemMessage, cache_control: { type: 'ephemeral' as const } }],
    stop_sequences: [canaries.refusal],
    messages: [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: canaries.userMessage },
          { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: Buffer.from(canaries.toolParameters).toString('base64') } },
          { type: 'document' as const, source: { type: 'text' as const, media_type: 'text/plain' as const, data: canaries.toolResult }, title: canaries.toolDescription },
        ],
      },
      {
        role: 'assistant' as const,
        content: [
          { type: 'text' as const, text: canaries.assistantMessage },
          { type: 'tool_use' as const, id: 'toolu_1', name: canaries.toolName, input: { [canaries.toolParameters]: canaries.toolCallArguments } },
        ],
      },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_1', content: canaries.toolResult }] },
    ],
    tools: [
      {
        name: canaries.toolName,
        description: canaries.toolDescription,
        input_schema: { type: 'object' as const, properties: { [canaries.toolParameters]: { type: 'string', description: canaries.toolDescription } } },
      },
    ],
    metadata: { user_id: 'privacy-anthropic' },
  };
}

function toolAnswer(canaries: Canaries) {
  return {
    content: canaries.responseContent,
    toolCalls: [{ name: canaries.toolName, arguments: JSON.stringify({ [canaries.toolParameters]: canaries.toolCallArguments }) }],
  };
}

function error400(canaries: Canaries) {
  return { kind: 'error' as const, status: 400, message: `messages.0.content: ${canaries.errorMessage} ${canaries.userMessage}` };
}

const MESSAGES_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'create: system, images, documents, tool use and tool result; answer with text and tool use',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, toolAnswer(canaries));
      return client(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'create: streamed with text and tool-input deltas',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, toolAnswer(canaries));
      await drain(await client(provider, canaries).messages.create({ ...params(canaries), stream: true }));
    },
  },
  {
    name: 'stream() helper to finalMessage()',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, toolAnswer(canaries));
      return client(provider, canaries).messages.stream(params(canaries)).finalMessage();
    },
  },
  {
    name: 'refusal',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { refusal: canaries.refusal });
      return client(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, error400(canaries));
      return client(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'HTTP 529 overloaded',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { kind: 'error', status: 529, message: canaries.errorMessage });
      return client(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'error event mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, streamError: { afterChunks: 4, message: canaries.errorMessage } });
      await drain(await client(provider, canaries).messages.create({ ...params(canaries), stream: true }));
    },
  },
  {
    name: 'socket cut mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, cutAfterChunks: 4 });
      await drain(await client(provider, canaries).messages.create({ ...params(canaries), stream: true }));
    },
  },
  {
    name: 'aborted mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, stallAfterChunks: 3 });
      const controller = new AbortController();
      const stream = await client(provider, canaries).messages.create({ ...params(canaries), stream: true }, { signal: controller.signal });
      for await (const event of stream) if (event.type === 'message_start') controller.abort();
    },
  },
  {
    name: 'malformed JSON body holding content',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { kind: 'raw', headers: { 'content-type': 'application/json' }, body: `{"type":"message","content":[{"type":"text","text":"${canaries.responseContent}` });
      return client(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'countTokens (no span, params kept from Anthropic)',
    spans: 0,
    run: ({ provider, canaries }) => client(provider, canaries).messages.countTokens({ model: MODEL, system: canaries.systemMessage, messages: params(canaries).messages }),
  },
  ...(hasBeta
    ? [
        {
          name: 'beta.messages.create streamed',
          run: async ({ provider, canaries }) => {
            provider.enqueue(PATH, toolAnswer(canaries));
            await drain(await client(provider, canaries).beta.messages.create({ ...params(canaries), stream: true } as never));
          },
        } satisfies CanaryScenario,
      ]
    : []),
  ...(hasCompletions
    ? [
        {
          name: 'legacy completions',
          run: ({ provider, canaries }) => {
            provider.enqueue('/v1/complete', { content: canaries.responseContent });
            const legacy = client(provider, canaries) as unknown as { completions: { create(body: unknown): Promise<unknown> } };
            return legacy.completions.create({ model: 'claude-2.1', max_tokens_to_sample: 64, prompt: `\n\nHuman: ${canaries.userMessage}\n\nAssistant:` });
          },
        } satisfies CanaryScenario,
      ]
    : []),
];

function bedrock(provider: FakeProvider): AnthropicBedrock {
  return new AnthropicBedrock({ baseURL: provider.url, awsRegion: 'us-east-1', skipAuth: true, maxRetries: 0 });
}

function vertex(provider: FakeProvider, canaries: Canaries): AnthropicVertex {
  // Stands in for google-auth-library's AuthClient: the SDK asks it for headers only.
  const authClient = { getRequestHeaders: () => Promise.resolve(new Headers({ authorization: `Bearer ${canaries.apiKey}` })) };
  return new AnthropicVertex({ baseURL: `${provider.url}/v1`, region: 'us-east5', projectId: 'fake-project', authClient: authClient as never, maxRetries: 0 });
}

const BEDROCK_MODEL = 'anthropic.claude-sonnet-4-20250514-v1:0';
const VERTEX_MODEL = 'claude-sonnet-4@20250514';

const BEDROCK_STREAM_PATH = `/model/${BEDROCK_MODEL}/invoke-with-response-stream`;

// Bedrock streams arrive in AWS event-stream binary: content base64 inside `chunk` frames, a
// failure as an `exception` frame whose message the SDK turns into an error event.
const PLATFORM_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'bedrock: create',
    run: ({ provider, canaries }) => {
      provider.enqueue(`/model/${BEDROCK_MODEL}/invoke`, toolAnswer(canaries));
      return bedrock(provider).messages.create({ ...params(canaries), model: BEDROCK_MODEL });
    },
  },
  {
    name: 'bedrock: create streamed with text and tool-input deltas',
    run: async ({ provider, canaries }) => {
      provider.enqueue(BEDROCK_STREAM_PATH, toolAnswer(canaries));
      await drain(await bedrock(provider).messages.create({ ...params(canaries), model: BEDROCK_MODEL, stream: true }));
    },
  },
  {
    name: 'bedrock: stream() helper to finalMessage()',
    run: ({ provider, canaries }) => {
      provider.enqueue(BEDROCK_STREAM_PATH, toolAnswer(canaries));
      return bedrock(provider).messages.stream({ ...params(canaries), model: BEDROCK_MODEL }).finalMessage();
    },
  },
  {
    name: 'bedrock: exception frame mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(BEDROCK_STREAM_PATH, { content: canaries.responseContent, streamError: { afterChunks: 4, message: canaries.errorMessage } });
      await drain(await bedrock(provider).messages.create({ ...params(canaries), model: BEDROCK_MODEL, stream: true }));
    },
  },
  {
    name: 'bedrock: HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue(`/model/${BEDROCK_MODEL}/invoke`, error400(canaries));
      return bedrock(provider).messages.create({ ...params(canaries), model: BEDROCK_MODEL });
    },
  },
  {
    name: 'vertex: create',
    run: ({ provider, canaries }) => vertex(provider, canaries).messages.create({ ...params(canaries), model: VERTEX_MODEL }),
  },
  {
    name: 'vertex: stream() helper',
    run: ({ provider, canaries }) => vertex(provider, canaries).messages.stream({ ...params(canaries), model: VERTEX_MODEL }).finalMessage(),
  },
];

const ENV_CONTENT_MODE = 'ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE';

// The SDK's own span with content on: ours plus theirs per request; theirs loses the content.
const NATIVE_CONTENT_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'native content mode: create',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, toolAnswer(canaries));
      return contentClient(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'native content mode: streamed',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, toolAnswer(canaries));
      await drain(await contentClient(provider, canaries).messages.create({ ...params(canaries), stream: true }));
    },
  },
  {
    name: 'native content mode: HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, error400(canaries));
      return contentClient(provider, canaries).messages.create(params(canaries));
    },
  },
  {
    name: 'native content mode: error event mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, streamError: { afterChunks: 4, message: canaries.errorMessage } });
      await drain(await contentClient(provider, canaries).messages.create({ ...params(canaries), stream: true }));
    },
  },
  {
    name: 'native content mode from the environment',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, toolAnswer(canaries));
      process.env[ENV_CONTENT_MODE] = 'content';
      try {
        return await client(provider, canaries).messages.create(params(canaries));
      } finally {
        delete process.env[ENV_CONTENT_MODE];
      }
    },
  },
];

/** Whether this SDK makes its own spans (1.x, 0.134+). */
const hasNativeSpans = (() => {
  const probe = new Anthropic({ apiKey: 'probe' }) as unknown as { openTelemetry?: unknown };
  return probe.openTelemetry !== undefined;
})();

const GROUPS: ReadonlyArray<readonly [string, readonly CanaryScenario[]]> = [
  ['messages', MESSAGES_SCENARIOS],
  ['Bedrock and Vertex', PLATFORM_SCENARIOS],
  ...(hasNativeSpans ? [['SDK native spans with content', NATIVE_CONTENT_SCENARIOS] as const] : []),
];

describe.each(['http/json', 'http/protobuf'] as const)('privacy over OTLP %s', (protocol) => {
  it.each(GROUPS)('%s: exports and logs no canary, key or auth header', async (group, scenarios) => {
    const canaries = makeCanaries(`ant_${protocol.slice(5)}`);
    const infraprismApiKey = `ipk_infraprism_${canaries.apiKey.slice(-16)}`;
    const result = await runCanaryScenarios({
      protocol,
      receiver: bed.receiver,
      provider: bed.provider,
      canaries,
      infraprismApiKey,
      modules: { anthropic: Anthropic },
      scenarios,
    });

    // The test can fail: every scenario was traced and exported under this encoding, the
    // canaries travelled to the provider, and the exporter's batch dumps were logged.
    expect(ourSpans(result.spans)).toHaveLength(expectedSpanCount(scenarios));
    expect(result.metricsBodies.length).toBeGreaterThan(0);
    const sentToProvider = readSentToProvider(bed.provider);
    expect(findCanaries(sentToProvider, canaries).length).toBeGreaterThanOrEqual(8);
    expect(result.diagLines.some((line) => line.includes('items to be sent') && line.includes('gen_ai.request.model'))).toBe(true);
    if (group === 'SDK native spans with content') {
      // One SDK span per request reached the receiver, scrubbed rather than dropped.
      const native = result.spans.filter((span) => !span.scope.name.startsWith('infraprism-') && span.kind === 3);
      expect(native).toHaveLength(scenarios.length);
    }

    expectNoLeaks(result, bed, canaries, infraprismApiKey);
  });
});
