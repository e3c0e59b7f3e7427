// An app on the OpenTelemetry JS 2.x line (@opentelemetry/api 1.9, NodeSDK 0.223) running on
// Node 22.15+, where npm would pick the 3.x line for our SDK peers: with the 2.x pieces named in
// its install line (docs/supported-versions.md), `npm install --strict-peer-deps` succeeds with
// one @opentelemetry/api and nothing of the 3.x line, and `infraprism/register` exports priced
// spans. The 3.x app is otel-sdk-3.test.ts; Node 20 apps get the 2.x line by themselves
// (test/packaging/tarball.slow.test.ts).
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, repoRoot, run, runNode, type RunResult } from '../../support/child-apps.js';
import { startFakeProvider, type FakeProvider } from '../../support/fake-provider/index.js';
import { listInstalled, packOurTarball, secondLinePeerSpecs } from '../../support/npm-tree.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../support/otlp-receiver.js';

const INSTALL_TIMEOUT_MS = 180_000;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const isNode22 = major > 22 || (major === 22 && minor >= 15);
const appSource = join(repoRoot, 'test', 'matrix', 'otel-sdk-3');

let work: string;
let appDir: string;
let install: RunResult;
let provider: FakeProvider;
let receiver: OtlpReceiver;

beforeAll(async () => {
  if (!isNode22) return;
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'infraprism-otel-sdk-2-'));
  appDir = join(work, 'app');
  await mkdir(appDir);
  await writeFile(join(appDir, 'package.json'), `${JSON.stringify({ name: 'otel-sdk-2-app', private: true })}\n`);
  // The same calls as the 3.x app, with no tracing setup of its own.
  for (const file of ['app.cjs', 'calls.cjs']) await copyFile(join(appSource, file), join(appDir, file));
  const tarball = await packOurTarball(work);
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  install = await run(
    'npm',
    [
      'install', '--no-audit', '--no-fund', '--strict-peer-deps',
      tarball, 'openai@6', '@opentelemetry/api@1.9', '@opentelemetry/sdk-node@^0.223.0',
      ...secondLinePeerSpecs(manifest.peerDependencies),
    ],
    { cwd: appDir, timeoutMs: INSTALL_TIMEOUT_MS },
  );
  provider = await startFakeProvider();
  receiver = await startOtlpReceiver();
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  if (!isNode22) return;
  await Promise.all([provider?.close(), receiver?.close(), work === undefined ? undefined : rm(work, { recursive: true, force: true })]);
});

describe.skipIf(!isNode22)('an app on OpenTelemetry JS 2.x under Node 22', () => {
  it('installs with --strict-peer-deps, one @opentelemetry/api 1.9 and nothing of the 3.x line', async () => {
    expect(install.code, describeRun(install)).toBe(0);
    const installed = await listInstalled(appDir);
    const apis = installed.filter((entry) => entry.startsWith('@opentelemetry/api@'));
    expect(apis).toHaveLength(1);
    expect(apis[0]).toMatch(/^@opentelemetry\/api@1\.9\./);
    const thirdLine = installed.filter((entry) => /^@opentelemetry\/[a-z-]+@(3\.\d+\.\d+|0\.3\d\d\.\d+)$/.test(entry));
    expect(thirdLine).toEqual([]);
  });

  it('exports priced spans under infraprism/register', async () => {
    const result = await runNode(['-r', 'infraprism/register', 'app.cjs'], {
      cwd: appDir,
      env: {
        OPENAI_BASE_URL: provider.openaiBaseURL,
        OPENAI_API_KEY: 'sk-sdk2',
        INFRAPRISM_ENDPOINT: receiver.url,
      },
    });
    expect(result.code, describeRun(result)).toBe(0);
    const spans = await receiver.waitForSpans(2);
    for (const span of spans) {
      expect(span.attributes).toMatchObject({ 'infraprism.cost.usd': 0.005375, 'infraprism.cost.status': 'priced' });
    }
  });
});
