// Issue #7, item 6: no canary byte, API key or auth header in anything we export or log, on
// error paths too, under both OTLP encodings (http/json and http/protobuf, decoded by the
// receiver so the test sees spans, not just bytes), with every diag line captured at the most
// verbose level, through init()'s real export path (traces and metrics). The scenarios cover
// OpenAI chat completions; the other endpoints and providers use the same harness
// (test/support/canary-harness.ts) in test/privacy/*-export.test.ts.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { findCanaries, listCanaries, makeCanaries, type Canaries } from '../support/canaries.js';
import { expectNoLeaks, ourSpans, readSentToProvider, runCanaryScenarios, useCanaryBed, type CanaryScenario } from '../support/canary-harness.js';
import type { FakeProvider } from '../support/fake-provider/index.js';

const PATH = '/v1/chat/completions';
const bed = useCanaryBed();
beforeAll(() => ensureContextManager());

function request(canaries: Canaries) {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'system' as const, content: canaries.systemMessage },
      { role: 'user' as const, content: canaries.userMessage },
      { role: 'assistant' as const, content: canaries.assistantMessage },
    ],
    tools: [
      {
        type: 'function' as const,
        function: {
          name: canaries.toolName,
          description: canaries.toolDescription,
          parameters: { type: 'object', properties: { [canaries.toolParameters]: { type: 'string' } } },
        },
      },
    ],
    entity_id: 'privacy-everywhere',
  };
}

function clientFor(provider: FakeProvider, canaries: Canaries): OpenAI {
  return new OpenAI({ apiKey: canaries.apiKey, baseURL: provider.openaiBaseURL, maxRetries: 0 });
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) {
    // consume
  }
}

/** OpenAI chat completions, success and every error path, each with canaries in content fields. */
const OPENAI_CHAT_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: 'success with content and tool call',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, toolCalls: [{ name: canaries.toolName, arguments: canaries.toolCallArguments }] });
      return clientFor(provider, canaries).chat.completions.create(request(canaries) as never);
    },
  },
  {
    name: 'HTTP 400 echoing the input',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { kind: 'error', status: 400, message: canaries.errorMessage });
      return clientFor(provider, canaries).chat.completions.create(request(canaries) as never);
    },
  },
  {
    name: 'HTTP 500',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { kind: 'error', status: 500, message: canaries.errorMessage });
      return clientFor(provider, canaries).chat.completions.create(request(canaries) as never);
    },
  },
  {
    name: 'error event mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, streamError: { afterChunks: 2, message: canaries.errorMessage } });
      await drain(await clientFor(provider, canaries).chat.completions.create({ ...request(canaries), stream: true } as never) as never);
    },
  },
  {
    name: 'socket cut mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, cutAfterChunks: 2 });
      await drain(await clientFor(provider, canaries).chat.completions.create({ ...request(canaries), stream: true } as never) as never);
    },
  },
  {
    name: 'aborted mid-stream',
    run: async ({ provider, canaries }) => {
      provider.enqueue(PATH, { content: canaries.responseContent, stallAfterChunks: 2 });
      const controller = new AbortController();
      const stream = await clientFor(provider, canaries).chat.completions.create({ ...request(canaries), stream: true } as never, {
        signal: controller.signal,
      });
      let seen = 0;
      for await (const _chunk of stream as unknown as AsyncIterable<unknown>) {
        if (++seen === 1) controller.abort();
      }
    },
  },
  {
    name: 'truncated JSON body holding content',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, {
        kind: 'raw',
        headers: { 'content-type': 'application/json' },
        body: `{"id":"x","choices":[{"message":{"content":"${canaries.responseContent}`,
      });
      return clientFor(provider, canaries).chat.completions.create(request(canaries) as never);
    },
  },
  {
    name: 'HTML error page holding content',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { kind: 'raw', status: 502, headers: { 'content-type': 'text/html' }, body: `<html>${canaries.errorMessage}</html>` });
      return clientFor(provider, canaries).chat.completions.create(request(canaries) as never);
    },
  },
  {
    name: 'network error before any answer',
    run: ({ provider, canaries }) => {
      provider.enqueue(PATH, { kind: 'destroySocket' });
      return clientFor(provider, canaries).chat.completions.create(request(canaries) as never);
    },
  },
];

describe.each(['http/json', 'http/protobuf'] as const)('privacy over OTLP %s', (protocol) => {
  it('exports and logs no canary, no provider key and no InfraPrism key, on success and error paths', async () => {
    const canaries = makeCanaries(`everywhere_${protocol.slice(5)}`);
    const infraprismApiKey = `ipk_infraprism_${canaries.apiKey.slice(-16)}`;
    const result = await runCanaryScenarios({
      protocol,
      receiver: bed.receiver,
      provider: bed.provider,
      canaries,
      infraprismApiKey,
      modules: { openai: OpenAI },
      scenarios: OPENAI_CHAT_SCENARIOS,
    });

    // The test can fail: one span per scenario was decoded from the chosen encoding, and the
    // canaries did travel to the provider and back.
    expect(ourSpans(result.spans)).toHaveLength(OPENAI_CHAT_SCENARIOS.length);
    expect(result.metricsBodies.length).toBeGreaterThan(0);
    expect(bed.receiver.traceRequests().every((r) => r.contentType === (protocol === 'http/json' ? 'application/json' : 'application/x-protobuf'))).toBe(true);
    // Only these resolve; the rest are error paths (openai 6 ends an aborted stream quietly).
    expect(result.succeeded).toEqual(['success with content and tool call', 'aborted mid-stream']);
    const sentToProvider = readSentToProvider(bed.provider);
    expect(findCanaries(sentToProvider, canaries).length).toBeGreaterThanOrEqual(7);
    // The exporter's verbose dump of each batch is among the diag lines searched.
    expect(result.diagLines.some((line) => line.includes('items to be sent') && line.includes('gen_ai.usage.input_tokens'))).toBe(true);

    expectNoLeaks(result, bed, canaries, infraprismApiKey);
    expect(listCanaries(canaries)).toHaveLength(12);
  });
});
