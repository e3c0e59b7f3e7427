// The privacy promise for Bedrock Runtime: Converse and ConverseStream with canaries in every
// content field (user and assistant turns, system, tools and their schemas, tool use and tool
// results, the answer and its tool calls), InvokeModel and its stream with an Anthropic body full
// of them, HTTP errors and stream exceptions whose messages echo the input, a cut stream.
// Through init()'s real export path (OTLP/HTTP JSON and protobuf, metrics) and every diag
// message: no canary, no AWS secret, no auth header.
import * as bedrockRuntime from '@aws-sdk/client-bedrock-runtime';
import {
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { makeBedrockClient } from '../support/bedrock-test-bed.js';
import { findCanaries, makeCanaries, type Canaries } from '../support/canaries.js';
import { expectedSpanCount, expectNoLeaks, ourSpans, readSentToProvider, runCanaryScenarios, useCanaryBed, type CanaryScenario } from '../support/canary-harness.js';
import { bedrockPath, type FakeProvider } from '../support/fake-provider/index.js';

const bed = useCanaryBed();

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

function client(provider: FakeProvider, canaries: Canaries) {
  return makeBedrockClient(provider.url, { credentials: { accessKeyId: 'AKIDPRIVACYTEST', secretAccessKey: canaries.apiKey } });
}

function converseInput(canaries: Canaries): ConverseCommandInput {
  return {
    modelId: MODEL,
    system: [{ text: canaries.systemMessage }],
    messages: [
      { role: 'user', content: [{ text: canaries.userMessage }] },
      {
        role: 'assistant',
        content: [
          { text: canaries.assistantMessage },
          { toolUse: { toolUseId: 'tooluse_1', name: canaries.toolName, input: { [canaries.toolParameters]: canaries.toolCallArguments } } },
        ],
      },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: canaries.toolResult }] } }] },
    ],
    toolConfig: {
      tools: [
        {
          toolSpec: {
            name: canaries.toolName,
            description: canaries.toolDescription,
            inputSchema: { json: { type: 'object', properties: { [canaries.toolParameters]: { type: 'string', description: canaries.toolDescription } } } },
          },
        },
      ],
    },
    inferenceConfig: { maxTokens: 64, stopSequences: [canaries.refusal] },
  };
}

function anthropicBody(canaries: Canaries): string {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 64,
    system: canaries.systemMessage,
    messages: [
      { role: 'user', content: canaries.userMessage },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: canaries.toolName, input: { [canaries.toolParameters]: canaries.toolCallArguments } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: canaries.toolResult }] },
    ],
    tools: [{ name: canaries.toolName, description: canaries.toolDescription, input_schema: { type: 'object' } }],
  });
}

function answer(canaries: Canaries) {
  return {
    content: canaries.responseContent,
    toolCalls: [{ name: canaries.toolName, arguments: JSON.stringify({ [canaries.toolParameters]: canaries.toolCallArguments }) }],
  };
}

async function drain(stream: AsyncIterable<unknown> | undefined): Promise<void> {
  for await (const _event of stream ?? []) {
    // consume
  }
}

const SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'Converse with tools and a tool-using answer',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'converse'), answer(canaries));
      await client(provider, canaries).send(new ConverseCommand(converseInput(canaries)));
    },
  },
  {
    name: 'ConverseStream with tools',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'converse-stream'), answer(canaries));
      await drain((await client(provider, canaries).send(new ConverseStreamCommand(converseInput(canaries)))).stream);
    },
  },
  {
    name: 'Converse HTTP error echoing the input',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'converse'), { kind: 'error', status: 400, message: `${canaries.errorMessage}: ${canaries.userMessage}` });
      await client(provider, canaries).send(new ConverseCommand(converseInput(canaries)));
    },
  },
  {
    name: 'ConverseStream exception frame echoing the input',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { ...answer(canaries), streamError: { afterChunks: 3, message: `${canaries.errorMessage} ${canaries.userMessage}` } });
      await drain((await client(provider, canaries).send(new ConverseStreamCommand(converseInput(canaries)))).stream);
    },
  },
  {
    name: 'ConverseStream cut mid-answer',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'converse-stream'), { ...answer(canaries), cutAfterChunks: 3 });
      await drain((await client(provider, canaries).send(new ConverseStreamCommand(converseInput(canaries)))).stream);
    },
  },
  {
    name: 'InvokeModel with an Anthropic body',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'invoke'), answer(canaries));
      await client(provider, canaries).send(new InvokeModelCommand({ modelId: MODEL, body: anthropicBody(canaries) }));
    },
  },
  {
    name: 'InvokeModelWithResponseStream with an Anthropic body and an exception',
    run: async ({ provider, canaries }) => {
      provider.enqueue(bedrockPath(MODEL, 'invoke-with-response-stream'), answer(canaries), {
        ...answer(canaries),
        streamError: { afterChunks: 4, message: canaries.errorMessage },
      });
      const sdk = client(provider, canaries);
      await drain((await sdk.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: anthropicBody(canaries) }))).body);
      await drain((await sdk.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: anthropicBody(canaries) }))).body);
    },
    spans: 2,
  },
];

describe.each(['http/json', 'http/protobuf'] as const)('Bedrock privacy over OTLP %s', (protocol) => {
  it('exports and logs no canary, key or auth header', async () => {
    const canaries = makeCanaries(`bedrock_${protocol.slice(5)}`);
    const infraprismApiKey = `ipk_infraprism_${canaries.apiKey.slice(-16)}`;
    const result = await runCanaryScenarios({
      protocol,
      receiver: bed.receiver,
      provider: bed.provider,
      canaries,
      infraprismApiKey,
      modules: { bedrockRuntime },
      scenarios: SCENARIOS,
    });

    // The test can fail: every scenario was traced and exported, and the canaries reached the provider.
    expect(ourSpans(result.spans)).toHaveLength(expectedSpanCount(SCENARIOS));
    expect(ourSpans(result.spans).every((span) => span.scope.name === 'infraprism-bedrock')).toBe(true);
    expect(result.metricsBodies.length).toBeGreaterThan(0);
    expect(findCanaries(readSentToProvider(bed.provider), canaries).length).toBeGreaterThanOrEqual(8);
    expect(result.diagLines.some((line) => line.includes('items to be sent') && line.includes('gen_ai.request.model'))).toBe(true);

    expectNoLeaks(result, bed, canaries, infraprismApiKey);
  });
});
