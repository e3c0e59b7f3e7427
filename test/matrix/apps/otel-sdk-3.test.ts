// Issue #4, items 6 and 7, in child processes under Node 22.15+ (the OTel JS 3.x line's floor):
// an app with its own NodeSDK 0.301 / SDK 3.1 (test/matrix/otel-sdk-3/) installs our packed
// tarball, adds our OpenAIInstrumentation and gets our spans, with cost, at its own OTLP
// exporter; and next to the contrib @opentelemetry/instrumentation-openai, registered before or
// after ours, the app receives the same completion and chunks, both spans appear, and ours is
// there once per call, still priced. The install is `--strict-peer-deps`: our OTel SDK pieces are
// peers with ranges over both lines, so the app's 3.x copies serve us, with one
// @opentelemetry/api and no 2.x package in the tree; `infraprism/register` alone (our own
// pipeline on the app's SDK 3.x) exports priced spans too.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, lastJsonLine, repoRoot, run, runNode, type RunResult } from '../../support/child-apps.js';
import { listInstalled, packOurTarball } from '../../support/npm-tree.js';
import { startFakeProvider, type FakeProvider } from '../../support/fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from '../../support/otlp-receiver.js';

const sourceDir = join(repoRoot, 'test', 'matrix', 'otel-sdk-3');
const INSTALL_TIMEOUT_MS = 180_000;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const isNodeSupported = major > 22 || (major === 22 && minor >= 15);
const OURS = 'infraprism-openai';
const CONTRIB = '@opentelemetry/instrumentation-openai';

let provider: FakeProvider;
let receiver: OtlpReceiver;
let work: string;
let appDir: string;
let installResult: RunResult;

// The app and its lockfile are copied to a temporary folder and `npm install`s our packed
// tarball there, as a user would: a symlink to this repo would load our own copies of
// @opentelemetry/instrumentation and import-in-the-middle, whose ESM hook never sees the app's.
beforeAll(async () => {
  if (!isNodeSupported) return;
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'infraprism-otel-sdk-3-'));
  appDir = join(work, 'app');
  await cp(sourceDir, appDir, { recursive: true, filter: (path) => !path.includes(`${sep}node_modules`) });
  const tarball = await packOurTarball(work);
  installResult = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--strict-peer-deps', tarball],
    { cwd: appDir, timeoutMs: INSTALL_TIMEOUT_MS },
  );
  expect(installResult.code, describeRun(installResult)).toBe(0);
  provider = await startFakeProvider();
  receiver = await startOtlpReceiver();
}, INSTALL_TIMEOUT_MS + 60_000);
afterAll(async () => {
  if (!isNodeSupported) return;
  await Promise.all([provider?.close(), receiver?.close(), work === undefined ? undefined : rm(work, { recursive: true, force: true })]);
});
beforeEach(() => {
  if (!isNodeSupported) return;
  provider.reset();
  receiver.reset();
});

interface AppOutput {
  completion: unknown;
  chunks: unknown[];
}

const SYSTEMS = {
  esm: ['--import', './setup.mjs', 'app.mjs'],
  cjs: ['-r', './setup.cjs', 'app.cjs'],
} as const;

async function runApp(system: keyof typeof SYSTEMS, instrumentations: string): Promise<{ output: AppOutput; spans: FlatSpan[] }> {
  provider.reset();
  receiver.reset();
  const result = await runNode(SYSTEMS[system], {
    cwd: appDir,
    env: {
      OPENAI_BASE_URL: provider.openaiBaseURL,
      OPENAI_API_KEY: 'sk-sdk3',
      OTLP_TRACES_URL: receiver.tracesURL,
      MATRIX_INSTRUMENTATIONS: instrumentations,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    },
  });
  expect(result.code, describeRun(result)).toBe(0);
  const expectedSpans = instrumentations.split(',').filter(Boolean).length * 2;
  const spans = expectedSpans === 0 ? [] : await receiver.waitForSpans(expectedSpans);
  return { output: lastJsonLine<AppOutput>(result), spans };
}

function spansOf(spans: readonly FlatSpan[], scope: string): FlatSpan[] {
  return spans.filter((span) => span.scope.name === scope);
}

