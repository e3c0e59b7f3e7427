// Issue #7, item 5 at full size (slow stage: INFRAPRISM_SLOW_TESTS=1): 100,000 calls with the
// endpoint down. The heap after them holds the 1000-span buffer and no more, and every span
// past the buffer is counted as dropped. The default run does the same with 5,000 calls
// (load.test.ts).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBuilt, describeRun, lastJsonLine, makeLinkedApp, runNode } from '../support/child-apps.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { LOAD_APP_SOURCE, type LoadAppReport } from '../support/load-app.js';

const MB = 1024 * 1024;
const CALLS = 100_000;
let provider: FakeProvider;
let app: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  provider = await startFakeProvider();
  app = await makeLinkedApp();
  await writeFile(join(app.dir, 'load.mjs'), LOAD_APP_SOURCE);
});
afterAll(async () => {
  await Promise.all([provider.close(), app.remove()]);
});

it('keeps memory bounded by the buffer through 100,000 calls with the endpoint down', async () => {
  const result = await runNode(['--expose-gc', 'load.mjs'], {
    cwd: app.dir,
    timeoutMs: 900_000,
    env: {
      OPENAI_BASE_URL: provider.openaiBaseURL,
      OPENAI_API_KEY: 'sk-load',
      // Port 9 (discard) is closed on loopback: every export fails.
      INFRAPRISM_ENDPOINT: 'http://127.0.0.1:9',
      INFRAPRISM_FLUSH_TIMEOUT: '1000',
      OTEL_BSP_EXPORT_TIMEOUT: '500',
      OTEL_LOG_LEVEL: 'error',
      CALLS: String(CALLS),
      ENTITIES: '100',
      CONCURRENCY: '200',
      WARMUP: '200',
      MAX_RETRIES: '2',
      PATTERN: 'workers',
    },
  });
  expect(result.code, describeRun(result)).toBe(0);
  const report = lastJsonLine<LoadAppReport>(result);
  expect(report.stats.spansExported).toBe(0);
  expect(report.stats.spansDropped).toBe(CALLS + 200 - 1000);
  expect(report.heapAfter - report.heapBefore, JSON.stringify(report)).toBeLessThan(30 * MB);
  // Worker loops, not 100,000 promises up front (those alone are ~100 MB): mid-run the heap holds
  // the 1000-span buffer; 50,000 retained spans would be over 100 MB.
  expect(report.heapMid - report.heapBefore, JSON.stringify(report)).toBeLessThan(30 * MB);
  console.info(
    `[issue 7 load, endpoint down] ${CALLS} calls, ${report.stats.spansDropped} dropped, ${report.stats.exportFailures} failed exports; ` +
      `heap before ${(report.heapBefore / MB).toFixed(1)} MB, peak ${(report.heapPeak / MB).toFixed(1)} MB, mid-run after GC ${(report.heapMid / MB).toFixed(1)} MB, after ${(report.heapAfter / MB).toFixed(1)} MB`,
  );
}, 900_000);
