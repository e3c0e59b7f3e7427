// Issue #7, item 6, on every OpenAI endpoint besides chat (test/delivery/privacy-everywhere.test.ts)
// and through AzureOpenAI and an OpenAI-compatible base URL: Responses, embeddings, completions,
// images and audio, streamed and not, with HTTP errors whose body echoes the input and errors
// mid-stream. Through init()'s real export path (OTLP/HTTP JSON and protobuf traces, metrics) and
// every diag message: no canary, no API key, no auth header.
import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { findCanaries, makeCanaries, type Canaries } from '../support/canaries.js';
import { expectedSpanCount, expectNoLeaks, ourSpans, readSentToProvider, runCanaryScenarios, useCanaryBed, type CanaryScenario } from '../support/canary-harness.js';
import type { FakeProvider } from '../support/fake-provider/index.js';
import { redirectFetch } from '../support/redirect-fetch.js';

const bed = useCanaryBed();

const GROQ_BASE_URL = 'https://api.groq.com/openai/v1';
const hasResponses = typeof (OpenAI as unknown as { Responses?: { prototype?: { create?: unknown } } }).Responses?.prototype?.create === 'function';

function client(provider: FakeProvider, canaries: Canaries): OpenAI {
  return new OpenAI({ apiKey: canaries.apiKey, baseURL: provider.openaiBaseURL, maxRetries: 0 });
}

async function drain(stream: unknown): Promise<void> {
  for await (const _event of stream as AsyncIterable<unknown>) {
    // consume
  }
}

function error400(canaries: Canaries) {
  return { kind: 'error' as const, status: 400, message: `Invalid input: ${canaries.errorMessage} ${canaries.userMessage}` };
}

function responsesInput(canaries: Canaries) {
  return [
    { role: 'user' as const, content: canaries.userMessage },
    { type: 'function_call' as const, call_id: 'call_1', name: canaries.toolName, arguments: canaries.toolCallArguments },
    { type: 'function_call_output' as const, call_id: 'call_1', output: canaries.toolResult },
  ];
}

function responsesParams(canaries: Canaries) {
  return {
    model: 'gpt-4o',
    instructions: canaries.systemMessage,
    input: responsesInput(canaries),
    tools: [
      {
        type: 'function' as const,
        name: canaries.toolName,
        description: canaries.toolDescription,
        parameters: { type: 'object', properties: { [canaries.toolParameters]: { type: 'string' } } },
        strict: false,
      },
    ],
    entity_id: 'privacy-openai-endpoints',
  };
}

const RESPONSES_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'responses: success with instructions, tool call and tool output',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/responses', { content: canaries.responseContent });
      return client(provider, canaries).responses.create(responsesParams(canaries) as never);
    },
  },
  {
    name: 'responses: streamed',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/responses', { content: canaries.responseContent });
      await drain(await client(provider, canaries).responses.create({ ...responsesParams(canaries), stream: true } as never));
    },
  },
  {
    name: 'responses: error event mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/responses', { content: canaries.responseContent, streamError: { afterChunks: 3, message: canaries.errorMessage } });
      await drain(await client(provider, canaries).responses.create({ ...responsesParams(canaries), stream: true } as never));
    },
  },
  {
    name: 'responses: socket cut mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/responses', { content: canaries.responseContent, cutAfterChunks: 3 });
      await drain(await client(provider, canaries).responses.create({ ...responsesParams(canaries), stream: true } as never));
    },
  },
  {
    name: 'responses: HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/responses', error400(canaries));
      return client(provider, canaries).responses.create(responsesParams(canaries) as never);
    },
  },
];

