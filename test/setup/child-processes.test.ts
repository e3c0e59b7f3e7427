// Issue #3, items 2 and 8, in child processes running the built package as users do:
// zero-code `infraprism/register` for ESM (`--import`) and CommonJS (`-r`), the flush
// of pending spans at a normal exit, a module required before `init()`, both copies
// of the SDK loaded at once, and `init()` called twice.
import { describe, expect, it } from 'vitest';
import { describeRun, runNode, useChildAppBed } from '../support/child-apps.js';

const bed = useChildAppBed();
const { writeApp } = bed;

/** Env for a child: the fake provider, our receiver, and a batch delay no test waits for. */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENAI_BASE_URL: bed.provider.openaiBaseURL,
    OPENAI_API_KEY: 'sk-child',
    INFRAPRISM_ENDPOINT: bed.receiver.url,
    // Only the exit flush can deliver within the test: the scheduled export is a minute away.
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_SERVICE_NAME: 'child-app',
    ...extra,
  };
}

const CALL = `
  await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    entity_type: 'customer',
    entity_id: ENTITY,
  });
`;

describe('infraprism/register', () => {
  it('instruments an unchanged ESM app loaded with --import and flushes at exit', async () => {
    await writeApp(
      'esm-app.mjs',
      `import OpenAI from 'openai';
       const ENTITY = 'esm-customer';
       const client = new OpenAI();
       ${CALL}`,
    );
    await bed.runChildApp(['--import', 'infraprism/register', 'esm-app.mjs'], { env: childEnv() });

    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'infraprism.entity.id': 'esm-customer', 'infraprism.cost.usd': 0.005375 });
    expect(span!.resource['service.name']).toBe('child-app');
    expect(bed.provider.requests[0]!.json).not.toHaveProperty('entity_id');
  });

  it('instruments an unchanged CommonJS app loaded with -r and flushes at exit', async () => {
    await writeApp(
      'cjs-app.cjs',
      `const OpenAI = require('openai');
       const ENTITY = 'cjs-customer';
       const client = new OpenAI();
       (async () => { ${CALL} })();`,
    );
    await bed.runChildApp(['-r', 'infraprism/register', 'cjs-app.cjs'], { env: childEnv() });

    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('cjs-customer');
    expect(span!.scope.name).toBe('infraprism-openai');
  });

  it('instruments an ESM app preloaded with -r, registering the loader hook once', async () => {
    await writeApp(
      'esm-r-app.mjs',
      `import OpenAI from 'openai';
       const ENTITY = 'esm-with-r';
       const client = new OpenAI();
       ${CALL}`,
    );
    const result = await bed.runChildApp(['-r', 'infraprism/register', 'esm-r-app.mjs'], { env: childEnv() });
    expect(result.stderr).not.toContain('already been initialized');
    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('esm-with-r');
  });

  it('prints the warning for a malformed OTEL_BSP_* value and carries on with the default', async () => {
    await writeApp(
      'bad-env.cjs',
      `const OpenAI = require('openai');
       const ENTITY = 'bad-env';
       const client = new OpenAI();
       (async () => { ${CALL} })();`,
    );
    const result = await bed.runChildApp(['-r', 'infraprism/register', 'bad-env.cjs'], {
      env: childEnv({ OTEL_BSP_MAX_QUEUE_SIZE: 'lots' }),
    });
    expect(result.stderr).toContain('OTEL_BSP_MAX_QUEUE_SIZE="lots" is not a positive integer; using 1000');
    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('bad-env');
  });

  it('keeps the exit code and timing of an app that fails', async () => {
    await writeApp(
      'failing-app.mjs',
      `import OpenAI from 'openai';
       const ENTITY = 'failing';
       const client = new OpenAI();
       ${CALL}
       process.exitCode = 3;`,
    );
    const result = await runNode(['--import', 'infraprism/register', 'failing-app.mjs'], { cwd: bed.dir, env: childEnv() });
    expect(result.code, describeRun(result)).toBe(3);
    await bed.receiver.waitForSpans(1);
  });
});

describe('init() in code', () => {
  it('resolves flush() and exits cleanly when the backend is unreachable', async () => {
    await writeApp(
      'dead-backend.mjs',
      `import OpenAI from 'openai';
       import { init } from 'infraprism';
       const setup = init({ instrumentModules: { openai: OpenAI }, batch: { exportTimeoutMillis: 1000 } });
       const ENTITY = 'dead';
       const client = new OpenAI();
       ${CALL}
       await setup.flush();
       console.log(JSON.stringify({ flushed: true }));
       process.exit(0);`,
    );
    // Port 9 (discard) is closed on loopback: every export is refused.
    const result = await bed.runChildApp(['dead-backend.mjs'], { env: childEnv({ INFRAPRISM_ENDPOINT: 'http://127.0.0.1:9' }) });
    expect(result.stdout).toContain('"flushed":true');
    expect(bed.provider.requests).toHaveLength(1);
  });

  it('patches an openai module that was required before init()', async () => {
    await writeApp(
      'late-init.cjs',
      `const OpenAI = require('openai');
       const client = new OpenAI();
       const { init } = require('infraprism');
       const ENTITY = 'late';
       init();
       (async () => { ${CALL} })();`,
    );
    await bed.runChildApp(['late-init.cjs'], { env: childEnv() });
    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('late');
  });

  it('gives one span per call with init() called twice and both the ESM and CJS SDK copies loaded', async () => {
    await writeApp(
      'dual.mjs',
      `import { createRequire } from 'node:module';
       import OpenAIEsm from 'openai';
       import { init } from 'infraprism';
       init();
       init();
       const require = createRequire(import.meta.url);
       const OpenAICjs = require('openai');
       if (OpenAICjs === OpenAIEsm) throw new Error('expected two copies of the SDK');
       let ENTITY = 'esm-copy';
       let client = new OpenAIEsm();
       ${CALL}
       ENTITY = 'cjs-copy';
       client = new OpenAICjs();
       ${CALL}`,
    );
    await bed.runChildApp(['--import', 'infraprism/register', 'dual.mjs'], { env: childEnv() });

    await bed.receiver.waitForSpans(2);
    // Give a duplicate the chance to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const entities = bed.receiver.spans().map((span) => span.attributes['infraprism.entity.id']).sort();
    expect(entities).toEqual(['cjs-copy', 'esm-copy']);
    expect(bed.provider.requests).toHaveLength(2);
  });

  it('warns once that ESM imports are unhooked in an ESM app without --import, and instrument() fixes it', async () => {
    await writeApp(
      'too-early.mjs',
      `import OpenAI from 'openai';
       import { init, instrument } from 'infraprism';
       const setup = init();
       const ENTITY = 'too-early';
       let client = new OpenAI();
       ${CALL}
       // The documented fix: hand the module over.
       instrument({ openai: OpenAI });
       client = new OpenAI();
       ${CALL}
       await setup.flush();
       console.log(JSON.stringify({ done: true }));`,
    );
    const result = await bed.runChildApp(['too-early.mjs'], { env: childEnv() });
    const warnings = result.stderr.split('\n').filter((line) => line.includes('loader hook is not installed'));
    expect(warnings, describeRun(result)).toHaveLength(1);
    expect(warnings[0]).toContain('--import infraprism/register');
    // The first call happened before the module was patched; the second is traced.
    await bed.receiver.waitForSpans(1);
    expect(bed.receiver.spans()).toHaveLength(1);
    expect(bed.provider.requests).toHaveLength(2);
  });
});
