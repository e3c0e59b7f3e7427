// Issue #7, item 4: bad provider answers. For each, the caller sees exactly what it sees with
// the instrumentation off (same value, or same error class and message: each scenario runs
// patched, then again on the unpatched module), the span carries what is known, and our code
// reports no internal error. The fake provider sends the bytes verbatim (`raw` replies).
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import type { RawReply } from '../support/fake-provider/types.js';
import { setUpInMemoryTracing, type InMemoryTracing } from '../support/in-memory-tracing.js';

const PATH = '/v1/chat/completions';
const JSON_HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_bad_input' };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'x-request-id': 'req_bad_input' };

function completion(extra: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'chatcmpl-bad',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    ...extra,
  });
}

function chunk(extra: Record<string, unknown>): string {
  const body = { id: 'chatcmpl-bad', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06', choices: [], ...extra };
  return `data: ${JSON.stringify(body)}\n\n`;
}
const CONTENT_CHUNK = chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }] });
const FINISH_CHUNK = chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });

interface Scenario {
  readonly name: string;
  readonly stream: boolean;
  readonly reply: RawReply;
  /** What the span must carry: attribute values, or `undefined` for "absent". */
  readonly span: Readonly<Record<string, unknown>>;
}

const json = (body: string): RawReply => ({ kind: 'raw', headers: JSON_HEADERS, body });
const sse = (body: string): RawReply => ({ kind: 'raw', headers: SSE_HEADERS, body });
const NO_USAGE = { 'gen_ai.usage.input_tokens': undefined, 'infraprism.cost.status': 'no_usage' };

