// Issue #4, item 2: streams report usage only with stream_options.include_usage. Where
// the endpoint accepts it (OpenAI, Azure, configured base URLs) we add it when the
// caller did not set it and hide the extra usage-only chunk from that caller; an
// explicit setting is never overridden; without usage the span says no_usage.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';
import { redirectFetch } from '../../support/redirect-fetch.js';

const CHAT_PATH = '/v1/chat/completions';
const bed = useOpenAITestBed(OpenAI);

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

const onlySpan = () => bed.onlySpan();

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function sentStreamOptions(): unknown {
  return (bed.provider.requests.at(-1)?.json as { stream_options?: unknown } | undefined)?.stream_options;
}

describe('a base URL that accepts stream_options (configured)', () => {
  beforeAll(() => {
    const config = bed.tracing.instrumentation.getConfig();
    bed.tracing.instrumentation.setConfig({ ...config, streamUsageBaseURLs: [`${bed.provider.openaiBaseURL}/`] });
  });

  it('asks for usage, hides the usage-only chunk from the caller, and prices the stream', async () => {
    const params = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }], stream: true as const };
    const before = JSON.stringify(params);
    const chunks = await collect<Chunk>(await bed.client.chat.completions.create(params));

    // The seeds' pattern `chunk.choices[0].delta` must not crash on a chunk the caller never asked for.
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.choices[0] !== undefined)).toBe(true);
    expect(JSON.stringify(params)).toBe(before);
    expect(sentStreamOptions()).toEqual({ include_usage: true });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.cost.usd': 0.005375,
    });
  });

  it('keeps other stream_options and hides the chunk from both tee() branches and toReadableStream()', async () => {
    const create = () =>
      bed.client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_obfuscation: false } as never,
      });
    const [left, right] = (await create()).tee();
    const [leftChunks, rightChunks] = await Promise.all([collect<Chunk>(left), collect<Chunk>(right)]);
    expect(sentStreamOptions()).toEqual({ include_obfuscation: false, include_usage: true });
    expect(rightChunks).toEqual(leftChunks);
    expect(leftChunks.every((chunk) => chunk.choices.length === 1)).toBe(true);

    const reader = (await create()).toReadableStream().getReader();
    let text = '';
    for (let result = await reader.read(); !result.done; result = await reader.read()) text += new TextDecoder().decode(result.value);
    expect(text).toContain('chat.completion.chunk');
    expect(text).not.toContain('"choices":[]');
    expect(bed.tracing.spans().map((span) => span.attributes['infraprism.cost.status'])).toEqual(['priced', 'priced']);
  });

  it('never overrides an explicit include_usage: false', async () => {
    await collect(await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: false } }));
    expect(sentStreamOptions()).toEqual({ include_usage: false });
    expect(onlySpan().attributes['infraprism.cost.status']).toBe('no_usage');
  });

  it('hands the usage chunk to a caller who asked for it', async () => {
    const chunks = await collect<Chunk>(
      await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
    );
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(500);
  });

  it('does the same for legacy completions streams', async () => {
    const chunks = await collect(await bed.client.completions.create({ model: 'gpt-4o-mini', prompt: 'hi', stream: true }));
    expect(chunks.every((chunk) => chunk.choices[0] !== undefined)).toBe(true);
    expect(sentStreamOptions()).toEqual({ include_usage: true });
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.operation.name': 'text_completion', 'gen_ai.usage.output_tokens': 500 });
  });

  it('leaves a call that does not stream as it is', async () => {
    await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(sentStreamOptions()).toBeUndefined();
  });
});

describe('base URLs that accept stream_options by default', () => {
  it('asks for usage on api.openai.com', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: 'https://api.openai.com/v1',
      maxRetries: 0,
      fetch: redirectFetch('https://api.openai.com/v1', bed.provider.openaiBaseURL),
    });
    const chunks = await collect<Chunk>(await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true }));
    expect(chunks.every((chunk) => chunk.choices[0] !== undefined)).toBe(true);
    expect(sentStreamOptions()).toEqual({ include_usage: true });
    expect(onlySpan().attributes).toMatchObject({ 'server.address': 'api.openai.com', 'infraprism.cost.status': 'priced' });
  });

  it('does not ask an unlisted compatible server, and the span says no_usage', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: 'https://api.groq.com/openai/v1',
      maxRetries: 0,
      fetch: redirectFetch('https://api.groq.com/openai/v1', bed.provider.openaiBaseURL),
    });
    await collect(await client.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }], stream: true }));
    expect(sentStreamOptions()).toBeUndefined();
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.provider.name': 'groq', 'infraprism.cost.status': 'no_usage' });
  });
});
