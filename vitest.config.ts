import { defineConfig } from 'vitest/config';

/**
 * `npm test` is `npm run build && vitest run`: the packaging tests load the freshly built dist/.
 *
 * `*.slow.test.ts` files (the packed-tarball install in test/packaging/) need the network and a
 * minute; they run only with INFRAPRISM_SLOW_TESTS=1, which the second stage of .ci/run sets.
 * test/matrix/ (one folder per SDK version, each with its own node_modules) has its own runner.
 */
const runSlowTests = process.env['INFRAPRISM_SLOW_TESTS'] === '1';

export default defineConfig({
  test: {
    include: runSlowTests ? ['test/**/*.slow.test.ts'] : ['test/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'test/matrix/**',
      ...(runSlowTests ? [] : ['test/**/*.slow.test.ts']),
    ],
    // Child processes, loopback servers and OTel globals are safer in processes than in threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    // The JSON report is written on every run, so .ci/run can read the totals of the user's own
    // test command (`npm ci && npm test`) without changing it.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
