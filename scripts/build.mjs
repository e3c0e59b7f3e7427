#!/usr/bin/env node
// Builds dist/ with plain tsc, twice (ARCHITECTURE.md, "Build"):
//   tsconfig.json     -> dist/esm  (ESM; src/register.ts is excluded: it is CommonJS only)
//   tsconfig.cjs.json -> dist/cjs  (CommonJS; includes src/register.ts)
// Output maps file for file onto src/, each tree with its own .d.ts, .d.ts.map and .js.map.
// The dev page (src/cli/dev/page/) is copied into dist/esm as is.
// The two compilations are independent, so they run in parallel (CI has 2 cores); each one's
// output is printed as a block under its own heading.
import { spawn } from 'node:child_process';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const dist = join(root, 'dist');

/** Runs tsc on one project; resolves to its exit code and everything it printed. */
function runTsc(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project], { cwd: root });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ project, code: 1, output: `could not start tsc: ${error.message}\n` }));
    child.on('close', (code) => resolve({ project, code: code ?? 1, output }));
  });
}

const started = Date.now();
await rm(dist, { recursive: true, force: true });

const results = await Promise.all(['tsconfig.json', 'tsconfig.cjs.json'].map(runTsc));
for (const { project, code, output } of results) {
  if (output.trim() !== '') process.stderr.write(`build: tsc -p ${project} (exit ${code}):\n${output}`);
}
const failed = results.filter(({ code }) => code !== 0).map(({ project }) => project);
if (failed.length > 0) {
  console.error(`build: tsc failed for ${failed.join(', ')}`);
  process.exit(1);
}

// The root package.json says "type": "module"; this marks dist/cjs/**/*.js as CommonJS.
await mkdir(join(dist, 'cjs'), { recursive: true });
await writeFile(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);

// The `infraprism dev` page is static files served as they are; tsc does not copy them. The CLI
// is ESM only (tsconfig.cjs.json leaves src/cli out), so only dist/esm gets them.
await cp(join(root, 'src', 'cli', 'dev', 'page'), join(dist, 'esm', 'cli', 'dev', 'page'), { recursive: true });

console.log(`build: dist/esm and dist/cjs written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
