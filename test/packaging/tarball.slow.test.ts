// Installs the packed tarball into fresh apps, as a user would from the registry, with the peers
// a user adds (openai 6, @opentelemetry/api 1.9), and runs them: ESM, CommonJS, both register
// forms, and a strict type-check of ESM (.mts) and CommonJS (.cts) consumers.
// Slow and networked (npm install), so `npm test` skips it: run it with `npm run test:slow`;
// .ci/run runs it in its second stage.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OPENAI_ENTRY_EXPORTS,
  ROOT_EXPORTS,
  assertBuilt,
  describeRun,
  repoRoot,
  run,
  runNode,
} from '../support/child-apps.js';

const INSTALL_TIMEOUT_MS = 300_000;

// Nothing listens on the discard port: init() must neither throw nor keep the process alive.
const APP_ENV = {
  OTEL_SERVICE_NAME: 'infraprism-tarball-test',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
};

// The same body for both apps; only how the package is loaded differs.
const appBody = (load: string): string => `${load}
const missing = ${JSON.stringify(ROOT_EXPORTS)}.filter((name) => typeof infraprism[name] !== 'function');
if (missing.length > 0) throw new Error('missing exports: ' + missing.join(', '));
const handle = infraprism.init({ serviceName: 'infraprism-tarball-test', endpoint: 'http://127.0.0.1:9' });
const client = new InfraPrismOpenAI({ apiKey: 'test-key', baseURL: 'http://127.0.0.1:9/v1' });
if (!(client instanceof OpenAI)) throw new Error('InfraPrismOpenAI is not an OpenAI');
console.log(JSON.stringify({ ok: true, handle: typeof handle }));
`;

const ESM_APP = appBody(`import * as infraprism from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';
import { OpenAI } from 'openai';`);

const CJS_APP = appBody(`const infraprism = require('infraprism');
const { InfraPrismOpenAI } = require('infraprism/openai');
const { OpenAI } = require('openai');`);

const PLAIN_ESM_APP = `await import('openai');\nconsole.log('app ran');\n`;
const PLAIN_CJS_APP = `require('openai');\nconsole.log('app ran');\n`;

// Compiled with the repo's TypeScript under NodeNext: .mts resolves `import`, .cts `require`.
const TYPES_CHECK = `import { ${ROOT_EXPORTS.join(', ')} } from 'infraprism';
import { ${OPENAI_ENTRY_EXPORTS.join(', ')} } from 'infraprism/openai';
export const api = { ${[...ROOT_EXPORTS, ...OPENAI_ENTRY_EXPORTS].join(', ')} };
// The attribution params reach consumers through the shipped declarations (module augmentation).
const client = new InfraPrismOpenAI({ apiKey: 'test-key' });
export const call = () =>
  client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hello' }],
    entity_type: 'customer',
    entity_id: 'acme',
    tags: { plan: 'pro', seats: 3, trial: false },
  });
export const badCall = () =>
  client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [],
    // @ts-expect-error entity_id is a string
    entity_id: 42,
  });
`;

let work: string;
let appDir: string;

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'infraprism-tarball-'));
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: repoRoot,
    timeoutMs: 60_000,
  });
  expect(pack.code, describeRun(pack)).toBe(0);
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball\n${describeRun(pack)}`);

  appDir = join(work, 'app');
  await mkdir(appDir);
  await writeFile(join(appDir, 'package.json'), `${JSON.stringify({ name: 'tarball-app', private: true })}\n`);
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', join(work, tarball), 'openai@6', '@opentelemetry/api@1.9'],
    { cwd: appDir, timeoutMs: INSTALL_TIMEOUT_MS },
  );
  expect(install.code, describeRun(install)).toBe(0);

  // One node_modules, two apps: esm/ is "type": "module", cjs/ is "type": "commonjs".
  for (const [kind, type, app, plain, check] of [
    ['esm', 'module', ESM_APP, PLAIN_ESM_APP, 'check.mts'],
    ['cjs', 'commonjs', CJS_APP, PLAIN_CJS_APP, 'check.cts'],
  ] as const) {
    await mkdir(join(appDir, kind));
    await writeFile(join(appDir, kind, 'package.json'), `${JSON.stringify({ type })}\n`);
    await writeFile(join(appDir, kind, 'index.js'), app);
    await writeFile(join(appDir, kind, 'plain.js'), plain);
    await writeFile(join(appDir, kind, check), TYPES_CHECK);
  }
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('the packed tarball installed into a fresh app', () => {
  it('imports infraprism in an ESM app and calls init() with no collector listening', async () => {
    const result = await runNode(['esm/index.js'], { cwd: appDir, env: APP_ENV });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('"ok":true');
  });

  it('requires infraprism in a CommonJS app and calls init() with no collector listening', async () => {
    const result = await runNode(['cjs/index.js'], { cwd: appDir, env: APP_ENV });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('"ok":true');
  });

  it('runs an unchanged ESM app under node --import infraprism/register', async () => {
    const result = await runNode(['--import', 'infraprism/register', 'esm/plain.js'], {
      cwd: appDir,
      env: APP_ENV,
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('app ran');
  });

  it('runs an unchanged CommonJS app under node -r infraprism/register', async () => {
    const result = await runNode(['-r', 'infraprism/register', 'cjs/plain.js'], {
      cwd: appDir,
      env: APP_ENV,
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('app ran');
  });

  it('type-checks ESM and CommonJS consumers under strict NodeNext', async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await runNode(
      [
        tsc,
        '--noEmit',
        '--strict',
        '--exactOptionalPropertyTypes',
        '--target', 'es2022',
        '--module', 'nodenext',
        '--moduleResolution', 'nodenext',
        '--typeRoots', join(repoRoot, 'node_modules', '@types'),
        '--types', 'node',
        'esm/check.mts',
        'cjs/check.cts',
      ],
      { cwd: appDir, timeoutMs: 60_000 },
    );
    expect(result.code, describeRun(result)).toBe(0);
  });
});
