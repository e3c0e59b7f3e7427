// A dead collector reads the same for both signals: one clear line per condition, in a child
// process running the built package with the default diag logger (what a user sees on stderr),
// however many metric intervals and span retries fail and again at shutdown. Before, every
// failed metrics export printed the SDK's JSON-flattened stack.
import { describe, expect, it } from 'vitest';
import { describeRun, runNode, useChildAppBed } from '../support/child-apps.js';

const bed = useChildAppBed({
  prepare: async (dir) => {
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await writeFile(
      join(dir, 'dead-endpoint.mjs'),
      `import OpenAI from 'openai';
       import { init } from 'infraprism';
       const setup = init({ instrumentModules: { openai: OpenAI }, retry: { initialDelayMillis: 50, maxDelayMillis: 100 } });
       const client = new OpenAI();
       for (let i = 0; i < 3; i++) {
         await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
       }
       // Several metric intervals (OTEL_METRIC_EXPORT_INTERVAL) and span retries fail meanwhile.
       await new Promise((resolve) => setTimeout(resolve, 1500));
       await setup.shutdown();
       console.log(JSON.stringify({ done: true }));`,
    );
  },
});

describe('a collector that refuses connections', () => {
  it('prints one line for spans and one for metrics, no stack, through retries, intervals and shutdown', async () => {
    const result = await runNode(['dead-endpoint.mjs'], {
      cwd: bed.dir,
      env: {
        OPENAI_BASE_URL: bed.provider.openaiBaseURL,
        OPENAI_API_KEY: 'sk-child',
        INFRAPRISM_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_METRIC_EXPORT_INTERVAL: '200',
        OTEL_METRIC_EXPORT_TIMEOUT: '200',
      },
      timeoutMs: 30_000,
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('"done":true');
    const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
    const refused = lines.filter((line) => line.includes('cannot reach the telemetry endpoint 127.0.0.1:9 (ECONNREFUSED)'));
    expect(refused.filter((line) => line.includes('spans are kept and retried')), describeRun(result)).toHaveLength(1);
    expect(refused.filter((line) => line.includes('metrics are exported again')), describeRun(result)).toHaveLength(1);
    expect(refused, describeRun(result)).toHaveLength(2);
    // The SDK's own error handler never gets a failed export to print.
    expect(result.stderr, describeRun(result)).not.toMatch(/"stack"|PeriodicExportingMetricReader|\n\s+at /);
    // What the spans lost is said once, at the end.
    expect(lines.filter((line) => line.includes('could not be delivered')).length).toBeLessThanOrEqual(1);
  });
});
