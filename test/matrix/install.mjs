#!/usr/bin/env node
// Installs the matrix folders (issue #4, item 6): each test/matrix/<name>/ has its own
// package.json and lockfile and gets its own node_modules with `npm ci --prefix`, so every SDK
// sits under its real package name (the module hooks never see an npm alias).
//
//   node test/matrix/install.mjs                 every folder with a package-lock.json (but see below)
//   node test/matrix/install.mjs openai-v4 ...   only these
//   node test/matrix/install.mjs --if-missing    skip folders that already have node_modules
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const matrixRoot = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const ifMissing = args.includes('--if-missing');
const named = args.filter((arg) => !arg.startsWith('--'));
// A folder whose package.json says `"infraprismMatrix": { "installedByTest": true }` is
// installed by its test (into a copy, with our packed tarball), so it is skipped by default.
const isInstalledByTest = (name) =>
  JSON.parse(readFileSync(join(matrixRoot, name, 'package.json'), 'utf8')).infraprismMatrix?.installedByTest === true;
const folders = (named.length > 0 ? named : readdirSync(matrixRoot)).filter(
  (name) => existsSync(join(matrixRoot, name, 'package-lock.json')) && (named.length > 0 || !isInstalledByTest(name)),
);
if (named.length > 0 && folders.length !== named.length) {
  console.error(`install.mjs: no package-lock.json in ${named.filter((n) => !folders.includes(n)).join(', ')}`);
  process.exit(1);
}

function npmCi(folder) {
  const prefix = join(matrixRoot, folder);
  if (ifMissing && existsSync(join(prefix, 'node_modules'))) return Promise.resolve(0);
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // engine-strict off: openai 7 and OTel JS 3.x declare Node 22, while this script may run
    // under the CI's Node 20; the tests for those folders run under Node 22.
    const child = spawn(npm, ['ci', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', () => resolve(1));
    child.on('close', (code) => {
      console.log(`[matrix] npm ci ${folder}: ${code === 0 ? 'ok' : `failed (${code})`}`);
      resolve(code ?? 1);
    });
  });
}

// Two at a time: the CI machine has two cores, and npm ci is mostly waiting on the registry.
const codes = [];
for (let i = 0; i < folders.length; i += 2) codes.push(...(await Promise.all(folders.slice(i, i + 2).map(npmCi))));
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
