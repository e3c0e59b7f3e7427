// Every example in examples/ runs as a user would run it (tsx, in a child
// process, importing the BUILT package by name) against the fake provider and a loopback OTLP
// receiver — no network, no keys — and delivers the spans its README line promises.
// Each test has its own provider and receiver, so the tests run concurrently.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calculateCost, normalizeOpenAIChatUsage } from '../../src/index.js';
import { ATTR_ERROR_TYPE, ATTR_INFRAPRISM_ENTITY_ID, ATTR_INFRAPRISM_ENTITY_TYPE } from '../../src/semconv.js';
import { assertBuilt, binPath, describeRun, repoRoot, runNode, type RunResult } from '../support/child-apps.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-http.js';
import { OTLP_STATUS_CODE, startOtlpReceiver, type FlatSpan, type OtlpReceiver } from '../support/otlp-receiver.js';

assertBuilt();
const tsx = binPath('tsx', 'tsx');
const TAG = (key: string): string => `infraprism.tag.${key}`;

interface Bed {
  provider: FakeProvider;
  receiver: OtlpReceiver;
  env: Record<string, string>;
}

/** A provider, a receiver, and the env every example reads; closed after `fn`. */
async function withBed<T>(fn: (bed: Bed) => Promise<T>): Promise<T> {
  const [provider, receiver] = await Promise.all([startFakeProvider(), startOtlpReceiver()]);
  const env = {
    OPENAI_BASE_URL: provider.openaiBaseURL,
    OPENAI_API_KEY: 'sk-example',
    ANTHROPIC_BASE_URL: provider.anthropicBaseURL,
    ANTHROPIC_API_KEY: 'sk-ant-example',
    INFRAPRISM_ENDPOINT: receiver.url, // init() and infraprism/register
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, // the NodeSDK example
    // No scheduled export within a test: spans arrive only by shutdown, flush or the exit flush.
    OTEL_BSP_SCHEDULE_DELAY: '60000',
  };
  try {
    return await fn({ provider, receiver, env });
  } finally {
    await Promise.all([provider.close(), receiver.close()]);
  }
}

/** Runs an example with tsx from the repo root, where `infraprism` resolves to the build. */
async function runExample(args: readonly string[], env: Record<string, string>): Promise<RunResult> {
  const result = await runNode([tsx, ...args], { cwd: repoRoot, env, timeoutMs: 25_000 });
  expect(result.code, describeRun(result)).toBe(0);
  // A correctly set up example gets no setup warning (unhooked ESM, init twice, bad env). Others,
  // such as a model the price table does not know, are what a user should see.
  expect(result.stderr, describeRun(result)).not.toMatch(/loader hook|called again|not a positive integer|not a known level/);
  return result;
}

const entityIds = (spans: readonly FlatSpan[]): string[] =>
  spans.map((span) => String(span.attributes[ATTR_INFRAPRISM_ENTITY_ID])).sort();

