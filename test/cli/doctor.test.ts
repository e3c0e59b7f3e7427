// Issue #10, item 2: `infraprism doctor`, run as the package's bin in a child process, on fixture
// apps built in temp folders (ESM, CommonJS, an unsupported SDK version, bundled), against a
// loopback OTLP receiver for the endpoint check.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_PRICES_AS_OF } from '../../src/pricing/index.js';
import { SUPPORTED_GOOGLE_GENAI_MAJORS } from '../../src/instrumentation/google/index.js';
import { SUPPORTED_OPENAI_MAJORS } from '../../src/instrumentation/openai/index.js';
import { assertBuilt, describeRun, repoRoot, runNode, type RunResult } from '../support/child-apps.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

interface Finding {
  check: string;
  status: 'ok' | 'note' | 'problem';
  message: string;
  fix?: string;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const cli = join(repoRoot, manifest.bin['infraprism']!);

let receiver: OtlpReceiver;
const folders: string[] = [];
beforeAll(async () => {
  assertBuilt();
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** An app folder from a map of relative paths to contents; `openai` links the repo's real SDK. */
async function makeApp(files: Record<string, string>, options: { openai?: 'real' | string } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'infraprism-doctor-'));
  folders.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  if (options.openai !== undefined) {
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    if (options.openai === 'real') {
      await symlink(join(repoRoot, 'node_modules', 'openai'), join(dir, 'node_modules', 'openai'), 'dir');
    } else {
      await mkdir(join(dir, 'node_modules', 'openai'));
      await writeFile(join(dir, 'node_modules', 'openai', 'package.json'), JSON.stringify({ name: 'openai', version: options.openai }));
    }
  }
  return dir;
}

async function doctor(dir: string, env: Record<string, string> = { INFRAPRISM_ENDPOINT: receiver.url }, args: string[] = ['--json']): Promise<{ result: RunResult; findings: Finding[] }> {
  const result = await runNode([cli, 'doctor', ...args], { cwd: dir, env });
  const findings = args.includes('--json') ? (JSON.parse(result.stdout) as { findings: Finding[] }).findings : [];
  return { result, findings };
}

const byCheck = (findings: readonly Finding[], check: string): Finding[] => findings.filter((f) => f.check === check);

describe('infraprism doctor', () => {
  it('finds nothing wrong in an ESM app with a supported SDK, started with infraprism/register, and exits 0', async () => {
    const dir = await makeApp(
      { 'package.json': JSON.stringify({ type: 'module', scripts: { start: 'node --import infraprism/register src/main.js' } }) },
      { openai: 'real' },
    );
    const { result, findings } = await doctor(dir);
    expect(result.code, describeRun(result)).toBe(0);
    const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules/openai/package.json'), 'utf8')) as { version: string };
    expect(byCheck(findings, 'sdk')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining(`openai ${installed.version} is supported`) });
    expect(byCheck(findings, 'modules')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('ES modules') });
    expect(byCheck(findings, 'endpoint')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining(`${receiver.url}/v1/traces`) });
    expect(findings.filter((f) => f.status === 'problem')).toEqual([]);
  });

  it('tells an ESM app that in-code init() cannot hook its imports, and how to register', async () => {
    const dir = await makeApp({ 'package.json': JSON.stringify({ type: 'module' }) }, { openai: 'real' });
    const { findings } = await doctor(dir);
    const [modules] = byCheck(findings, 'modules');
    expect(modules).toMatchObject({ status: 'note', message: expect.stringContaining('ES modules') });
    expect(modules!.fix).toContain('node --import infraprism/register');
    expect(modules!.fix).toContain('instrumentModules');
  });

  it('tells a CommonJS app (tsconfig module commonjs) to preload with -r or init() before require', async () => {
    const dir = await makeApp(
      {
        'package.json': JSON.stringify({ type: 'module' }),
        // JSONC, as tsconfig files are: comments and a trailing comma.
        'tsconfig.json': '{\n  // compiled to CommonJS\n  "compilerOptions": { "module": "CommonJS", },\n}\n',
      },
      { openai: 'real' },
    );
    const { findings } = await doctor(dir);
    const [modules] = byCheck(findings, 'modules');
    expect(modules!.message).toMatch(/^CommonJS .*tsconfig "module": "commonjs"/);
    expect(modules!.fix).toContain('node -r infraprism/register');
  });

  it('reports an openai version outside the supported majors as a problem, exit 1, with the upgrade', async () => {
    const dir = await makeApp({ 'package.json': '{}' }, { openai: '3.3.0' });
    const { result, findings } = await doctor(dir);
    expect(result.code, describeRun(result)).toBe(1);
    expect(byCheck(findings, 'sdk')[0]).toEqual({
      check: 'sdk',
      status: 'problem',
      message: `openai 3.3.0 is not supported (majors ${SUPPORTED_OPENAI_MAJORS.join(', ')}): its calls are not traced`,
      fix: `npm install openai@${Math.max(...SUPPORTED_OPENAI_MAJORS)}`,
    });
  });

  it('reports an SDK that is not installed as a note, not a problem', async () => {
    const dir = await makeApp({ 'package.json': '{}' });
    const { findings } = await doctor(dir);
    expect(byCheck(findings, 'sdk').map((f) => [f.status, f.message])).toEqual([
      ['note', 'openai is not installed here'],
      ['note', '@anthropic-ai/sdk is not installed here'],
      ['note', '@aws-sdk/client-bedrock-runtime is not installed here'],
      ['note', '@google/genai is not installed here'],
    ]);
  });

  it('checks the installed @aws-sdk/client-bedrock-runtime major', async () => {
    const sdkPackage = 'node_modules/@aws-sdk/client-bedrock-runtime/package.json';
    const supported = await makeApp({ 'package.json': '{}', [sdkPackage]: JSON.stringify({ name: '@aws-sdk/client-bedrock-runtime', version: '3.1178.0' }) });
    expect(byCheck((await doctor(supported)).findings, 'sdk')[2]).toMatchObject({
      status: 'ok',
      message: '@aws-sdk/client-bedrock-runtime 3.1178.0 is supported (majors 3)',
    });
    const old = await makeApp({ 'package.json': '{}', [sdkPackage]: JSON.stringify({ name: '@aws-sdk/client-bedrock-runtime', version: '2.9.0' }) });
    expect(byCheck((await doctor(old)).findings, 'sdk')[2]).toMatchObject({
      status: 'problem',
      fix: 'npm install @aws-sdk/client-bedrock-runtime@3',
    });
  });

  it('lists @google/genai: a supported major is ok, 0.x is a problem with the upgrade', async () => {
    const dir = await makeApp({ 'package.json': '{}' });
    await mkdir(join(dir, 'node_modules', '@google', 'genai'), { recursive: true });
    const manifest = join(dir, 'node_modules', '@google', 'genai', 'package.json');
    await writeFile(manifest, JSON.stringify({ name: '@google/genai', version: '3.3.0' }));
    expect(byCheck((await doctor(dir)).findings, 'sdk')[3]).toMatchObject({
      status: 'ok',
      message: `@google/genai 3.3.0 is supported (majors ${SUPPORTED_GOOGLE_GENAI_MAJORS.join(', ')})`,
    });
    await writeFile(manifest, JSON.stringify({ name: '@google/genai', version: '0.15.0' }));
    expect(byCheck((await doctor(dir)).findings, 'sdk')[3]).toMatchObject({
      status: 'problem',
      fix: `npm install @google/genai@${Math.max(...SUPPORTED_GOOGLE_GENAI_MAJORS)}`,
    });
  });

  it('reports a Next.js config that bundles the SDKs, with serverExternalPackages as the fix', async () => {
    const dir = await makeApp({ 'package.json': '{}', 'next.config.mjs': 'export default { reactStrictMode: true };\n' }, { openai: 'real' });
    const { result, findings } = await doctor(dir);
    expect(result.code, describeRun(result)).toBe(1);
    const [bundler] = byCheck(findings, 'bundler');
    expect(bundler).toMatchObject({ status: 'problem', message: expect.stringContaining('next.config.mjs bundles the SDKs') });
    expect(bundler!.fix).toContain('serverExternalPackages');
  });

  it('accepts a Next.js config that keeps openai external', async () => {
    const dir = await makeApp(
      { 'package.json': '{}', 'next.config.js': "module.exports = { serverExternalPackages: ['openai'] };\n" },
      { openai: 'real' },
    );
    const { findings } = await doctor(dir);
    expect(byCheck(findings, 'bundler')).toEqual([
      { check: 'bundler', status: 'ok', message: 'next.config.js keeps the SDKs out of the bundle' },
    ]);
  });

  it('accepts a bundled app that hands its SDK over with instrument()', async () => {
    const dir = await makeApp(
      {
        'package.json': '{}',
        'next.config.ts': 'export default {};\n',
        'app/api/chat/route.ts': "import OpenAI from 'openai';\nimport { instrument } from 'infraprism';\ninstrument({ openai: OpenAI });\n",
      },
      { openai: 'real' },
    );
    const { findings } = await doctor(dir);
    expect(byCheck(findings, 'bundler')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('hands them over with instrument()') });
  });

  it('reports an esbuild --bundle script without externals, and accepts one with --packages=external', async () => {
    const bundled = await makeApp({ 'package.json': JSON.stringify({ scripts: { build: 'esbuild src/main.ts --bundle --platform=node --outfile=dist/main.js' } }) });
    expect(byCheck((await doctor(bundled)).findings, 'bundler')[0]).toMatchObject({
      status: 'problem',
      message: expect.stringContaining('the "build" script (esbuild --bundle)'),
      fix: expect.stringContaining('--packages=external'),
    });
    const external = await makeApp({ 'package.json': JSON.stringify({ scripts: { build: 'esbuild src/main.ts --bundle --packages=external' } }) });
    expect(byCheck((await doctor(external)).findings, 'bundler')[0]!.status).toBe('ok');
  });

  it('reports an endpoint that does not answer, naming the variable it came from', async () => {
    const closed = await startOtlpReceiver();
    const url = closed.url;
    await closed.close();
    const dir = await makeApp({ 'package.json': '{}' });
    const { result, findings } = await doctor(dir, { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_HEADERS: 'x-secret=hunter2' });
    expect(result.code, describeRun(result)).toBe(1);
    expect(byCheck(findings, 'endpoint')[0]).toMatchObject({
      status: 'problem',
      message: `${url}/v1/traces (from OTEL_EXPORTER_OTLP_ENDPOINT) does not answer (ECONNREFUSED): spans are dropped after retries`,
    });
    expect(result.stdout).not.toContain('hunter2');
  });

  it('sends the API key as the exporter would, reports a refused key, and never prints it', async () => {
    receiver.reset();
    receiver.respondNext(401);
    const dir = await makeApp({ 'package.json': '{}' });
    const { result, findings } = await doctor(dir, { INFRAPRISM_ENDPOINT: receiver.url, INFRAPRISM_API_KEY: 'ip-secret-key' }, []);
    expect(receiver.requests[0]!.headers['authorization']).toBe('Bearer ip-secret-key');
    expect(findings).toEqual([]); // text mode
    expect(result.stdout).toContain('answered HTTP 401');
    expect(result.stdout).toContain('fix: set INFRAPRISM_API_KEY');
    expect(result.stdout).not.toContain('ip-secret-key');
    expect(result.code).toBe(1);
  });

  it("shows the bundled price table's date", async () => {
    const dir = await makeApp({ 'package.json': '{}' });
    const { findings } = await doctor(dir);
    expect(byCheck(findings, 'prices')[0]!.message).toContain(`bundled prices as of ${BUNDLED_PRICES_AS_OF}`);
  });

  it('prints one line per finding and a fix under each one that needs it', async () => {
    const dir = await makeApp({ 'package.json': '{}' }, { openai: '3.3.0' });
    const { result } = await doctor(dir, { INFRAPRISM_ENDPOINT: receiver.url }, []);
    expect(result.stdout).toMatch(/^ {2}PROBLEM {2}openai 3\.3\.0 is not supported .*\n {11}fix: npm install openai@\d+$/m);
    expect(result.stdout).toMatch(/\d+ problems? found\.\n$/);
  });
});