describe.skipIf(!isNodeSupported)('npm install --strict-peer-deps infraprism into an app on OpenTelemetry JS 3.x', () => {
  it('installs with one @opentelemetry/api, 1.10, and no package of the 2.x line', async () => {
    expect(installResult.code, describeRun(installResult)).toBe(0);
    expect(installResult.stderr).not.toMatch(/ERESOLVE|overriding peer dependency/);
    const installed = await listInstalled(appDir);
    expect(installed.filter((entry) => entry.startsWith('@opentelemetry/api@'))).toEqual(['@opentelemetry/api@1.10.0']);
    // The 2.x line: SDK 2.x and its experimental 0.2xx packages.
    const previousLine = installed.filter((entry) => /^@opentelemetry\/[a-z-]+@(2\.\d+\.\d+|0\.2\d\d\.\d+)$/.test(entry));
    expect(previousLine).toEqual([]);
    expect(installed.some((entry) => /^@opentelemetry\/sdk-trace@3\./.test(entry))).toBe(true);
  });

  it.each([
    ['esm', ['--import', 'infraprism/register', 'app.mjs']],
    ['cjs', ['-r', 'infraprism/register', 'app.cjs']],
  ] as const)('exports priced spans through our own pipeline on the SDK 3.x pieces (%s, infraprism/register)', async (_system, args) => {
    provider.reset();
    receiver.reset();
    const result = await runNode(args, {
      cwd: appDir,
      env: {
        OPENAI_BASE_URL: provider.openaiBaseURL,
        OPENAI_API_KEY: 'sk-sdk3',
        INFRAPRISM_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'otel-sdk-3-register',
      },
    });
    expect(result.code, describeRun(result)).toBe(0);
    const spans = await receiver.waitForSpans(2);
    expect(spans.map((span) => span.scope.name)).toEqual([OURS, OURS]);
    for (const span of spans) {
      expect(span.resource['service.name']).toBe('otel-sdk-3-register');
      expect(span.attributes).toMatchObject({ 'infraprism.cost.usd': 0.005375, 'infraprism.cost.status': 'priced' });
    }
  });
});

describe.skipIf(!isNodeSupported).each(['esm', 'cjs'] as const)('a NodeSDK 3.x app (%s)', (system) => {
  it('adds OpenAIInstrumentation to its own NodeSDK and exports our spans with cost', async () => {
    const { output, spans } = await runApp(system, 'infraprism');
    expect(output.chunks.length).toBeGreaterThan(1);
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.scope.name).toBe(OURS);
      expect(span.resource['service.name']).toBe('otel-sdk-3-app');
      expect(span.attributes).toMatchObject({ 'infraprism.cost.usd': 0.005375, 'infraprism.cost.status': 'priced' });
    }
    expect(spans.map((span) => span.attributes['gen_ai.request.stream']).sort()).toEqual([false, true]);
    expect(spans.find((span) => span.attributes['gen_ai.request.stream'] === false)!.attributes['infraprism.entity.id']).toBe('sdk3');
    expect(provider.requests[0]!.json).not.toHaveProperty('entity_id');
  });

  it.each(['infraprism,contrib', 'contrib,infraprism'])(
    'coexists with the contrib OpenAI instrumentation (%s): same chunks, both spans, ours once and priced',
    async (order) => {
      const alone = await runApp(system, '');
      const both = await runApp(system, order);
      // With ours alone the per-call params are stripped; contrib alone would send them on, so
      // the baseline is the uninstrumented app, which sends them too and gets the same answer.
      expect(both.output).toEqual(alone.output);

      const ours = spansOf(both.spans, OURS);
      const contrib = spansOf(both.spans, CONTRIB);
      expect(ours).toHaveLength(2);
      expect(contrib).toHaveLength(2);
      expect(both.spans).toHaveLength(4);
      for (const span of ours) expect(span.attributes['infraprism.cost.usd']).toBe(0.005375);
      // Contrib saw the same usage (its own usage attributes), so a backend summing both doubles it.
      expect(contrib.map((span) => span.attributes['gen_ai.usage.output_tokens'])).toEqual([500, 500]);
    },
  );
});