const EMBEDDINGS_AND_COMPLETIONS_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'embeddings: success',
    run: ({ provider, canaries }) =>
      client(provider, canaries).embeddings.create({ model: 'text-embedding-3-small', input: [canaries.userMessage, canaries.assistantMessage] }),
  },
  {
    name: 'embeddings: HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/embeddings', error400(canaries));
      return client(provider, canaries).embeddings.create({ model: 'text-embedding-3-small', input: canaries.userMessage });
    },
  },
  {
    name: 'completions: success',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/completions', { content: canaries.responseContent });
      return client(provider, canaries).completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: canaries.userMessage, suffix: canaries.assistantMessage });
    },
  },
  {
    name: 'completions: streamed',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/completions', { content: canaries.responseContent });
      await drain(await client(provider, canaries).completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: canaries.userMessage, stream: true }));
    },
  },
  {
    name: 'completions: error event mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/completions', { content: canaries.responseContent, streamError: { afterChunks: 2, message: canaries.errorMessage } });
      await drain(await client(provider, canaries).completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: canaries.userMessage, stream: true }));
    },
  },
  {
    name: 'completions: HTTP 500 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/completions', { kind: 'error', status: 500, message: canaries.errorMessage });
      return client(provider, canaries).completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: canaries.userMessage });
    },
  },
];

const IMAGES_AND_AUDIO_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'images: generation',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/images/generations', { content: canaries.responseContent });
      return client(provider, canaries).images.generate({ model: 'gpt-image-1', prompt: canaries.userMessage });
    },
  },
  {
    name: 'images: edit of an uploaded image',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/images/edits', { content: canaries.responseContent });
      const image = await toFile(Buffer.from(canaries.toolParameters), 'in.png', { type: 'image/png' });
      return client(provider, canaries).images.edit({ model: 'gpt-image-1', image, prompt: canaries.userMessage });
    },
  },
  {
    name: 'images: HTTP 400 echoing the prompt',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/images/generations', error400(canaries));
      return client(provider, canaries).images.generate({ model: 'gpt-image-1', prompt: canaries.userMessage });
    },
  },
  {
    name: 'audio: transcription with a prompt',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/audio/transcriptions', { content: canaries.responseContent });
      const file = await toFile(Buffer.from(canaries.toolCallArguments), 'a.wav', { type: 'audio/wav' });
      return client(provider, canaries).audio.transcriptions.create({ model: 'gpt-4o-transcribe', file, prompt: canaries.systemMessage });
    },
  },
  {
    name: 'audio: streamed transcription',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/audio/transcriptions', { content: canaries.responseContent });
      const file = await toFile(Buffer.from(canaries.toolCallArguments), 'a.wav', { type: 'audio/wav' });
      await drain(await client(provider, canaries).audio.transcriptions.create({ model: 'gpt-4o-mini-transcribe', file, stream: true } as never));
    },
  },
  {
    name: 'audio: translation',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/audio/translations', { content: canaries.responseContent });
      const file = await toFile(Buffer.from(canaries.toolCallArguments), 'a.wav', { type: 'audio/wav' });
      return client(provider, canaries).audio.translations.create({ model: 'whisper-1', file, prompt: canaries.systemMessage });
    },
  },
  {
    name: 'audio: speech',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/audio/speech', { content: canaries.toolResult });
      const speech = await client(provider, canaries).audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: canaries.userMessage, instructions: canaries.systemMessage } as never);
      await speech.arrayBuffer();
    },
  },
  {
    name: 'audio: speech HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/audio/speech', error400(canaries));
      return client(provider, canaries).audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: canaries.userMessage });
    },
  },
];

function chatParams(canaries: Canaries) {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'system' as const, content: canaries.systemMessage },
      { role: 'user' as const, content: canaries.userMessage },
      { role: 'assistant' as const, content: canaries.assistantMessage },
    ],
    tools: [{ type: 'function' as const, function: { name: canaries.toolName, description: canaries.toolDescription } }],
  };
}

function azure(provider: FakeProvider, canaries: Canaries): AzureOpenAI {
  return new AzureOpenAI({ endpoint: provider.url, apiKey: canaries.apiKey, apiVersion: '2024-10-21', deployment: 'gpt-4o', maxRetries: 0 });
}

