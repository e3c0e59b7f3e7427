#!/usr/bin/env node
// Builds dist/ with plain tsc, twice (STYLE.md §4 "Build"):
//   tsconfig.json     -> dist/esm  (ESM; src/register.ts is excluded: it is CommonJS only)
//   tsconfig.cjs.json -> dist/cjs  (CommonJS; includes src/register.ts)
// Output maps file for file onto src/, each tree with its own .d.ts, .d.ts.map and .js.map.
// The two compilations are independent, so they run in parallel (CI has 2 cores).
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const dist = join(root, 'dist');

/** Runs one tsc project; resolves to its exit code. Output goes straight to our stdio. */
function runTsc(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`build: could not start tsc for ${project}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const started = Date.now();
await rm(dist, { recursive: true, force: true });

const projects = ['tsconfig.json', 'tsconfig.cjs.json'];
const codes = await Promise.all(projects.map(runTsc));
const failed = projects.filter((_, i) => codes[i] !== 0);
if (failed.length > 0) {
  console.error(`build: tsc failed for ${failed.join(', ')}`);
  process.exit(1);
}

// The root package.json says "type": "module"; this marks dist/cjs/**/*.js as CommonJS.
await mkdir(join(dist, 'cjs'), { recursive: true });
await writeFile(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);

console.log(`build: dist/esm and dist/cjs written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
