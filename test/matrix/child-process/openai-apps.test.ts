// Issue #4, item 6: the child-process half of the version matrix. Per openai major (the folder
// in MATRIX_OPENAI_DIR, see vitest.matrix.config.ts), an unchanged app loaded with
// `node --import infraprism/register` (ESM) and `node -r infraprism/register` (CommonJS) makes
// every chat call shape: create plain and streamed, .withResponse(), and the helpers parse(),
// stream() and runTools() (under `beta.` in openai 4). Its spans must reach the OTLP receiver
// from the built package through the module hooks, one per request, each priced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJsonLine, useChildAppBed } from '../../support/child-apps.js';

const CHAT_PATH = '/v1/chat/completions';
const matrixDir = process.env['MATRIX_OPENAI_DIR'] ?? '';
const openaiPackageDir = join(matrixDir, 'node_modules', 'openai');
const pinnedVersion = (JSON.parse(readFileSync(join(matrixDir, 'package.json'), 'utf8')) as { dependencies: { openai: string } })
  .dependencies.openai;

const bed = useChildAppBed({ openaiPackageDir });

// The calls, in order; the comments name the requests each one makes.
const CALLS = `
  const client = new OpenAI();
  const helpers = typeof client.chat.completions.parse === 'function' ? client.chat.completions : client.beta.chat.completions;
  const messages = [{ role: 'user', content: 'hi' }];
  const out = {};
  // 1: create
  const plain = await client.chat.completions.create({ model: 'gpt-4o', messages, entity_type: 'customer', entity_id: 'matrix' });
  out.plain = plain.choices[0].message.content;
  // 2: create, streamed
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
  out.streamed = '';
  for await (const chunk of stream) out.streamed += chunk.choices[0]?.delta?.content ?? '';
  // 3: .withResponse()
  const { data, response } = await client.chat.completions.create({ model: 'gpt-4o', messages }).withResponse();
  out.withResponse = [response.status, data.object];
  // 4: parse()
  const parsed = await helpers.parse({ model: 'gpt-4o', messages, response_format: { type: 'json_schema',
    json_schema: { name: 'answer', strict: true, schema: { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false } } } });
  out.parsed = parsed.choices[0].message.parsed;
  // 5: stream()
  const runner = helpers.stream({ model: 'gpt-4o', messages, stream_options: { include_usage: true } });
  out.streamHelper = (await runner.finalChatCompletion()).choices[0].message.content;
  // 6 and 7: runTools(), a tool call then the answer
  const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} }, function: () => 'found', parse: JSON.parse } }];
  out.runTools = await helpers.runTools({ model: 'gpt-4o', messages, tools }).finalContent();
  console.log(JSON.stringify(out));
`;

const APPS = {
  esm: { file: 'calls.mjs', preload: '--import', source: `import OpenAI from 'openai';\n${CALLS}` },
  cjs: {
    file: 'calls.cjs',
    preload: '-r',
    source: `const { OpenAI } = require('openai');\n(async () => {\n${CALLS}\n})().catch((error) => { console.error(error); process.exitCode = 1; });`,
  },
} as const;

describe.each(['esm', 'cjs'] as const)(`openai ${pinnedVersion}, %s app under infraprism/register`, (system) => {
  it('traces create, streams, withResponse, parse, stream and runTools, one priced span per request', async () => {
    const { file, preload, source } = APPS[system];
    await bed.writeApp(file, source);
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'plain' }, { kind: 'success', content: 'a b c', chunks: 3 });
    bed.provider.enqueue(CHAT_PATH, { kind: 'success' }, { kind: 'success', content: '{"answer":42}' });
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'x y', chunks: 2 });
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', finishReason: 'tool_calls', toolCalls: [{ name: 'lookup', arguments: '{}' }] });
    bed.provider.enqueue(CHAT_PATH, { kind: 'success', content: 'done' });

    const result = await bed.runChildApp([preload, 'infraprism/register', file], {
      env: {
        OPENAI_BASE_URL: bed.provider.openaiBaseURL,
        OPENAI_API_KEY: 'sk-matrix',
        INFRAPRISM_ENDPOINT: bed.receiver.url,
        // Only the exit flush can deliver within the test.
        OTEL_BSP_SCHEDULE_DELAY: '60000',
      },
    });
    expect(lastJsonLine(result)).toEqual({
      plain: 'plain',
      streamed: 'a b c',
      withResponse: [200, 'chat.completion'],
      parsed: { answer: 42 },
      streamHelper: 'x y',
      runTools: 'done',
    });

    expect(bed.provider.requests).toHaveLength(7);
    for (const request of bed.provider.requests) expect(request.headers['user-agent']).toBe(`OpenAI/JS ${pinnedVersion}`);
    expect(bed.provider.requests[0]!.json).not.toHaveProperty('entity_id');

    const spans = await bed.receiver.waitForSpans(7);
    expect(spans).toHaveLength(7);
    for (const span of spans) {
      expect(span.scope.name).toBe('infraprism-openai');
      expect(span.attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', 'infraprism.cost.usd': 0.005375 });
    }
    const byStart = [...spans].sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    expect(byStart.map((span) => span.attributes['gen_ai.request.stream'])).toEqual([false, true, false, false, true, false, false]);
    expect(byStart[0]!.attributes['infraprism.entity.id']).toBe('matrix');
    expect(byStart.at(-2)!.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
  });
});
