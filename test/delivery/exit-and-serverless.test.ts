// Issue #7, item 2, in child processes running the built package as users do: a process that
// exits right after its last call delivers it (batched and serverless), and a dead or hanging
// collector cannot hold a normal exit past the export timeout (default 5 s; the run is killed
// at 9 s, so a hold of 10 s or more fails the test).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, makeLinkedApp, runNode } from '../support/child-apps.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

let provider: FakeProvider;
let receiver: OtlpReceiver;
let app: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  provider = await startFakeProvider();
  receiver = await startOtlpReceiver();
  app = await makeLinkedApp();
  // The last call, then nothing: no flush(), no shutdown(); the process ends on its own.
  await writeFile(
    join(app.dir, 'last-call.mjs'),
    `import OpenAI from 'openai';
     import { init } from 'infraprism';
     init({ instrumentModules: { openai: OpenAI } });
     const client = new OpenAI();
     await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], entity_id: process.env.ENTITY });
     console.log(JSON.stringify({ called: true }));`,
  );
});
afterAll(async () => {
  await Promise.all([provider.close(), receiver.close(), app.remove()]);
});
beforeEach(() => {
  provider.reset();
  receiver.reset();
});

function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    OPENAI_BASE_URL: provider.openaiBaseURL,
    OPENAI_API_KEY: 'sk-child',
    INFRAPRISM_ENDPOINT: receiver.url,
    // Only the exit flush (or serverless export) can deliver: the scheduled export is far away.
    OTEL_BSP_SCHEDULE_DELAY: '600000',
    ...extra,
  };
}

describe('normal process exit', () => {
  it('delivers the span of a call made right before the process exits', async () => {
    const result = await runNode(['last-call.mjs'], { cwd: app.dir, env: childEnv({ ENTITY: 'exit-batched' }) });
    expect(result.code, describeRun(result)).toBe(0);
    const [span] = await receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('exit-batched');
  });

  it('exports each span as it ends in serverless mode (INFRAPRISM_SERVERLESS=true)', async () => {
    const result = await runNode(['last-call.mjs'], { cwd: app.dir, env: childEnv({ ENTITY: 'exit-serverless', INFRAPRISM_SERVERLESS: 'true' }) });
    expect(result.code, describeRun(result)).toBe(0);
    const [span] = await receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('exit-serverless');
  });

  it('is not held by a collector that refuses connections (default export timeout)', async () => {
    const result = await runNode(['last-call.mjs'], {
      cwd: app.dir,
      env: childEnv({ ENTITY: 'dead', INFRAPRISM_ENDPOINT: 'http://127.0.0.1:9' }),
      timeoutMs: 9000,
    });
    expect(result.signal, describeRun(result)).toBeNull();
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('"called":true');
    expect(result.stderr).toContain('cannot reach the telemetry endpoint 127.0.0.1:9 (ECONNREFUSED)');
    expect(result.stderr).toContain('1 spans could not be delivered before exit');
  });

  it('is not held by a collector that accepts and never answers', async () => {
    receiver.hangNext(20);
    const result = await runNode(['last-call.mjs'], {
      cwd: app.dir,
      env: childEnv({ ENTITY: 'hung', OTEL_BSP_EXPORT_TIMEOUT: '1000' }),
      timeoutMs: 9000,
    });
    expect(result.signal, describeRun(result)).toBeNull();
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain('did not answer within 1000 ms');
    expect(receiver.traceRequests().length).toBeGreaterThan(0);
  });
});
