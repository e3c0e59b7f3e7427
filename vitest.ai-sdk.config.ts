import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Issue #11: the Vercel AI SDK majors (test/matrix/ai-v6, ai-v7) and an app mixing the AI SDK,
 * LangChain and openai (test/matrix/mixed-app), one folder each with the real packages installed
 * under their real names (`npm ci --prefix test/matrix/ai-v6`):
 *
 *   MATRIX_AI_DIR=test/matrix/ai-v7 vitest run -c vitest.ai-sdk.config.ts
 *
 * The test files live in the folder, so `ai` and `@ai-sdk/*` resolve from its node_modules as in
 * an app, while InfraPrism and the OpenTelemetry SDK come from the root.
 */
const root = dirname(fileURLToPath(import.meta.url));
const dirSetting = process.env['MATRIX_AI_DIR'];
if (dirSetting === undefined || dirSetting === '') throw new Error('set MATRIX_AI_DIR to test/matrix/ai-v6, ai-v7 or mixed-app');
const matrixDir = resolve(root, dirSetting);

export default defineConfig({
  test: {
    root,
    include: [`${matrixDir}/**/*.test.ts`],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    reporters: ['default', 'json'],
    outputFile: { json: `test-results/matrix-${basename(matrixDir)}.json` },
  },
});
