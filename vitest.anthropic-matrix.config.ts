import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { packageFromMatrixFolder } from './test/matrix/package-from-folder.js';

/**
 * Issue #5, item 6: the in-process half of the @anthropic-ai/sdk version matrix.
 *
 *   MATRIX_ANTHROPIC_DIR=test/matrix/anthropic-v0-122 vitest run -c vitest.anthropic-matrix.config.ts
 *
 * runs the Anthropic test files with `@anthropic-ai/sdk` (and its subpaths) resolved from that
 * folder, where the version is installed under its real name (`npm ci --prefix <folder>`): the
 * module hooks match the package name on disk, so an npm alias would test nothing. The
 * resolution is redone as if the import came from inside the folder, so the package's own
 * `exports` apply and Node itself loads the SDK, as in an app. The CommonJS and ESM child-process
 * checks (test/instrumentation/anthropic/child-processes.test.ts) read the same variable.
 */
const root = dirname(fileURLToPath(import.meta.url));
const matrixDirSetting = process.env['MATRIX_ANTHROPIC_DIR'];
if (matrixDirSetting === undefined || matrixDirSetting === '') {
  throw new Error('set MATRIX_ANTHROPIC_DIR to a test/matrix/anthropic-* folder');
}
const matrixDir = resolve(root, matrixDirSetting);
const PACKAGE = '@anthropic-ai/sdk';

export default defineConfig({
  plugins: [packageFromMatrixFolder(PACKAGE, matrixDir)],
  test: {
    include: ['test/instrumentation/anthropic/**/*.test.ts'],
    // Bedrock and Vertex clients require @anthropic-ai/sdk 1.x and load the root copy of it.
    exclude: [
      '**/node_modules/**',
      'test/**/*.slow.test.ts',
      'test/instrumentation/anthropic/platform-clients.test.ts',
      'test/instrumentation/anthropic/bedrock-streaming.test.ts',
    ],
    env: { MATRIX_ANTHROPIC_DIR: matrixDir },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    reporters: ['default', 'json'],
    outputFile: { json: `test-results/matrix-${basename(matrixDir)}.json` },
  },
});
