import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { packageFromMatrixFolder } from './test/matrix/package-from-folder.js';

/**
 * The @google/genai version matrix:
 *
 *   MATRIX_GOOGLE_GENAI_DIR=test/matrix/google-genai-v3 vitest run -c vitest.google-matrix.config.ts
 *
 * runs the Google test files with `@google/genai` resolved from that folder, where the version is
 * installed under its real name (`npm ci --prefix <folder>`): the module hooks match the package
 * name on disk, so an npm alias would test nothing. The resolution is redone as if the import came
 * from inside the folder, so the package's own `exports` apply. The CommonJS and ESM child-process
 * checks (test/instrumentation/google/child-processes.test.ts) read the same variable. 3.x needs
 * Node 22.
 */
const root = dirname(fileURLToPath(import.meta.url));
const matrixDirSetting = process.env['MATRIX_GOOGLE_GENAI_DIR'];
if (matrixDirSetting === undefined || matrixDirSetting === '') {
  throw new Error('set MATRIX_GOOGLE_GENAI_DIR to a test/matrix/google-genai-* folder');
}
const matrixDir = resolve(root, matrixDirSetting);
const PACKAGE = '@google/genai';

export default defineConfig({
  plugins: [packageFromMatrixFolder(PACKAGE, matrixDir)],
  test: {
    include: ['test/instrumentation/google/**/*.test.ts', 'test/privacy/google-export.test.ts'],
    exclude: ['**/node_modules/**', 'test/**/*.slow.test.ts'],
    env: { MATRIX_GOOGLE_GENAI_DIR: matrixDir },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    reporters: ['default', 'json'],
    outputFile: { json: `test-results/matrix-${basename(matrixDir)}.json` },
  },
});
