// Issue #11, "done when": an app that mixes the AI SDK, LangChain and direct SDK calls for several
// customers, run under `node --import infraprism/register`, exports one priced, attributed span per
// provider request and no content — including the calls LangChain makes through the
// @anthropic-ai/sdk 0.122 copy nested under @langchain/anthropic.
import { existsSync, readFileSync } from 'node:fs';
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

/** The @anthropic-ai/sdk copies npm installs: the app's own and the one nested under @langchain/anthropic. */
const APP_ANTHROPIC_SDK = join(appDir, 'node_modules', '@anthropic-ai', 'sdk');
const NESTED_ANTHROPIC_SDK = join(appDir, 'node_modules', '@langchain', 'anthropic', 'node_modules', '@anthropic-ai', 'sdk');

function readVersion(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

it('installs @langchain/anthropic with its own nested @anthropic-ai/sdk 0.122 next to the app 1.x', () => {
  expect(readVersion(APP_ANTHROPIC_SDK)).toMatch(/^1\./);
  expect(readVersion(NESTED_ANTHROPIC_SDK)).toMatch(/^0\.122\./);
});

it('exports one priced span per provider request, each with its customer, and no content', async () => {
  const canaries = makeCanaries('mixed-app');
  const anthropicApiKey = `sk_ant_${canaries.apiKey}`;
  // Direct and LangChain openai calls, generateText and streamText.
  const openaiRequests = 5;
  // Direct @anthropic-ai/sdk 1.x, LangChain invoke and stream through the nested 0.122 copy.
  const anthropicRequests = 3;
  for (let i = 0; i < openaiRequests; i++) fake.enqueue('/v1/chat/completions', { content: canaries.responseContent });
  for (let i = 0; i < anthropicRequests; i++) fake.enqueue('/v1/messages', { content: canaries.responseContent });

  const result = await runNode(['--import', 'infraprism/register', 'app.mjs'], {
    cwd: appDir,
    env: {
      OPENAI_BASE_URL: fake.openaiBaseURL,
      OPENAI_API_KEY: canaries.apiKey,
      ANTHROPIC_BASE_URL: fake.anthropicBaseURL,
      ANTHROPIC_API_KEY: anthropicApiKey,
      // The 1.x SDK's own span records prompts and answers in this mode; ours must scrub them.
      ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE: 'content',
      INFRAPRISM_ENDPOINT: receiver.url,
      CANARIES: JSON.stringify(canaries),
    },
    timeoutMs: 60_000,
  });
  expect(lastJsonLine<{ done: boolean }>(result), describeRun(result)).toEqual({ done: true });

  const requestCount = openaiRequests + anthropicRequests;
  expect(fake.requests).toHaveLength(requestCount);
  // The LangChain Anthropic calls really went through the nested copy (its version header).
  const sdkVersions = fake.requests.filter((r) => r.path === '/v1/messages').map((r) => r.headers['x-stainless-package-version']);
  expect(sdkVersions).toEqual([readVersion(APP_ANTHROPIC_SDK), readVersion(NESTED_ANTHROPIC_SDK), readVersion(NESTED_ANTHROPIC_SDK)]);

  const spans = await receiver.waitForSpans(requestCount);
  const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
  expect(priced.map((span) => span.attributes['infraprism.entity.id']).sort(), describeRun(result)).toEqual([
    'acme',
    'acme',
    'globex',
    'globex',
    'initech',
    'initech',
    'initech',
    'initech',
  ]);
  const openaiPriced = priced.filter((span) => span.attributes['gen_ai.provider.name'] === 'openai');
  const anthropicPriced = priced.filter((span) => span.attributes['gen_ai.provider.name'] === 'anthropic');
  expect(openaiPriced).toHaveLength(openaiRequests);
  expect(anthropicPriced).toHaveLength(anthropicRequests);
  expect(openaiPriced.every((span) => span.attributes['infraprism.cost.usd'] === 0.005375)).toBe(true);
  // claude-sonnet-4: 150 × $3 + 500 × $15 per 1M = $0.00795.
  expect(anthropicPriced.every((span) => Math.abs(Number(span.attributes['infraprism.cost.usd']) - 0.00795) < 1e-12)).toBe(true);
  // Direct and LangChain calls go through the SDKs (ours, both Anthropic copies); the AI SDK's through
  // our ai:telemetry subscriber, whose spans price them while @ai-sdk/otel's are counted_elsewhere.
  expect([...new Set(priced.map((span) => span.scope.name))].sort()).toEqual(['infraprism-ai-sdk', 'infraprism-anthropic', 'infraprism-openai']);
  const aiSdkOtelChat = spans.filter((span) => span.scope.name === 'gen_ai' && span.name.startsWith('chat '));
  expect(aiSdkOtelChat.map((span) => span.attributes['infraprism.cost.status'])).toEqual(['counted_elsewhere', 'counted_elsewhere']);
  expect(anthropicPriced.every((span) => span.scope.name === 'infraprism-anthropic')).toBe(true);
  expect(priced.filter((span) => span.attributes['infraprism.tag.feature'] === 'langchain')).toHaveLength(4);
  expect(anthropicPriced.filter((span) => span.attributes['infraprism.tag.feature'] === 'langchain')).toHaveLength(2);
  // The 1.x SDK's own span of the direct call is there too, attributed but not priced a second time.
  const nativeAnthropic = spans.filter((span) => span.scope.name !== 'infraprism-anthropic' && span.attributes['gen_ai.provider.name'] === 'anthropic');
  expect(nativeAnthropic.map((span) => span.attributes['infraprism.entity.id'])).toEqual(['acme']);

  const secrets = [canaries.apiKey, anthropicApiKey];
  expect(findCanaries(receiver.receivedBytes(), canaries)).toEqual([]);
  expect(findCanaries(receiver.receivedBytes(), secrets)).toEqual([]);
  expect(receiver.receivedBytes().some((bytes) => bytes.includes(CANARY_MARKER))).toBe(false);
  expect(result.stdout + result.stderr).not.toContain(CANARY_MARKER);
});
