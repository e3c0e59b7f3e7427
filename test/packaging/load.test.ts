// Loads the built package by name in child processes — ESM with import(), CommonJS with require(),
// `infraprism/register` with --import and -r — so what is tested is package.json#exports and
// dist/, never src/. .ci/run runs this file again under Node 22 and 24.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OPENAI_ENTRY_EXPORTS,
  ROOT_EXPORTS,
  assertBuilt,
  describeRun,
  lastJsonLine,
  makeLinkedApp,
  runNode,
} from '../support/child-apps.js';

interface Probe {
  node: string;
  resolved: { root: string; openai: string; register: string };
  root: Record<string, string>;
  openai: Record<string, string>;
  isOpenAISubclass: boolean;
}

// Both probes list each entry's named exports with their typeof, and where each specifier resolved.
const ESM_PROBE = `
const describe = (ns) => Object.fromEntries(
  Object.keys(ns).filter((k) => k !== 'default').sort().map((k) => [k, typeof ns[k]]));
const root = await import('infraprism');
const openaiEntry = await import('infraprism/openai');
const { OpenAI } = await import('openai');
const Client = openaiEntry.InfraPrismOpenAI;
console.log(JSON.stringify({
  node: process.version,
  resolved: {
    root: import.meta.resolve('infraprism'),
    openai: import.meta.resolve('infraprism/openai'),
    register: import.meta.resolve('infraprism/register'),
  },
  root: describe(root),
  openai: describe(openaiEntry),
  isOpenAISubclass: typeof Client === 'function' && Client.prototype instanceof OpenAI,
}));
`;

const CJS_PROBE = `
const { pathToFileURL } = require('node:url');
const describe = (ns) => Object.fromEntries(
  Object.keys(ns).filter((k) => k !== 'default' && k !== '__esModule').sort().map((k) => [k, typeof ns[k]]));
const root = require('infraprism');
const openaiEntry = require('infraprism/openai');
const { OpenAI } = require('openai');
const Client = openaiEntry.InfraPrismOpenAI;
const resolve = (specifier) => pathToFileURL(require.resolve(specifier)).href;
console.log(JSON.stringify({
  node: process.version,
  resolved: {
    root: resolve('infraprism'),
    openai: resolve('infraprism/openai'),
    register: resolve('infraprism/register'),
  },
  root: describe(root),
  openai: describe(openaiEntry),
  isOpenAISubclass: typeof Client === 'function' && Client.prototype instanceof OpenAI,
}));
`;

// An app that knows nothing of us: run under --import / -r infraprism/register.
const PLAIN_ESM_APP = `await import('openai');\nconsole.log('app ran');\n`;
const PLAIN_CJS_APP = `require('openai');\nconsole.log('app ran');\n`;

// Nothing listens on the discard port; no span is made, so nothing should be sent anyway.
const REGISTER_ENV = {
  OTEL_SERVICE_NAME: 'infraprism-packaging-test',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
};

let app: Awaited<ReturnType<typeof makeLinkedApp>>;

beforeAll(async () => {
  assertBuilt();
  app = await makeLinkedApp();
  await writeFile(join(app.dir, 'probe.mjs'), ESM_PROBE);
  await writeFile(join(app.dir, 'probe.cjs'), CJS_PROBE);
  await writeFile(join(app.dir, 'app.mjs'), PLAIN_ESM_APP);
  await writeFile(join(app.dir, 'app.cjs'), PLAIN_CJS_APP);
});

afterAll(async () => {
  await app?.remove();
});

async function probe(file: string): Promise<Probe> {
  const result = await runNode([file], { cwd: app.dir });
  expect(result.code, describeRun(result)).toBe(0);
  expect(result.stderr, 'loading the package printed to stderr').toBe('');
  return lastJsonLine<Probe>(result);
}

function expectPublicApi(loaded: Probe): void {
  for (const name of ROOT_EXPORTS) expect(loaded.root[name], `infraprism exports ${name}`).toBe('function');
  for (const name of OPENAI_ENTRY_EXPORTS) {
    expect(loaded.openai[name], `infraprism/openai exports ${name}`).toBe('function');
  }
  expect(loaded.isOpenAISubclass, 'InfraPrismOpenAI extends the OpenAI class').toBe(true);
}

// Each probe runs once and is shared by the tests that read it, whatever order they run in.
let esmProbe: Promise<Probe> | undefined;
let cjsProbe: Promise<Probe> | undefined;
const loadEsm = (): Promise<Probe> => (esmProbe ??= probe('probe.mjs'));
const loadCjs = (): Promise<Probe> => (cjsProbe ??= probe('probe.cjs'));

describe(`the built package under Node ${process.version}`, () => {
  it('loads the ESM build with import() by package name', async () => {
    const esm = await loadEsm();
    expect(esm.resolved.root).toMatch(/\/dist\/esm\/index\.js$/);
    expect(esm.resolved.openai).toMatch(/\/dist\/esm\/openai\.js$/);
    expectPublicApi(esm);
  });

  it('loads the CommonJS build with require() by package name', async () => {
    const cjs = await loadCjs();
    expect(cjs.resolved.root).toMatch(/\/dist\/cjs\/index\.js$/);
    expect(cjs.resolved.openai).toMatch(/\/dist\/cjs\/openai\.js$/);
    expectPublicApi(cjs);
  });

  it('exports the same names from the ESM and the CommonJS build', async () => {
    const [esm, cjs] = await Promise.all([loadEsm(), loadCjs()]);
    expect(Object.keys(cjs.root)).toEqual(Object.keys(esm.root));
    expect(Object.keys(cjs.openai)).toEqual(Object.keys(esm.openai));
  });

  it('resolves infraprism/register to the one CommonJS file under import and require', async () => {
    const [esm, cjs] = await Promise.all([loadEsm(), loadCjs()]);
    expect(esm.resolved.register).toMatch(/\/dist\/cjs\/register\.js$/);
    expect(cjs.resolved.register).toBe(esm.resolved.register);
  });

  it('runs an unchanged ESM app under node --import infraprism/register', async () => {
    const result = await runNode(['--import', 'infraprism/register', 'app.mjs'], {
      cwd: app.dir,
      env: REGISTER_ENV,
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('app ran');
  });

  it('runs an unchanged CommonJS app under node -r infraprism/register', async () => {
    const result = await runNode(['-r', 'infraprism/register', 'app.cjs'], {
      cwd: app.dir,
      env: REGISTER_ENV,
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('app ran');
  });
});
