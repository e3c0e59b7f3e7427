// Issue #11, "done when": an app that mixes the AI SDK, LangChain and direct SDK calls for several
// customers, run under `node --import infraprism/register`, exports one priced, attributed span per
// provider request and no content.
import { existsSync } from 'node:fs';
import { rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CANARY_MARKER, findCanaries, makeCanaries } from '../../support/canaries.js';
import { assertBuilt, describeRun, lastJsonLine, repoRoot, runNode } from '../../support/child-apps.js';
import { startFakeProvider, type FakeProvider } from '../../support/fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../support/otlp-receiver.js';

const appDir = dirname(fileURLToPath(import.meta.url));
// `import 'infraprism'` from the app resolves to this repo's build, as an installed package would.
const linkPath = join(appDir, 'node_modules', 'infraprism');

let fake: FakeProvider;
let receiver: OtlpReceiver;

beforeAll(async () => {
  assertBuilt();
  if (!existsSync(join(appDir, 'node_modules', 'ai'))) throw new Error(`run npm ci --prefix ${appDir} first`);
  await rm(linkPath, { force: true, recursive: true });
  await symlink(repoRoot, linkPath, 'dir');
  fake = await startFakeProvider();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await rm(linkPath, { force: true, recursive: true });
  await Promise.all([fake?.close(), receiver?.close()]);
});

it('exports one priced span per provider request, each with its customer, and no content', async () => {
  const canaries = makeCanaries('mixed-app');
  const requestCount = 5;
  for (let i = 0; i < requestCount; i++) fake.enqueue('/v1/chat/completions', { content: canaries.responseContent });

  const result = await runNode(['--import', 'infraprism/register', 'app.mjs'], {
    cwd: appDir,
    env: {
      OPENAI_BASE_URL: fake.openaiBaseURL,
      OPENAI_API_KEY: canaries.apiKey,
      INFRAPRISM_ENDPOINT: receiver.url,
      CANARIES: JSON.stringify(canaries),
    },
    timeoutMs: 60_000,
  });
  expect(lastJsonLine<{ done: boolean }>(result), describeRun(result)).toEqual({ done: true });

  expect(fake.requests).toHaveLength(requestCount);
  const spans = await receiver.waitForSpans(requestCount);
  const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
  expect(priced.map((span) => span.attributes['infraprism.entity.id']).sort(), describeRun(result)).toEqual([
    'acme',
    'globex',
    'globex',
    'initech',
    'initech',
  ]);
  expect(priced.every((span) => span.attributes['infraprism.cost.usd'] === 0.005375)).toBe(true);
  const scopes = new Set(priced.map((span) => span.scope.name));
  // Direct and LangChain calls go through the openai SDK (ours); the AI SDK's through @ai-sdk/otel.
  expect([...scopes].sort()).toEqual(['gen_ai', 'infraprism-openai']);
  expect(priced.filter((span) => span.attributes['infraprism.tag.feature'] === 'langchain')).toHaveLength(2);

  expect(findCanaries(receiver.receivedBytes(), canaries)).toEqual([]);
  expect(receiver.receivedBytes().some((bytes) => bytes.includes(CANARY_MARKER))).toBe(false);
  expect(result.stdout + result.stderr).not.toContain(CANARY_MARKER);
});