/** A Groq client whose requests reach the fake provider: the real base URL, on loopback. */
function groq(provider: FakeProvider, canaries: Canaries): OpenAI {
  return new OpenAI({ apiKey: canaries.apiKey, baseURL: GROQ_BASE_URL, maxRetries: 0, fetch: redirectFetch(GROQ_BASE_URL, provider.openaiBaseURL) });
}

const OTHER_HOSTS_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'azure: chat with a tool call',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/chat/completions', { toolCalls: [{ name: canaries.toolName, arguments: canaries.toolCallArguments }] });
      return azure(provider, canaries).chat.completions.create(chatParams(canaries));
    },
  },
  {
    name: 'azure: streamed chat (usage asked for and its chunk hidden)',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/chat/completions', { content: canaries.responseContent });
      await drain(await azure(provider, canaries).chat.completions.create({ ...chatParams(canaries), stream: true }));
    },
  },
  {
    name: 'azure: HTTP 400 echoing the input (content filter)',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/chat/completions', { ...error400(canaries), code: 'content_filter' });
      return azure(provider, canaries).chat.completions.create(chatParams(canaries));
    },
  },
  {
    name: 'compatible base URL: streamed chat with the usage option',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/chat/completions', { content: canaries.responseContent, refusal: canaries.refusal });
      await drain(await groq(provider, canaries).chat.completions.create({ ...chatParams(canaries), model: 'llama-3.3-70b-versatile', stream: true }));
    },
  },
  {
    name: 'compatible base URL: error event mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue('/v1/chat/completions', { content: canaries.responseContent, streamError: { afterChunks: 2, message: canaries.errorMessage } });
      await drain(await groq(provider, canaries).chat.completions.create({ ...chatParams(canaries), model: 'llama-3.3-70b-versatile', stream: true }));
    },
  },
  {
    name: 'compatible base URL: HTTP 429 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue('/v1/chat/completions', { kind: 'error', status: 429, message: canaries.errorMessage });
      return groq(provider, canaries).chat.completions.create({ ...chatParams(canaries), model: 'llama-3.3-70b-versatile' });
    },
  },
];

const GROUPS: ReadonlyArray<readonly [string, readonly CanaryScenario[]]> = [
  ...(hasResponses ? [['Responses', RESPONSES_SCENARIOS] as const] : []),
  ['embeddings and completions', EMBEDDINGS_AND_COMPLETIONS_SCENARIOS],
  ['images and audio', IMAGES_AND_AUDIO_SCENARIOS],
  ['AzureOpenAI and a compatible base URL', OTHER_HOSTS_SCENARIOS],
];

describe.each(['http/json', 'http/protobuf'] as const)('privacy over OTLP %s', (protocol) => {
  it.each(GROUPS)('%s: exports and logs no canary, key or auth header', async (_group, scenarios) => {
    const canaries = makeCanaries(`oai_${protocol.slice(5)}`);
    const infraprismApiKey = `ipk_infraprism_${canaries.apiKey.slice(-16)}`;
    const result = await runCanaryScenarios({
      protocol,
      receiver: bed.receiver,
      provider: bed.provider,
      canaries,
      infraprismApiKey,
      modules: { openai: OpenAI },
      streamUsageBaseURLs: [GROQ_BASE_URL],
      scenarios,
    });

    // The test can fail: every scenario was traced and exported under this encoding, the
    // canaries travelled to the provider, and the exporter's batch dumps were logged.
    expect(ourSpans(result.spans)).toHaveLength(expectedSpanCount(scenarios));
    expect(result.metricsBodies.length).toBeGreaterThan(0);
    const sentToProvider = readSentToProvider(bed.provider);
    expect(findCanaries(sentToProvider, canaries).length).toBeGreaterThanOrEqual(3);
    expect(findCanaries(sentToProvider, [canaries.apiKey])).toEqual([canaries.apiKey]);
    expect(result.diagLines.some((line) => line.includes('items to be sent') && line.includes('gen_ai.request.model'))).toBe(true);

    expectNoLeaks(result, bed, canaries, infraprismApiKey);
  });
});
