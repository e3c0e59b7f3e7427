// Issue #4, items 6 and 7, in child processes under Node 22.15+ (the OTel JS 3.x line's floor):
// an app with its own NodeSDK 0.301 / SDK 3.1 (test/matrix/otel-sdk-3/) installs our packed
// tarball, adds our OpenAIInstrumentation and gets our spans, with cost, at its own OTLP
// exporter; and next to the contrib @opentelemetry/instrumentation-openai, registered before or
// after ours, the app receives the same completion and chunks, both spans appear, and ours is
// there once per call, still priced.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, lastJsonLine, repoRoot, run, runNode, type RunResult } from '../../support/child-apps.js';
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
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repoRoot, timeoutMs: 60_000 });
  expect(pack.code, describeRun(pack)).toBe(0);
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball\n${describeRun(pack)}`);
  installResult = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--engine-strict=false', join(work, tarball)],
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

describe.skipIf(!isNodeSupported)('npm install infraprism into an app pinned to @opentelemetry/api 1.10', () => {
  it('installs, with our OTel 2.x dependencies nested under infraprism', async () => {
    const tree = await run('npm', ['ls', '--all', '--json', '@opentelemetry/sdk-trace-base', '@opentelemetry/api'], { cwd: appDir });
    const json = JSON.parse(tree.stdout) as { dependencies: Record<string, { version: string; dependencies?: Record<string, { version: string }> }> };
    expect(json.dependencies['@opentelemetry/api']?.version).toBe('1.10.0');
    expect(json.dependencies['infraprism']?.dependencies?.['@opentelemetry/sdk-trace-base']?.version).toMatch(/^2\./);
    // Our 2.x pieces declare the peer `@opentelemetry/api <1.10`; npm overrides it with the
    // app's 1.10 (a warning; an error under --strict-peer-deps): see the README.
    expect(installResult.code).toBe(0);
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

// From @opentelemetry/api 1.10 an ES module and CommonJS code load separate copies of the API. A
// module patched before init() took its tracer from the CommonJS copy, whose proxy never learns
// of the provider init() registers through ours: the calls were made and no span was exported.
describe.skipIf(!isNodeSupported).each(['infraprism/openai', 'instrument'] as const)(
  'an ES-module app on @opentelemetry/api 1.10 that patches openai before init() (%s)',
  (handOver) => {
    it('exports the span of each call, priced', async () => {
      const result = await runNode(['init-openai.mjs'], {
        cwd: appDir,
        env: {
          OPENAI_BASE_URL: provider.openaiBaseURL,
          OPENAI_API_KEY: 'sk-sdk3',
          INFRAPRISM_ENDPOINT: receiver.url,
          MATRIX_HAND_OVER: handOver,
        },
      });
      expect(result.code, describeRun(result)).toBe(0);
      expect(lastJsonLine<{ content: string }>(result).content).toBe('Hello from the fake provider.');
      const spans = await receiver.waitForSpans(1);
      expect(spans).toHaveLength(1);
      expect(spans[0]!.scope.name).toBe(OURS);
      expect(spans[0]!.resource['service.name']).toBe('otel-sdk-3-init');
      expect(spans[0]!.attributes).toMatchObject({
        'infraprism.entity.id': 'sdk3-init',
        'infraprism.cost.usd': 0.005375,
        'infraprism.cost.status': 'priced',
      });
    });
  },
);
