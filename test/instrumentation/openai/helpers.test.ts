// Issue #4, item 1: the SDK helpers built on chat.completions.create — parse(),
// stream(), runTools() (under `beta.` in openai 4) — give one span per HTTP request,
// parse the body once, and keep working when we ask for stream usage on their behalf.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const CHAT_PATH = '/v1/chat/completions';
const bed = useOpenAITestBed(OpenAI);

interface Helpers {
  parse: OpenAI['chat']['completions']['parse'];
  stream: OpenAI['chat']['completions']['stream'];
  runTools: OpenAI['chat']['completions']['runTools'];
}

/** openai 5+ has the helpers on `chat.completions`, openai 4 on `beta.chat.completions`. */
function helpers(client: OpenAI): Helpers | undefined {
  const candidates = [client.chat.completions, (client as unknown as { beta?: { chat?: { completions?: unknown } } }).beta?.chat?.completions];
  return candidates.find((candidate): candidate is Helpers & object => typeof (candidate as Partial<Helpers> | undefined)?.parse === 'function');
}

/** The object holding the helpers, for this client; every supported major has one. */
function api(): Helpers {
  const found = helpers(bed.client);
  if (!found) throw new Error('no chat completion helpers in this openai version');
  return found;
}

const answerSchema = {
  type: 'json_schema' as const,
  json_schema: {
    name: 'answer',
    strict: true,
    schema: { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false },
  },
};

const lookupTool = {
  type: 'function' as const,
  function: {
    name: 'lookup',
    description: 'looks up',
    parameters: { type: 'object', properties: { q: { type: 'string' } } },
    function: (_args: unknown) => 'found',
    parse: JSON.parse,
  },
};

describe('chat completion helpers', () => {
  it('parses the body once for parse() and records one span', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: '{"answer":42}' });
    const parsed = await api().parse({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], response_format: answerSchema });
    expect(parsed.choices[0]?.message.parsed).toEqual({ answer: 42 });
    expect(bed.tracing.spans()).toHaveLength(1);
    expect(bed.tracing.spans()[0]!.attributes['infraprism.cost.status']).toBe('priced');
  });

  it('records one span for stream() and keeps its events and final completion', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'x y z', chunks: 3 });
    const runner = api().stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    });
    let deltas = '';
    runner.on('content', (delta) => {
      deltas += delta;
    });
    const final = await runner.finalChatCompletion();
    expect(deltas).toBe('x y z');
    expect(final.choices[0]?.message.content).toBe('x y z');
    expect(bed.tracing.spans()).toHaveLength(1);
    expect(bed.tracing.spans()[0]!.attributes['gen_ai.usage.output_tokens']).toBe(500);
  });

  it('records one span per request of a runTools() loop: three requests, three spans', async () => {
    const toolTurn = { kind: 'success' as const, finishReason: 'tool_calls', toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] };
    bed.provider.enqueue(CHAT_PATH, toolTurn, toolTurn, { kind: 'success', content: 'done' });
    const runner = api().runTools({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [lookupTool],
    });
    expect(await runner.finalContent()).toBe('done');
    expect(bed.provider.requests).toHaveLength(3);
    expect(bed.tracing.spans().map((span) => span.attributes['gen_ai.response.finish_reasons'])).toEqual([['tool_calls'], ['tool_calls'], ['stop']]);
  });

  it('records one span per request of a streamed runTools() loop', async () => {
    bed.provider.enqueue(
      CHAT_PATH,
      { kind: 'success', finishReason: 'tool_calls', toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] },
      { kind: 'success', content: 'done' },
    );
    const runner = api().runTools({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [lookupTool],
      stream: true,
    });
    expect(await runner.finalContent()).toBe('done');
    expect(bed.tracing.spans()).toHaveLength(2);
  });
});

describe('helpers when InfraPrism asks for stream usage on the caller\'s behalf', () => {
  beforeAll(() => {
    const config = bed.tracing.instrumentation.getConfig();
    bed.tracing.instrumentation.setConfig({ ...config, streamUsageBaseURLs: [bed.provider.openaiBaseURL] });
  });

  it('stream() sees no usage-only chunk, its final completion is whole, and the span has usage', async () => {
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'x y z', chunks: 3 });
    const runner = api().stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    const chunkChoiceCounts: number[] = [];
    runner.on('chunk', (chunk) => chunkChoiceCounts.push(chunk.choices.length));
    const final = await runner.finalChatCompletion();

    expect(final.choices[0]?.message.content).toBe('x y z');
    expect(chunkChoiceCounts.every((count) => count === 1)).toBe(true);
    expect(bed.provider.requests[0]?.json).toMatchObject({ stream_options: { include_usage: true } });
    expect(bed.tracing.spans()[0]!.attributes['infraprism.cost.usd']).toBe(0.005375);
  });
});
