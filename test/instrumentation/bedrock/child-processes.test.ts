/**
 * `infraprism/register` instruments unchanged ESM (`--import`) and CommonJS (`-r`) apps calling
 * `@aws-sdk/client-bedrock-runtime`, and `init()` patches a copy required before it: child
 * processes running the built package as users do. The SDK is the one under test (the matrix
 * folder in MATRIX_BEDROCK_DIR, else the root devDependency), linked into the app under its real
 * name; its own `@smithy/node-http-handler` speaks HTTP/1.1 to the fake.
 */
import { readFileSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, useChildAppBed } from '../../support/child-apps.js';

const sdkFolder = join(resolve(repoRoot, process.env['MATRIX_BEDROCK_DIR'] ?? '.'), 'node_modules', '@aws-sdk', 'client-bedrock-runtime');
const sdkVersion = (JSON.parse(readFileSync(join(sdkFolder, 'package.json'), 'utf8')) as { version: string }).version;

const bed = useChildAppBed({
  prepare: async (dir) => {
    await mkdir(join(dir, 'node_modules', '@aws-sdk'), { recursive: true });
    await symlink(sdkFolder, join(dir, 'node_modules', '@aws-sdk', 'client-bedrock-runtime'), 'dir');
  },
});
const { writeApp } = bed;

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

function childEnv(): Record<string, string> {
  return {
    BEDROCK_URL: bed.provider.url,
    INFRAPRISM_ENDPOINT: bed.receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_SERVICE_NAME: 'bedrock-child',
  };
}

// The SDK's own HTTP/1.1 handler, resolved next to it; one Converse and one ConverseStream call.
const CALLS = `
  const handlerRequire = createRequire(appRequire.resolve('@aws-sdk/client-bedrock-runtime'));
  const { NodeHttpHandler } = handlerRequire('@smithy/node-http-handler');
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: process.env.BEDROCK_URL,
    credentials: { accessKeyId: 'AKIDCHILD', secretAccessKey: 'child-secret' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
  const input = { modelId: '${MODEL}', messages: [{ role: 'user', content: [{ text: 'hi' }] }], entity_id: ENTITY };
  await client.send(new ConverseCommand(input));
  const { stream } = await client.send(new ConverseStreamCommand(input));
  for await (const event of stream) void event;
`;

async function expectTwoPricedCalls(entity: string): Promise<void> {
  const spans = await bed.receiver.waitForSpans(2);
  expect(spans).toHaveLength(2);
  for (const span of spans) {
    expect(span.scope.name).toBe('infraprism-bedrock');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': MODEL,
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.entity.id': entity,
      // claude-sonnet-4 on Bedrock: 150 × $3 + 500 × $15 = 7950 per 1M.
      'infraprism.cost.usd': 0.00795,
    });
  }
  expect(spans.map((span) => span.attributes['gen_ai.request.stream']).sort()).toEqual([false, true]);
  for (const request of bed.provider.requests) expect(request.rawBody).not.toContain('entity_id');
}

describe(`@aws-sdk/client-bedrock-runtime ${sdkVersion} in child processes`, () => {
  it('instruments an unchanged ESM app loaded with --import', async () => {
    await writeApp(
      'esm-app.mjs',
      `import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
       import { createRequire } from 'node:module';
       const appRequire = createRequire(import.meta.url);
       const ENTITY = 'esm-bedrock';
       ${CALLS}`,
    );
    await bed.runChildApp(['--import', 'infraprism/register', 'esm-app.mjs'], { env: childEnv() });
    await expectTwoPricedCalls('esm-bedrock');
  });

  it('instruments an unchanged CommonJS app loaded with -r', async () => {
    await writeApp(
      'cjs-app.cjs',
      `const { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } = require('@aws-sdk/client-bedrock-runtime');
       const { createRequire } = require('node:module');
       const appRequire = require;
       const ENTITY = 'cjs-bedrock';
       (async () => { ${CALLS} })();`,
    );
    await bed.runChildApp(['-r', 'infraprism/register', 'cjs-app.cjs'], { env: childEnv() });
    await expectTwoPricedCalls('cjs-bedrock');
  });

  it('patches a CommonJS copy required before init()', async () => {
    await writeApp(
      'cjs-preloaded.cjs',
      `const { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } = require('@aws-sdk/client-bedrock-runtime');
       const { createRequire } = require('node:module');
       const { init } = require('infraprism');
       const setup = init();
       const appRequire = require;
       const ENTITY = 'cjs-preloaded';
       (async () => { ${CALLS}; await setup.shutdown(); })();`,
    );
    await bed.runChildApp(['cjs-preloaded.cjs'], { env: childEnv() });
    await expectTwoPricedCalls('cjs-preloaded');
  });
});
