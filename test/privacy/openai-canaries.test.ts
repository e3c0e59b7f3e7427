// Issue #3, item 7: nothing that can hold user content is recorded. A unique canary in
// every content field of the request and of the fake response; none may appear in any
// byte the OTLP exporter sends, in the diag log, or in the in-memory spans.
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, type InfraPrism } from '../../src/index.js';
import { findCanaries, makeCanaries } from '../support/canaries.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

const canaries = makeCanaries('openai_chat');
const diagLines: string[] = [];
let provider: FakeProvider;
let receiver: OtlpReceiver;
let setup: InfraPrism;
let client: OpenAI;

beforeAll(async () => {
  diag.setLogger(
    {
      error: (...args) => diagLines.push(args.map(String).join(' ')),
      warn: (...args) => diagLines.push(args.map(String).join(' ')),
      info: (...args) => diagLines.push(args.map(String).join(' ')),
      debug: (...args) => diagLines.push(args.map(String).join(' ')),
      verbose: (...args) => diagLines.push(args.map(String).join(' ')),
    },
    DiagLogLevel.ALL,
  );
  provider = await startFakeProvider();
  receiver = await startOtlpReceiver();
  setup = init({ endpoint: receiver.url, apiKey: 'infraprism-key-not-a-canary', logLevel: 'none', instrumentModules: { openai: OpenAI } });
  client = new OpenAI({ apiKey: canaries.apiKey, baseURL: provider.openaiBaseURL, maxRetries: 0 });
});
afterAll(async () => {
  await setup.shutdown();
  await Promise.all([provider.close(), receiver.close()]);
  diag.disable();
  trace.disable();
});

function requestWithEveryContentField() {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'system' as const, content: canaries.systemMessage },
      { role: 'user' as const, content: [{ type: 'text' as const, text: canaries.userMessage }] },
      {
        role: 'assistant' as const,
        content: canaries.assistantMessage,
        tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: canaries.toolName, arguments: canaries.toolCallArguments } }],
      },
      { role: 'tool' as const, tool_call_id: 'call_1', content: canaries.toolResult },
    ],
    tools: [
      {
        type: 'function' as const,
        function: {
          name: canaries.toolName,
          description: canaries.toolDescription,
          parameters: { type: 'object', properties: { [canaries.toolParameters]: { type: 'string', description: canaries.toolParameters } } },
        },
      },
    ],
    stop: [canaries.userMessage],
    entity_type: 'customer',
    entity_id: 'privacy-check',
  };
}

describe('privacy', () => {
  it('exports no content from requests, responses, tool calls, errors or keys', async () => {
    provider.enqueue(
      '/v1/chat/completions',
      { kind: 'success', content: canaries.responseContent },
      { kind: 'success', toolCalls: [{ name: canaries.toolName, arguments: `{"q":"${canaries.toolCallArguments}"}` }] },
      { kind: 'success', refusal: canaries.refusal },
      { kind: 'success', content: canaries.responseContent },
      { kind: 'error', status: 400, message: canaries.errorMessage },
    );
    await client.chat.completions.create(requestWithEveryContentField());
    await client.chat.completions.create(requestWithEveryContentField());
    await client.chat.completions.create(requestWithEveryContentField());
    const stream = await client.chat.completions.create({ ...requestWithEveryContentField(), stream: true });
    for await (const _chunk of stream) {
      // consume
    }
    await client.chat.completions.create(requestWithEveryContentField()).catch(() => undefined);

    await setup.flush();
    const spans = await receiver.waitForSpans(5);
    expect(spans.every((span) => span.attributes['infraprism.entity.id'] === 'privacy-check')).toBe(true);

    // The canaries really went over the wire to the provider and back: the test can fail.
    expect(findCanaries(provider.requests.map((request) => request.rawBody + JSON.stringify(request.headers)), canaries).length).toBeGreaterThan(8);

    expect(findCanaries(receiver.receivedBytes(), canaries)).toEqual([]);
    expect(findCanaries(JSON.stringify(receiver.requestHeaders()), canaries)).toEqual([]);
    expect(findCanaries(diagLines, canaries)).toEqual([]);
  });
});
