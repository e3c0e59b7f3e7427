// Issue #7, item 2, in child processes running the built package as users do: a process that
// exits right after its last call delivers it (batched and serverless), and a dead or hanging
// collector cannot hold a normal exit past the export timeout (default 5 s; the run is killed
// at 12 s, which leaves room for a slow start on a loaded CI machine, while the old holds of
// 13 s (spans) and 30 s (metrics) still fail the test).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, runNode, useChildAppBed } from '../support/child-apps.js';

// The last call, then nothing: no flush(), no shutdown(); the process ends on its own.
const bed = useChildAppBed({
  prepare: (dir) =>
    writeFile(
      join(dir, 'last-call.mjs'),
      `import OpenAI from 'openai';
     import { init } from 'infraprism';
     init({ instrumentModules: { openai: OpenAI } });
     const client = new OpenAI();
     await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], entity_id: process.env.ENTITY });
     console.log(JSON.stringify({ called: true }));`,
    ),
});

function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    OPENAI_BASE_URL: bed.provider.openaiBaseURL,
    OPENAI_API_KEY: 'sk-child',
    INFRAPRISM_ENDPOINT: bed.receiver.url,
    // Only the exit flush (or serverless export) can deliver: the scheduled export is far away.
    OTEL_BSP_SCHEDULE_DELAY: '600000',
    ...extra,
  };
}

describe('normal process exit', () => {
  it('delivers the span of a call made right before the process exits', async () => {
    await bed.runChildApp(['last-call.mjs'], { env: childEnv({ ENTITY: 'exit-batched' }) });
    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('exit-batched');
  });

  it('exports each span as it ends in serverless mode (INFRAPRISM_SERVERLESS=true)', async () => {
    await bed.runChildApp(['last-call.mjs'], { env: childEnv({ ENTITY: 'exit-serverless', INFRAPRISM_SERVERLESS: 'true' }) });
    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('exit-serverless');
  });

  it('is not held by a collector that refuses connections (default export timeout)', async () => {
    const result = await runNode(['last-call.mjs'], {
      cwd: bed.dir,
      env: childEnv({ ENTITY: 'dead', INFRAPRISM_ENDPOINT: 'http://127.0.0.1:9' }),
      timeoutMs: 12_000,
    });
    expect(result.signal, describeRun(result)).toBeNull();
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('"called":true');
    expect(result.stderr).toContain('cannot reach the telemetry endpoint 127.0.0.1:9 (ECONNREFUSED)');
    expect(result.stderr).toContain('1 spans could not be delivered before exit');
  });

  it('is not held by a collector that accepts and never answers', async () => {
    bed.receiver.hangNext(20);
    const result = await runNode(['last-call.mjs'], {
      cwd: bed.dir,
      env: childEnv({ ENTITY: 'hung', OTEL_BSP_EXPORT_TIMEOUT: '1000' }),
      timeoutMs: 12_000,
    });
    expect(result.signal, describeRun(result)).toBeNull();
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain('did not answer within 1000 ms');
    expect(bed.receiver.traceRequests().length).toBeGreaterThan(0);
  });
});
