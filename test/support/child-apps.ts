// Child processes that load the built package the way users do — by name, through the
// `exports` map of dist/ — for the packaging, register and exit tests. Never imports src/.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The public named exports of `infraprism`, kept in step with src/index.ts. */
export const ROOT_EXPORTS = [
  'MetricsInstrumentation',
  'AnthropicInstrumentation',
  'BedrockRuntimeInstrumentation',
  'GoogleGenAIInstrumentation',
  'InfraPrismSpanProcessor',
  'OpenAIInstrumentation',
  'calculateCost',
  'init',
  'instrument',
  'lookupPrice',
  'normalizeAnthropicUsage',
  'normalizeOpenAIChatUsage',
  'normalizeOpenAIResponsesUsage',
  'withEntity',
  'withTags',
] as const;

/** The public named exports of `infraprism/openai`. */
export const OPENAI_ENTRY_EXPORTS = ['InfraPrismOpenAI'] as const;

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The environment for a child: ours, without what would change how it loads or exports
 * (NODE_OPTIONS from the test runner, OTEL_* / INFRAPRISM_* / SDK keys from the developer's shell,
 * and the per-script npm_* variables `npm test` sets). npm's own config (npm_config_*: registry,
 * cache) is kept so that a nested npm behaves as the user's would.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NODE_OPTIONS$|OTEL_|INFRAPRISM_|VITEST|ANTHROPIC_|OPENAI_)/i.test(key)) continue;
    if (/^npm_(lifecycle_|package_|command$|config_local_prefix$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to its end (or kills it at the timeout) and collects its output. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs a script with the Node that runs the tests (so .ci/run can test Node 22 and 24 too). */
export function runNode(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return run(process.execPath, args, options);
}

/** Formats a child's result for an assertion message. */
export function describeRun(result: RunResult): string {
  return `exit ${result.code ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** Parses the last line of a child's stdout as JSON (earlier lines may be logs). */
export function lastJsonLine<T>(result: RunResult): T {
  const lines = result.stdout.trim().split('\n');
  const last = lines[lines.length - 1];
  if (last === undefined || last === '') throw new Error(`child printed nothing\n${describeRun(result)}`);
  return JSON.parse(last) as T;
}

/** Fails early, with the fix, when dist/ was not built (`npm test` builds it first). */
export function assertBuilt(): void {
  for (const file of ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/cjs/package.json']) {
    if (!existsSync(join(repoRoot, file))) {
      throw new Error(`${file} is missing: the packaging tests load the build; run \`npm run build\` first`);
    }
  }
}

/**
 * A throwaway app folder whose node_modules/infraprism is a symlink to this repo, so that
 * `import 'infraprism'` and `require('infraprism')` resolve by name through package.json#exports.
 * The SDK and OTel API are linked from the repo too (or the SDK from `openaiPackageDir`): one
 * copy each, as in a real app.
 */
export async function makeLinkedApp(
  options: { openaiPackageDir?: string } = {},
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'infraprism-pkg-'));
  await mkdir(join(dir, 'node_modules', '@opentelemetry'), { recursive: true });
  await symlink(repoRoot, join(dir, 'node_modules', 'infraprism'), 'dir');
  // The version matrix passes a folder's node_modules/openai; Node follows the link, so the
  // SDK's own dependencies resolve from that folder and the hooks see the real name `openai`.
  const openaiPackageDir = options.openaiPackageDir ?? join(repoRoot, 'node_modules', 'openai');
  await symlink(openaiPackageDir, join(dir, 'node_modules', 'openai'), 'dir');
  await symlink(
    join(repoRoot, 'node_modules', '@opentelemetry', 'api'),
    join(dir, 'node_modules', '@opentelemetry', 'api'),
    'dir',
  );
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'app', private: true })}\n`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A linked app folder with the fake provider and an OTLP receiver, for tests of child apps. */
export interface ChildAppBed {
  readonly provider: FakeProvider;
  readonly receiver: OtlpReceiver;
  /** The app folder (`makeLinkedApp`). */
  readonly dir: string;
  /** Writes a file of the app. */
  writeApp(name: string, source: string): Promise<void>;
  /**
   * Runs `node ...args` in the app folder and expects exit 0 (the child's output in the failure
   * message). For other outcomes, call `runNode` with `cwd: bed.dir`.
   */
  runChildApp(args: readonly string[], options?: Omit<RunOptions, 'cwd'>): Promise<RunResult>;
}

/**
 * Registers the hooks of a child-app test file: before all, the build check, the fake provider,
 * the OTLP receiver and the app folder (then `prepare`, e.g. to write the app or link another
 * SDK); before each test, both servers reset; after all, everything closed and removed.
 */
export function useChildAppBed(
  options: { openaiPackageDir?: string; prepare?: (dir: string) => Promise<void> } = {},
): ChildAppBed {
  let provider: FakeProvider | undefined;
  let receiver: OtlpReceiver | undefined;
  let app: { dir: string; remove: () => Promise<void> } | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useChildAppBed: used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    assertBuilt();
    provider = await startFakeProvider();
    receiver = await startOtlpReceiver();
    app = await makeLinkedApp(options.openaiPackageDir === undefined ? {} : { openaiPackageDir: options.openaiPackageDir });
    await options.prepare?.(app.dir);
  });
  afterAll(async () => {
    await Promise.all([provider?.close(), receiver?.close(), app?.remove()]);
  });
  beforeEach(() => {
    provider?.reset();
    receiver?.reset();
  });
  return {
    get provider() {
      return started(provider);
    },
    get receiver() {
      return started(receiver);
    },
    get dir() {
      return started(app).dir;
    },
    async writeApp(name, source) {
      await writeFile(join(started(app).dir, name), source);
    },
    async runChildApp(args, runOptions = {}) {
      const result = await runNode(args, { ...runOptions, cwd: started(app).dir });
      expect(result.code, describeRun(result)).toBe(0);
      return result;
    },
  };
}

/** The file behind an installed package's CLI, read from its package.json#bin. */
export function binPath(packageName: string, binName: string): string {
  const packageDir = join(repoRoot, 'node_modules', packageName);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[binName];
  if (bin === undefined) throw new Error(`${packageName} has no bin named ${binName}`);
  return join(packageDir, bin);
}