describe.concurrent('examples/', () => {
  it('quick-start.ts attributes one call per param and one by withEntity', () =>
    withBed(async ({ receiver, env }) => {
      await runExample(['examples/quick-start.ts'], env);
      const spans = await receiver.waitForSpans(2);
      expect(entityIds(spans)).toEqual(['acme-corp', 'globex']);
      expect(spans.find((s) => s.attributes[ATTR_INFRAPRISM_ENTITY_ID] === 'acme-corp')!.attributes).toMatchObject({
        [TAG('feature')]: 'chatbot',
        [TAG('seats')]: 12,
      });
    }));

  it('zero-code.mjs is instrumented by --import infraprism/register alone', () =>
    withBed(async ({ provider, receiver, env }) => {
      const result = await runNode(['--import', 'infraprism/register', 'examples/zero-code.mjs'], { cwd: repoRoot, env });
      expect(result.code, describeRun(result)).toBe(0);
      const [span] = await receiver.waitForSpans(1);
      expect(span!.attributes).toMatchObject({ [ATTR_INFRAPRISM_ENTITY_ID]: 'acme-corp', [TAG('feature')]: 'zero-code' });
      expect(provider.requests[0]!.json).not.toHaveProperty('entity_id');
    }));

  it('nodesdk/ adds OpenAIInstrumentation to an existing NodeSDK, whose exporter delivers the span', () =>
    withBed(async ({ receiver, env }) => {
      await runExample(['--import', './examples/nodesdk/instrumentation.ts', 'examples/nodesdk/app.ts'], env);
      const [span] = await receiver.waitForSpans(1);
      expect(span!.attributes[ATTR_INFRAPRISM_ENTITY_ID]).toBe('initech');
      expect(span!.resource['service.name']).toBe('nodesdk-example');
      expect(span!.scope.name).toBe('infraprism-openai');
    }));

  for (const server of ['express-server.ts', 'fastify-server.ts']) {
    it(`${server} sets the customer of each request in a middleware`, () =>
      withBed(async ({ receiver, env }) => {
        await runExample([`examples/${server}`], { ...env, SMOKE_TEST: '1' });
        const spans = await receiver.waitForSpans(2);
        expect(entityIds(spans)).toEqual(['acme-corp', 'globex']);
        for (const span of spans) expect(span.attributes[TAG('route')]).toBe('/chat');
      }));
  }

  it('nextjs/ streams from a route handler that hands its bundled SDK over with instrument()', () =>
    withBed(async ({ receiver, env }) => {
      const result = await runExample(['examples/nextjs/run-route.ts'], env);
      expect(result.stdout).toContain('200 Hello from the fake provider.');
      const [span] = await receiver.waitForSpans(1);
      expect(span!.attributes).toMatchObject({
        [ATTR_INFRAPRISM_ENTITY_ID]: 'umbrella',
        'gen_ai.request.stream': true,
        'gen_ai.usage.output_tokens': 500,
        'infraprism.cost.status': 'priced',
      });
    }));

  it('concurrency-retries.ts retries rate-limited calls with backoff; each attempt is a span', () =>
    withBed(async ({ provider, receiver, env }) => {
      provider.enqueue('/v1/chat/completions', { kind: 'error', status: 429 }, { kind: 'error', status: 429 });
      const result = await runExample(['examples/concurrency-retries.ts'], env);
      expect(result.stdout).toContain('5 reviews classified');
      const spans = await receiver.waitForSpans(7);
      expect(spans).toHaveLength(7);
      const failed = spans.filter((s) => s.status.code === OTLP_STATUS_CODE.ERROR);
      expect(failed.map((s) => s.attributes[ATTR_ERROR_TYPE])).toEqual(['RateLimitError', 'RateLimitError']);
      for (const span of spans) expect(span.attributes[ATTR_INFRAPRISM_ENTITY_ID]).toBe('acme-corp');
    }));

  it('pipeline.ts tags every call with its stage', () =>
    withBed(async ({ receiver, env }) => {
      await runExample(['examples/pipeline.ts'], env);
      const spans = await receiver.waitForSpans(3);
      expect(spans.map((s) => s.attributes[TAG('stage')]).sort()).toEqual(['classify', 'extract', 'summarize']);
      for (const span of spans) expect(span.attributes[TAG('pipeline')]).toBe('document-intake');
    }));

  it('anthropic-prompt-caching.ts sends its cached system prompt and no attribution params', () =>
    withBed(async ({ provider, env }) => {
      await runExample(['--import', 'infraprism/register', 'examples/anthropic-prompt-caching.ts'], env);
      expect(provider.requests).toHaveLength(2);
      for (const request of provider.requests) {
        expect(request.path).toBe('/v1/messages');
        expect(JSON.stringify(request.json)).toContain('"cache_control":{"type":"ephemeral"}');
      }
    }));

  // Skipped only in a build without the Anthropic instrumentation.
  const hasAnthropicInstrumentation = readFileSync(join(repoRoot, 'dist/esm/index.js'), 'utf8').includes('AnthropicInstrumentation');
  it.skipIf(!hasAnthropicInstrumentation)('anthropic-prompt-caching.ts records both calls for the customer', () =>
    withBed(async ({ receiver, env }) => {
      await runExample(['--import', 'infraprism/register', 'examples/anthropic-prompt-caching.ts'], env);
      const spans = await receiver.waitForSpans(2);
      expect(entityIds(spans)).toEqual(['acme-corp', 'acme-corp']);
      for (const span of spans) expect(span.attributes['gen_ai.provider.name']).toBe('anthropic');
    }));

  it('openai-compatible.ts traces a Groq-style base URL', () =>
    withBed(async ({ provider, receiver, env }) => {
      await runExample(['examples/openai-compatible.ts'], { ...env, GROQ_BASE_URL: provider.openaiBaseURL, GROQ_API_KEY: 'gsk_example' });
      const [span] = await receiver.waitForSpans(1);
      expect(span!.attributes).toMatchObject({
        [ATTR_INFRAPRISM_ENTITY_ID]: 'acme-corp',
        [TAG('provider')]: 'groq',
        'gen_ai.request.model': 'llama-3.3-70b-versatile',
        'server.address': '127.0.0.1',
      });
    }));

  it('azure-openai.ts traces AzureOpenAI with endpoint, apiVersion and deployment', () =>
    withBed(async ({ provider, receiver, env }) => {
      const azure = await startAzureFront(provider);
      try {
        const { OPENAI_BASE_URL: _unused, ...azureEnv } = env; // Azure refuses a baseURL next to endpoint
        await runExample(['examples/azure-openai.ts'], { ...azureEnv, AZURE_OPENAI_ENDPOINT: azure.url, AZURE_OPENAI_API_KEY: 'azure-key' });
      } finally {
        await azure.close();
      }
      expect(azure.seenPaths).toEqual(['/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21']);
      const [span] = await receiver.waitForSpans(1);
      expect(span!.attributes).toMatchObject({ [ATTR_INFRAPRISM_ENTITY_ID]: 'acme-corp', 'gen_ai.request.model': 'gpt-4o' });
    }));

  it('serverless-handler.ts delivers its span by flush() although the process exits at once', () =>
    withBed(async ({ receiver, env }) => {
      await runExample(['examples/serverless-handler.ts'], env);
      // process.exit() skips the exit flush and the scheduled export is a minute away: only the
      // handler's own flush() can have delivered this.
      const [span] = await receiver.waitForSpans(1);
      expect(span!.attributes).toMatchObject({ [ATTR_INFRAPRISM_ENTITY_TYPE]: 'tenant', [ATTR_INFRAPRISM_ENTITY_ID]: 'tenant-42' });
    }));

  it('batch-pricing.ts sums the cost of a Batch API results file per customer', async () => {
    const result = await runExample(['examples/batch-pricing.ts'], {});
    const expected = new Map<string, number>();
    for (const line of readFileSync(join(repoRoot, 'examples/data/batch-results.jsonl'), 'utf8').trim().split('\n')) {
      const record = JSON.parse(line) as { custom_id: string; response: { body: { model: string; usage: unknown } } | null };
      if (record.response === null) continue;
      const { model, usage } = record.response.body;
      const cost = calculateCost({ provider: 'openai', model, usage: normalizeOpenAIChatUsage(usage), isBatch: true });
      const customer = record.custom_id.split('/')[0]!;
      expect(cost.status, `${model} must be in the bundled table`).toBe('priced');
      expected.set(customer, (expected.get(customer) ?? 0) + cost.usd!);
    }
    expect(expected.size).toBe(2);
    for (const [customer, usd] of expected) expect(result.stdout).toContain(`${customer}\t$${usd.toFixed(6)}`);
    expect(result.stdout).not.toContain('not priced');
  });
});

/**
 * Azure's URL shape in front of the fake provider: `/openai/deployments/<name>/chat/completions`
 * is forwarded to `/v1/chat/completions`, so the fake needs no Azure route.
 */
async function startAzureFront(provider: FakeProvider): Promise<LoopbackServer & { seenPaths: string[] }> {
  const seenPaths: string[] = [];
  const front = await listenOnLoopback((req, res) => {
    seenPaths.push(req.url ?? '');
    const target = new URL('/v1/chat/completions', provider.url);
    const forward = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return Object.assign(front, { seenPaths });
}
