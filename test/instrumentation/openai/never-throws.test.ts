// Issue #3: "never throw into user code". A failure inside our own span code — here a
// span that throws on every call, standing in for any bug of ours — must leave the
// caller's result and errors exactly as the SDK made them.
import { diag, DiagLogLevel, type Span, type Tracer } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '../../../src/instrumentation/openai/index.js';
import { startFakeProvider, type FakeProvider } from '../../support/fake-provider/index.js';

let provider: FakeProvider;
const diagErrors: string[] = [];

beforeAll(async () => {
  provider = await startFakeProvider();
  diag.setLogger(
    { error: (m) => diagErrors.push(m), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.ERROR,
  );
  const explodingSpan = new Proxy({} as Span, {
    get: () => () => {
      throw new Error('span exploded');
    },
  });
  const explodingTracer = { startSpan: () => explodingSpan } as unknown as Tracer;
  const instrumentation = new OpenAIInstrumentation({ enabled: false });
  instrumentation.setTracerProvider({ getTracer: () => explodingTracer });
  instrumentation.patchModule(OpenAI);
});
afterAll(() => provider.close());

it('returns the completion, streams and errors unchanged when our span code throws', async () => {
  const client = new OpenAI({ apiKey: 'k', baseURL: provider.openaiBaseURL, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  expect(completion.choices[0]?.message.content).toBeTypeOf('string');

  provider.enqueue('/v1/chat/completions', { kind: 'success', content: 'p q r', chunks: 3 });
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  expect(text).toBe('p q r');

  provider.enqueue('/v1/chat/completions', { kind: 'error', status: 429 });
  await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
    OpenAI.RateLimitError,
  );
  expect(diagErrors.length).toBeGreaterThan(0);
  expect(diagErrors.join('\n')).not.toContain('span exploded');
});

it('returns every other endpoint\'s result unchanged when our span code throws', async () => {
  const client = new OpenAI({ apiKey: 'k', baseURL: provider.openaiBaseURL, maxRetries: 0 });
  const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' });
  expect(embeddings.data).toHaveLength(1);

  const responses = await client.responses.create({ model: 'gpt-4o', input: 'hi', stream: true });
  const types: string[] = [];
  for await (const event of responses) types.push(event.type);
  expect(types.at(-1)).toBe('response.completed');

  provider.enqueue('/v1/audio/speech', { kind: 'success', content: 'audio bytes' });
  const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi' });
  expect(Buffer.from(await speech.arrayBuffer()).toString()).toBe('audio bytes');
  expect(diagErrors.join('\n')).not.toContain('span exploded');
});
