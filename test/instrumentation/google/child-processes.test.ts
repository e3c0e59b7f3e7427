/**
 * `@google/genai` in child processes running the built package as users do: `infraprism/register`
 * instruments an unchanged ESM app (`--import`) and CommonJS app (`-r`), and `init()` patches a
 * CommonJS copy required before it. The SDK is the one under test (the matrix folder in
 * MATRIX_GOOGLE_GENAI_DIR, else the root devDependency), linked into the app under its real name.
 */
import { readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, useChildAppBed } from '../../support/child-apps.js';

const sdkFolder = join(resolve(repoRoot, process.env['MATRIX_GOOGLE_GENAI_DIR'] ?? '.'), 'node_modules', '@google', 'genai');
const sdkVersion = (JSON.parse(readFileSync(join(sdkFolder, 'package.json'), 'utf8')) as { version: string }).version;

const bed = useChildAppBed({
  prepare: (dir) => symlink(join(sdkFolder, '..'), join(dir, 'node_modules', '@google'), 'dir'),
});

function childEnv(): Record<string, string> {
  return {
    FAKE_URL: bed.provider.url,
    INFRAPRISM_ENDPOINT: bed.receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_SERVICE_NAME: 'google-child',
  };
}

// One plain call, one streamed call and one chat message, all for the same entity (in config).
const CALLS = `
  const ai = new GoogleGenAI({ apiKey: 'gemini-child', httpOptions: { baseUrl: process.env.FAKE_URL } });
  const config = { entity_id: ENTITY };
  const out = [];
  out.push((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config })).text);
  let streamed = '';
  for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi', config })) streamed += chunk.text;
  out.push(streamed);
  out.push((await ai.chats.create({ model: 'gemini-2.5-flash', config }).sendMessage({ message: 'hi' })).text);
  console.log(JSON.stringify(out));
`;

/** Three calls of 150 in / 500 out on gemini-2.5-flash, each priced and attributed. */
async function expectThreeCalls(entity: string): Promise<void> {
  const spans = await bed.receiver.waitForSpans(3);
  expect(spans).toHaveLength(3);
  for (const span of spans) {
    expect(span.scope.name).toBe('infraprism-google-genai');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.entity.id': entity,
      // gemini-2.5-flash: 150 × $0.30 + 500 × $2.50 = 1295 per 1M
      'infraprism.cost.usd': 0.001295,
    });
  }
  expect(bed.provider.requests).toHaveLength(3);
  for (const request of bed.provider.requests) expect(request.rawBody).not.toContain(entity);
}

describe(`@google/genai ${sdkVersion} in child processes`, () => {
  it('instruments an unchanged ESM app loaded with --import', async () => {
    await bed.writeApp('esm-app.mjs', `import { GoogleGenAI } from '@google/genai';\nconst ENTITY = 'esm-google';\n${CALLS}`);
    const result = await bed.runChildApp(['--import', 'infraprism/register', 'esm-app.mjs'], { env: childEnv() });
    expect(result.stdout).toContain('Hello from the fake provider.');
    await expectThreeCalls('esm-google');
  });

  it('instruments an unchanged CommonJS app loaded with -r', async () => {
    await bed.writeApp(
      'cjs-app.cjs',
      `const { GoogleGenAI } = require('@google/genai');\nconst ENTITY = 'cjs-google';\n(async () => {\n${CALLS}\n})();`,
    );
    await bed.runChildApp(['-r', 'infraprism/register', 'cjs-app.cjs'], { env: childEnv() });
    await expectThreeCalls('cjs-google');
  });

  it('patches a CommonJS copy required before init()', async () => {
    await bed.writeApp(
      'cjs-preloaded.cjs',
      `const { GoogleGenAI } = require('@google/genai');
       const { init } = require('infraprism');
       const setup = init();
       const ENTITY = 'cjs-preloaded';
       (async () => {\n${CALLS}\nawait setup.shutdown(); })();`,
    );
    await bed.runChildApp(['cjs-preloaded.cjs'], { env: childEnv() });
    await expectThreeCalls('cjs-preloaded');
  });
});
