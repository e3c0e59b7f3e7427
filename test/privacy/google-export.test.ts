// The privacy promise for `@google/genai`: canaries in the contents (user and model turns),
// the system instruction, tools (names, descriptions, parameter schemas), function calls and
// function responses, the answers, and in HTTP errors and mid-stream errors (the SDK's
// `ApiError.message` is the whole error body, which can echo the request); streamed and not,
// chats, embeddings, Gemini API and Vertex AI. Through init()'s real export path (OTLP/HTTP JSON
// and protobuf traces, metrics) and every diag message: no canary, no API key, no auth header.
import * as genai from '@google/genai';
import { describe, expect, it } from 'vitest';
import { findCanaries, makeCanaries, type Canaries } from '../support/canaries.js';
import {
  expectedSpanCount,
  expectNoLeaks,
  ourSpans,
  readSentToProvider,
  runCanaryScenarios,
  useCanaryBed,
  type CanaryScenario,
} from '../support/canary-harness.js';
import type { FakeProvider } from '../support/fake-provider/index.js';
import { GEMINI_API_VERSION, geminiPath } from '../support/google-test-bed.js';

const bed = useCanaryBed();

const MODEL = 'gemini-2.5-flash';

function gemini(provider: FakeProvider, canaries: Canaries): genai.GoogleGenAI {
  return new genai.GoogleGenAI({ apiKey: canaries.apiKey, httpOptions: { baseUrl: provider.url, apiVersion: GEMINI_API_VERSION } });
}

function vertex(provider: FakeProvider, canaries: Canaries): genai.GoogleGenAI {
  return new genai.GoogleGenAI({ vertexai: true, apiKey: canaries.apiKey, httpOptions: { baseUrl: provider.url } });
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) {
    // consume
  }
}

/** Canaries in every content field Gemini accepts: turns, function calls and responses, system, tools. */
function params(canaries: Canaries, extra: genai.GenerateContentConfig = {}): genai.GenerateContentParameters {
  return {
    model: MODEL,
    contents: [
      { role: 'user', parts: [{ text: canaries.userMessage }, { inlineData: { mimeType: 'text/plain', data: Buffer.from(canaries.toolParameters).toString('base64') } }] },
      {
        role: 'model',
        parts: [{ text: canaries.assistantMessage }, { functionCall: { name: canaries.toolName, args: { [canaries.toolParameters]: canaries.toolCallArguments } } }],
      },
      { role: 'user', parts: [{ functionResponse: { name: canaries.toolName, response: { output: canaries.toolResult } } }] },
    ],
    config: {
      systemInstruction: canaries.systemMessage,
      stopSequences: [canaries.refusal],
      tools: [
        {
          functionDeclarations: [
            {
              name: canaries.toolName,
              description: canaries.toolDescription,
              parametersJsonSchema: { type: 'object', properties: { [canaries.toolParameters]: { type: 'string', description: canaries.toolDescription } } },
            },
          ],
        },
      ],
      temperature: 0.2,
      ...extra,
    },
  };
}

function toolAnswer(canaries: Canaries) {
  return {
    content: canaries.responseContent,
    toolCalls: [{ name: canaries.toolName, arguments: JSON.stringify({ [canaries.toolParameters]: canaries.toolCallArguments }) }],
  };
}

const SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'generateContent: turns, function call and response, system, tools; answer with text and a function call',
    run: ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'generateContent'), toolAnswer(canaries));
      return gemini(provider, canaries).models.generateContent(params(canaries));
    },
  },
  {
    name: 'generateContentStream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), toolAnswer(canaries));
      await drain(await gemini(provider, canaries).models.generateContentStream(params(canaries)));
    },
  },
  {
    name: 'Vertex AI generateContent',
    run: ({ provider, canaries }) => {
      provider.enqueue(`/v1beta1/publishers/google/models/${MODEL}:generateContent`, toolAnswer(canaries));
      return vertex(provider, canaries).models.generateContent(params(canaries));
    },
  },
  {
    name: 'chat sendMessage with history, entity in config',
    run: ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'generateContent'), { content: canaries.responseContent });
      const chat = gemini(provider, canaries).chats.create({
        model: MODEL,
        config: { systemInstruction: canaries.systemMessage, entity_id: 'privacy-google' } as genai.GenerateContentConfig,
        history: [
          { role: 'user', parts: [{ text: canaries.userMessage }] },
          { role: 'model', parts: [{ text: canaries.assistantMessage }] },
        ],
      });
      return chat.sendMessage({ message: canaries.userMessage });
    },
  },
  {
    name: 'embedContent',
    run: ({ provider, canaries }) =>
      gemini(provider, canaries).models.embedContent({ model: 'gemini-embedding-001', contents: [canaries.userMessage] }),
  },
  {
    name: 'HTTP 400 echoing the input (ApiError.message is the whole body)',
    run: ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'generateContent'), {
        kind: 'error',
        status: 400,
        message: `Invalid value at 'contents[0]': ${canaries.errorMessage} ${canaries.userMessage}`,
      });
      return gemini(provider, canaries).models.generateContent(params(canaries));
    },
  },
  {
    name: 'error mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), {
        content: canaries.responseContent,
        chunkDelayMs: 10,
        streamError: { afterChunks: 1, message: canaries.errorMessage },
      });
      await drain(await gemini(provider, canaries).models.generateContentStream(params(canaries)));
    },
  },
  {
    name: 'socket cut mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), { content: canaries.responseContent, cutAfterChunks: 2 });
      await drain(await gemini(provider, canaries).models.generateContentStream(params(canaries)));
    },
  },
  {
    name: 'aborted mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'streamGenerateContent'), { content: canaries.responseContent, stallAfterChunks: 1 });
      const controller = new AbortController();
      const stream = await gemini(provider, canaries).models.generateContentStream(params(canaries, { abortSignal: controller.signal }));
      for await (const _chunk of stream) controller.abort();
    },
  },
  {
    name: 'malformed JSON body',
    run: ({ provider, canaries }) => {
      provider.enqueue(geminiPath(MODEL, 'generateContent'), {
        kind: 'raw',
        headers: { 'content-type': 'application/json' },
        body: `{"candidates":[{"content":{"parts":[{"text":"${canaries.responseContent}"`,
      });
      return gemini(provider, canaries).models.generateContent(params(canaries));
    },
  },
];

describe.each(['http/json', 'http/protobuf'] as const)('privacy of @google/genai over OTLP %s', (protocol) => {
  it('exports and logs no canary, key or auth header', async () => {
    const canaries = makeCanaries(`google_${protocol.slice(5)}`);
    const infraprismApiKey = `ipk_infraprism_${canaries.apiKey.slice(-16)}`;
    const result = await runCanaryScenarios({
      protocol,
      receiver: bed.receiver,
      provider: bed.provider,
      canaries,
      infraprismApiKey,
      modules: { googleGenAI: genai },
      scenarios: SCENARIOS,
    });

    // The test can fail: every scenario was traced and exported under this encoding, the
    // canaries travelled to the provider, and the exporter's batch dumps were logged.
    expect(ourSpans(result.spans)).toHaveLength(expectedSpanCount(SCENARIOS));
    expect(result.metricsBodies.length).toBeGreaterThan(0);
    expect(findCanaries(readSentToProvider(bed.provider), canaries).length).toBeGreaterThanOrEqual(9);
    expect(result.diagLines.some((line) => line.includes('items to be sent') && line.includes('gen_ai.request.model'))).toBe(true);
    expectNoLeaks(result, bed, canaries, infraprismApiKey);
  });
});