const SCENARIOS: readonly Scenario[] = [
  { name: 'usage missing', stream: false, reply: json(completion({})), span: { ...NO_USAGE, 'gen_ai.response.id': 'chatcmpl-bad' } },
  { name: 'usage null', stream: false, reply: json(completion({ usage: null })), span: NO_USAGE },
  {
    name: 'usage negative',
    stream: false,
    reply: json(completion({ usage: { prompt_tokens: -5, completion_tokens: -1, total_tokens: -6 } })),
    span: { 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
  },
  {
    name: 'usage fractional',
    stream: false,
    reply: json(completion({ usage: { prompt_tokens: 1.5, completion_tokens: 2.25, total_tokens: 3.75 } })),
    span: { 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
  },
  {
    name: 'usage NaN-like strings',
    stream: false,
    reply: json(completion({ usage: { prompt_tokens: 'NaN', completion_tokens: 'Infinity', total_tokens: '12' } })),
    span: { 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
  },
  {
    name: 'usage huge',
    stream: false,
    reply: json(completion({ usage: { prompt_tokens: 1e308, completion_tokens: 9007199254740993, total_tokens: 1e309 } })),
    span: { 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
  },
  {
    name: 'unknown fields',
    stream: false,
    reply: json(completion({ usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, surprise: [1] }, extra_field: { nested: true } })),
    span: { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 20, 'infraprism.cost.status': 'priced' },
  },
  {
    name: 'model and id missing',
    stream: false,
    reply: json(JSON.stringify({ object: 'chat.completion', choices: [], usage: { prompt_tokens: 10, completion_tokens: 20 } })),
    span: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': undefined, 'gen_ai.response.id': undefined, 'gen_ai.usage.input_tokens': 10 },
  },
  { name: 'truncated JSON', stream: false, reply: json('{"id":"chatcmpl-bad","choices":[{"mess'), span: { 'gen_ai.request.model': 'gpt-4o' } },
  {
    name: 'HTTP 200 with an HTML body',
    stream: false,
    reply: { kind: 'raw', headers: { 'content-type': 'text/html', 'x-request-id': 'req_bad_input' }, body: '<html><body>502 Bad Gateway</body></html>' },
    span: { 'gen_ai.request.model': 'gpt-4o' },
  },
  {
    name: 'SSE cut mid-event',
    stream: true,
    reply: sse(`${CONTENT_CHUNK}data: {"id":"chatcmpl-bad","object":"chat.compl`),
    span: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.id': 'chatcmpl-bad' },
  },
  {
    name: 'stream without its terminating event',
    stream: true,
    reply: sse(`${CONTENT_CHUNK}${FINISH_CHUNK}`),
    span: { ...NO_USAGE, 'gen_ai.response.finish_reasons': ['stop'] },
  },
  {
    name: 'stream with a negative usage chunk',
    stream: true,
    reply: sse(`${CONTENT_CHUNK}${FINISH_CHUNK}${chunk({ usage: { prompt_tokens: -3, completion_tokens: 'x' } })}data: [DONE]\n\n`),
    span: { 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
  },
  {
    name: 'stream of HTML',
    stream: true,
    reply: { kind: 'raw', headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' },
    span: { 'gen_ai.request.model': 'gpt-4o' },
  },
];

/** What the caller observed, comparable across runs. */
type Outcome = { value: unknown } | { errorClass: string; errorMessage: string };

async function observe(client: OpenAI, scenario: Scenario): Promise<Outcome> {
  const params = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
  try {
    if (!scenario.stream) {
      const result = await client.chat.completions.create(params);
      return { value: JSON.parse(JSON.stringify(result)) };
    }
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const chunks: unknown[] = [];
    try {
      for await (const piece of stream) chunks.push(JSON.parse(JSON.stringify(piece)));
    } catch (error) {
      return { value: { chunks, ...describeError(error) } };
    }
    return { value: { chunks } };
  } catch (error) {
    return describeError(error);
  }
}

function describeError(error: unknown): { errorClass: string; errorMessage: string } {
  return error instanceof Error ? { errorClass: error.constructor.name, errorMessage: error.message } : { errorClass: typeof error, errorMessage: String(error) };
}

let provider: FakeProvider;
let tracing: InMemoryTracing;
const internalErrors: string[] = [];
const instrumented = new Map<string, { outcome: Outcome; span: ReadableSpan | undefined }>();

beforeAll(async () => {
  diag.setLogger(
    { error: (m) => internalErrors.push(m), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.ERROR,
  );
  provider = await startFakeProvider();
  tracing = setUpInMemoryTracing(OpenAI);
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
  for (const scenario of SCENARIOS) {
    tracing.reset();
    provider.enqueue(PATH, scenario.reply);
    const outcome = await observe(client, scenario);
    // A stream's span ends when the stream does; give an unread one a tick to settle.
    await new Promise((resolve) => setTimeout(resolve, 10));
    instrumented.set(scenario.name, { outcome, span: tracing.spans()[0] });
  }
  tracing.instrumentation.unpatchModule(OpenAI);
});
afterAll(async () => {
  await provider.close();
  diag.disable();
});

describe('bad provider answers', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s: same result as uninstrumented, span with what is known', async (_name, scenario) => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
    provider.enqueue(PATH, scenario.reply);
    const plain = await observe(client, scenario);
    const traced = instrumented.get(scenario.name)!;
    expect(traced.outcome).toEqual(plain);

    expect(traced.span, 'one span per call').toBeDefined();
    const attributes = traced.span!.attributes;
    expect(traced.span!.ended).toBe(true);
    for (const [key, value] of Object.entries(scenario.span)) {
      expect(attributes[key], key).toEqual(value);
    }
    // Whatever usage we recorded is a count a backend can sum: never negative, NaN or fractional.
    for (const key of ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens']) {
      const tokens = attributes[key];
      if (tokens !== undefined) expect(Number.isSafeInteger(tokens) && (tokens as number) >= 0, `${key}=${String(tokens)}`).toBe(true);
    }
    const cost = attributes['infraprism.cost.usd'];
    if (cost !== undefined) expect(Number.isFinite(cost) && (cost as number) >= 0, `cost=${String(cost)}`).toBe(true);
  });

  it('raised no internal error in our code for any of them', () => {
    expect(internalErrors).toEqual([]);
  });
});
