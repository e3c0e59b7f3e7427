/**
 * Issue #5, items 1, 5 and 6, in child processes running the built package as users do:
 * `infraprism/register` instruments an unchanged ESM app (`--import`) and CommonJS app (`-r`)
 * calling `@anthropic-ai/sdk`, and `init()` patches a copy required before it. The SDK is the
 * one under test (the matrix folder in MATRIX_ANTHROPIC_DIR, else the root devDependency), linked
 * into the app under its real name. With the real global tracer provider, an SDK with native
 * spans (0.134+) exports its own span too: the usage summed over everything exported must still
 * be one call's.
 */
import { readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, useChildAppBed } from '../../support/child-apps.js';
import type { FlatSpan } from '../../support/otlp-receiver.js';

const sdkFolder = join(
  resolve(repoRoot, process.env['MATRIX_ANTHROPIC_DIR'] ?? '.'),
  'node_modules',
  '@anthropic-ai',
  'sdk',
);

const sdkVersion = (JSON.parse(readFileSync(join(sdkFolder, 'package.json'), 'utf8')) as { version: string }).version;
const [sdkMajor = 0, sdkMinor = 0] = sdkVersion.split('.').map(Number);
/** 0.134+ exports its own span per call through the global tracer provider. */
const hasNativeSpans = sdkMajor > 0 || sdkMinor >= 134;

const bed = useChildAppBed({
  prepare: (dir) => symlink(join(sdkFolder, '..'), join(dir, 'node_modules', '@anthropic-ai'), 'dir'),
});
const { writeApp } = bed;

function childEnv(): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: bed.provider.anthropicBaseURL,
    ANTHROPIC_API_KEY: 'sk-ant-child',
    INFRAPRISM_ENDPOINT: bed.receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_SERVICE_NAME: 'anthropic-child',
  };
}

// A plain call, a streamed call and the messages.stream() helper, all for the same entity.
const CALLS = `
  const request = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], entity_id: ENTITY };
  await client.messages.create(request);
  const stream = await client.messages.create({ ...request, stream: true });
  for await (const event of stream) void event;
  await client.messages.stream(request).finalMessage();
`;

/** Three calls of 150 in / 500 out each, counted once whatever else is exported. */
async function expectThreeCountedCalls(entity: string): Promise<void> {
  const all: FlatSpan[] = await bed.receiver.waitForSpans(hasNativeSpans ? 6 : 3);
  expect(all).toHaveLength(hasNativeSpans ? 6 : 3);
  const anthropicSpans = all.filter((span) => span.scope.name === 'infraprism-anthropic');
  expect(anthropicSpans).toHaveLength(3);
  // The SDK's own spans, where there are any, are children of ours: one trace per call.
  const ours = new Set(anthropicSpans.map((span) => span.spanId));
  for (const span of all.filter((candidate) => candidate.scope.name !== 'infraprism-anthropic')) {
    expect(ours.has(span.parentSpanId ?? ''), `${span.name} under one of ours`).toBe(true);
  }
  for (const span of anthropicSpans) {
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.output_tokens': 500,
      'infraprism.entity.id': entity,
      // claude-haiku-4-5: 150 × $1 + 500 × $5 = 150 + 2500 = 2650 per 1M = $0.00265
      'infraprism.cost.usd': 0.00265,
    });
  }
  const outputSum = all.reduce((sum, span) => {
    const value = span.attributes['gen_ai.usage.output_tokens'];
    return sum + (typeof value === 'number' ? value : 0);
  }, 0);
  expect(outputSum).toBe(1500);
  for (const request of bed.provider.requests) expect(request.json).not.toHaveProperty('entity_id');
}

describe(`@anthropic-ai/sdk ${sdkVersion} in child processes`, () => {
  it('instruments an unchanged ESM app loaded with --import', async () => {
    await writeApp(
      'esm-app.mjs',
      `import Anthropic from '@anthropic-ai/sdk';
       const ENTITY = 'esm-anthropic';
       const client = new Anthropic();
       ${CALLS}`,
    );
    await bed.runChildApp(['--import', 'infraprism/register', 'esm-app.mjs'], { env: childEnv() });
    await expectThreeCountedCalls('esm-anthropic');
  });

  it('instruments an unchanged CommonJS app loaded with -r', async () => {
    await writeApp(
      'cjs-app.cjs',
      `const Anthropic = require('@anthropic-ai/sdk');
       const ENTITY = 'cjs-anthropic';
       const client = new Anthropic();
       (async () => { ${CALLS} })();`,
    );
    await bed.runChildApp(['-r', 'infraprism/register', 'cjs-app.cjs'], { env: childEnv() });
    await expectThreeCountedCalls('cjs-anthropic');
  });

  it('patches a CommonJS copy required before init()', async () => {
    await writeApp(
      'cjs-preloaded.cjs',
      `const Anthropic = require('@anthropic-ai/sdk');
       const { init } = require('infraprism');
       const setup = init();
       const ENTITY = 'cjs-preloaded';
       const client = new Anthropic();
       (async () => { ${CALLS}; await setup.shutdown(); })();`,
    );
    await bed.runChildApp(['cjs-preloaded.cjs'], { env: childEnv() });
    await expectThreeCountedCalls('cjs-preloaded');
  });
});

// @anthropic-ai/bedrock-sdk requires the core SDK's resource files, never its main file: the
// hooks must patch those files for an app that uses Bedrock alone. Bedrock needs SDK 1.x, so this
// runs in the default run only.
describe.skipIf(process.env['MATRIX_ANTHROPIC_DIR'] !== undefined)('a CommonJS app using only AnthropicBedrock', () => {
  it('is instrumented by infraprism/register', async () => {
    await writeApp(
      'bedrock-app.cjs',
      `const { AnthropicBedrock } = require('@anthropic-ai/bedrock-sdk');
       const client = new AnthropicBedrock({ baseURL: process.env.ANTHROPIC_BASE_URL, awsRegion: 'us-east-1', skipAuth: true });
       (async () => {
         await client.messages.create({
           model: 'anthropic.claude-haiku-4-5-v1:0', max_tokens: 64,
           messages: [{ role: 'user', content: 'hi' }], entity_id: 'bedrock-only',
         });
       })();`,
    );
    await bed.runChildApp(['-r', 'infraprism/register', 'bedrock-app.cjs'], { env: childEnv() });
    const spans = await bed.receiver.waitForSpans(1);
    const ours = spans.filter((span) => span.scope.name === 'infraprism-anthropic');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.response.model': 'claude-haiku-4-5',
      'infraprism.entity.id': 'bedrock-only',
      // claude-haiku-4-5: 150 × $1 + 500 × $5 = 2650 per 1M = $0.00265
      'infraprism.cost.usd': 0.00265,
    });
    expect(bed.provider.requests[0]!.json).not.toHaveProperty('entity_id');
  });
});
