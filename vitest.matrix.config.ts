import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { packageFromMatrixFolder } from './test/matrix/package-from-folder.js';

/**
 * Issue #4, item 6: the in-process half of the openai version matrix.
 *
 *   MATRIX_OPENAI_DIR=test/matrix/openai-v4 vitest run -c vitest.matrix.config.ts
 *   vitest run -c vitest.matrix.config.ts      (no folder: test/matrix/apps/, Node 22.15+)
 *
 * runs every OpenAI-dependent test file with `openai` (and `openai/*`) resolved from that folder,
 * where the version is installed under its real name (`node test/matrix/install.mjs` installs
 * them). The resolution is redone as if the import came from inside the folder, so Vite applies
 * the package's own `exports` map; the result lies in a node_modules folder, so vitest
 * externalizes it and Node itself loads the SDK, as in an app. test/matrix/in-process/ proves it:
 * the loaded version and the User-Agent of real requests must equal the folder's pin.
 *
 * The files: those under the OpenAI test folders, plus every other test file with a top-level
 * `import ... from 'openai'`, so new OpenAI tests join the matrix without editing this list.
 */
const root = dirname(fileURLToPath(import.meta.url));
const matrixDirSetting = process.env['MATRIX_OPENAI_DIR'];
// Without a folder, the run is the apps on other OTel lines (test/matrix/apps/, Node 22.15+).
const matrixDir = matrixDirSetting === undefined || matrixDirSetting === '' ? undefined : resolve(root, matrixDirSetting);
const reportName = matrixDir === undefined ? 'apps' : basename(matrixDir);

const OPENAI_TEST_FOLDERS = [
  'test/instrumentation/openai',
  'test/instrumentation/core',
  'test/attribution',
  'test/privacy',
  'test/matrix/in-process',
  'test/matrix/child-process',
];
// Folders that never load `openai` in this process (child processes, packaging, the matrix apps).
const SKIPPED_FOLDERS = new Set(['node_modules', 'support', 'packaging', 'matrix']);
const IMPORTS_OPENAI = /^import\s[^;]*?\sfrom\s+['"]openai(?:\/[^'"]*)?['"]/m;

function listTestFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : listTestFiles(path);
    return entry.name.endsWith('.test.ts') && !entry.name.endsWith('.slow.test.ts') ? [path] : [];
  });
}

const importingFiles = listTestFiles('test').filter((file) => IMPORTS_OPENAI.test(readFileSync(join(root, file), 'utf8')));
const openaiMatrixFiles = [...OPENAI_TEST_FOLDERS.map((folder) => `${folder}/**/*.test.ts`), ...importingFiles];

export default defineConfig({
  plugins: matrixDir === undefined ? [] : [packageFromMatrixFolder('openai', matrixDir)],
  test: {
    include: matrixDir === undefined ? ['test/matrix/apps/**/*.test.ts'] : openaiMatrixFiles,
    exclude: ['**/node_modules/**', 'test/**/*.slow.test.ts'],
    env: matrixDir === undefined ? {} : { MATRIX_OPENAI_DIR: matrixDir },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    reporters: ['default', 'json'],
    outputFile: { json: `test-results/matrix-${reportName}-node${process.versions.node.split('.')[0]}.json` },
  },
});
