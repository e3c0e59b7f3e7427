'use strict';
/**
 * One measured process: sets up one mode (no instrumentation, ours, or a peer), loads the SDKs
 * from `bench/.work/sdk`, runs the asked workloads against the provider process and prints one
 * JSON line of raw figures. `bench/run.mjs` starts a fresh one per mode and repetition, in a
 * shuffled order, and does all the statistics.
 *
 * Plain CommonJS so it starts without a compiler and runs unchanged under valgrind.
 *
 * Usage: node --expose-gc bench/client.cjs '<json config>'
 */
const { createHash } = require('node:crypto');
const { join } = require('node:path');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const { createRequire } = require('node:module');

const ROOT = join(__dirname, '..');
const WORK = join(__dirname, '.work');
const config = JSON.parse(process.argv[2] ?? '{}');
const env = config.env; // URLs printed by bench/provider.ts

// The Anthropic SDK (0.134+) emits its own spans through the global tracer provider; every mode
// measures the instrumentation under test, not the SDK's built-in one.
process.env.ANTHROPIC_OPEN_TELEMETRY = 'false';

/** Same batching for every mode that exports: ours' defaults (src/config). */
const BATCH = { maxQueueSize: 1000, maxExportBatchSize: 100, scheduledDelayMillis: 5000, exportTimeoutMillis: 30000 };

function requireFrom(dir, specifier) {
  return createRequire(join(dir, 'package.json'))(specifier);
}

/** Sets up the mode before any SDK is loaded, as an app would; returns flush() and what it hooked. */
function setUpMode(mode) {
  if (mode === 'baseline' || mode === 'baseline-aa') return { flush: async () => {}, anthropic: false };
  if (mode === 'context-only') {
    // No instrumentation, only the AsyncLocalStorage context manager every mode that traces installs:
    // the floor any OTel instrumentation pays on Node (promise hooks on every await of the SDK).
    const api = require('@opentelemetry/api');
    const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    return { flush: async () => {}, anthropic: false };
  }
  if (mode === 'ours' || mode === 'ours-noexport' || mode === 'ours-nometrics') {
    const infraprism = require(join(ROOT, 'dist/cjs/index.js'));
    // ours-noexport: spans made, ended and batched as usual, then dropped instead of serialized
    // and sent, to tell our instrumentation's CPU from the OTLP exporter's.
    // ours-nometrics: the same export pipeline as ours without metric instruments (`metrics: false`),
    // traces only like the peers here, which record no metrics (they get the global no-op meter).
    const dropAll = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
    const setup = infraprism.init({
      endpoint: env.otlpEndpoint,
      batch: BATCH,
      logLevel: 'error',
      ...(mode === 'ours-noexport' ? { spanExporter: dropAll } : {}),
      ...(mode === 'ours-nometrics' ? { metrics: false } : {}),
    });
    // Issue 5 adds AnthropicInstrumentation; until it is merged our Anthropic figures say so.
    return { flush: () => setup.flush(), anthropic: typeof infraprism.AnthropicInstrumentation === 'function' };
  }
  const peer = PEERS[mode];
  if (peer === undefined) throw new Error(`unknown mode ${mode}`);
  const dir = join(WORK, 'peers', mode);
  // The same pipeline as ours, built from our own OTel dependencies: only the instrumentation differs.
  const api = require('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${env.otlpEndpoint}/v1/traces` }), BATCH)],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  let anthropic = false;
  for (const [pkg, exportName] of [
    [peer.openai, 'OpenAIInstrumentation'],
    [peer.anthropic, 'AnthropicInstrumentation'],
  ]) {
    if (pkg === undefined) continue;
    const Instrumentation = requireFrom(dir, pkg)[exportName];
    const instrumentation = new Instrumentation();
    // What registerInstrumentations() and NodeSDK do after construction.
    instrumentation.setTracerProvider(provider);
    instrumentation.setMeterProvider?.(api.metrics.getMeterProvider());
    instrumentation.enable();
    if (pkg === peer.anthropic) anthropic = true;
  }
  return { flush: () => provider.forceFlush(), anthropic };
}

/** Kept in step with bench/peers.mjs (which installs them). */
const PEERS = {
  'otel-contrib': { openai: '@opentelemetry/instrumentation-openai' },
  traceloop: { openai: '@traceloop/instrumentation-openai', anthropic: '@traceloop/instrumentation-anthropic' },
  openinference: {
    openai: '@arizeai/openinference-instrumentation-openai',
    anthropic: '@arizeai/openinference-instrumentation-anthropic',
  },
};

// ---- results identity: what the caller saw, minus per-request ids and timestamps

const VOLATILE_KEYS = new Set(['id', 'created', '_request_id', 'request_id']);
function stableJson(value) {
  return JSON.stringify(value, (key, v) => (VOLATILE_KEYS.has(key) ? undefined : v));
}
function hashOf(parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
}

// ---- workloads: each returns what the caller saw, and its time to first chunk for streams

function makeWorkloads(sdks) {
  const { openai, embeddings, anthropic } = sdks;
  const chatParams = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64 };
  const anthropicParams = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] };
  async function drain(stream, start) {
    const parts = [];
    let ttfc;
    for await (const chunk of stream) {
      ttfc ??= performance.now() - start;
      parts.push(stableJson(chunk));
    }
    return { parts, ttfc };
  }
  return {
    chat: async () => ({ parts: [stableJson(await openai.chat.completions.create(chatParams))] }),
    stream: async () => {
      const start = performance.now();
      const stream = await openai.chat.completions.create({
        ...chatParams,
        stream: true,
        stream_options: { include_usage: true },
      });
      return drain(stream, start);
    },
    embeddings: async () => ({
      parts: [stableJson(await embeddings.embeddings.create({ model: 'text-embedding-3-small', input: 'Say hello.' }))],
    }),
    anthropic: async () => ({ parts: [stableJson(await anthropic.messages.create(anthropicParams))] }),
    'anthropic-stream': async () => {
      const start = performance.now();
      const stream = await anthropic.messages.create({ ...anthropicParams, stream: true });
      return drain(stream, start);
    },
  };
}

// ---- measurement helpers

function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}
function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}
async function spansReceived() {
  const res = await fetch(`${env.otlpEndpoint}/stats`);
  return (await res.json()).spans;
}
/** forceFlush() does not wait for an export the batch size already started; wait for the count to settle. */
async function settledSpans() {
  let last = await spansReceived();
  for (let stable = 0, tries = 0; stable < 3 && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    const now = await spansReceived();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/** Sequential calls: CPU per call (export flushed inside the window), latencies, TTFC, identity. */
async function measureSequential(name, run, calls, warmup, flush) {
  for (let i = 0; i < warmup; i++) await run();
  await flush();
  await settledHeap();
  const spans0 = await settledSpans();
  const latencies = [];
  const ttfcs = [];
  let first;
  const cpu0 = cpuMicros();
  const wall0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const result = await run();
    latencies.push(performance.now() - t0);
    if (result.ttfc !== undefined) ttfcs.push(result.ttfc);
    first ??= result;
  }
  await flush();
  const cpu = cpuMicros() - cpu0;
  const wall = performance.now() - wall0;
  const spans = (await settledSpans()) - spans0;
  latencies.sort((a, b) => a - b);
  ttfcs.sort((a, b) => a - b);
  return {
    calls,
    cpuPerCallUs: cpu / calls,
    wallPerCallMs: wall / calls,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    ttfcP50Ms: quantile(ttfcs, 0.5),
    chunks: first.parts.length,
    hash: hashOf(first.parts),
    spansPerCall: spans / calls,
  };
}

/** A burst of `calls` concurrent calls, `rounds` times; figures from the last (the first warms up). */
async function measureBurst(run, calls, rounds, flush) {
  let figures;
  for (let round = 0; round < rounds; round++) {
    await flush();
    await settledHeap();
    const latencies = [];
    const cpu0 = cpuMicros();
    const wall0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: calls }, async () => {
        const t0 = performance.now();
        const result = await run();
        latencies.push(performance.now() - t0);
        return result;
      }),
    );
    await flush();
    const cpu = cpuMicros() - cpu0;
    latencies.sort((a, b) => a - b);
    const hashes = new Set(results.map((r) => hashOf(r.parts)));
    figures = {
      calls,
      cpuPerCallUs: cpu / calls,
      wallMs: performance.now() - wall0,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      chunks: results[0].parts.length,
      hash: hashes.size === 1 ? [...hashes][0] : `mixed:${hashes.size}`,
    };
  }
  return figures;
}

/**
 * A steady `rate` calls/s for `seconds` with real OTLP export: event-loop delay (1 ms
 * resolution), spans/s reaching the receiver, CPU per call, heap and RSS growth.
 */
async function measureSustained(run, rate, seconds, flush) {
  for (let i = 0; i < 200; i++) await run();
  await flush();
  const before = await settledHeap();
  const spans0 = await settledSpans();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const total = rate * seconds;
  let started = 0;
  let failed = 0;
  const pending = new Set();
  const cpu0 = cpuMicros();
  const wall0 = performance.now();
  histogram.enable();
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - wall0) / 1000) * rate));
      while (started < due) {
        started += 1;
        const call = run().catch(() => {
          failed += 1;
        });
        pending.add(call);
        call.finally(() => pending.delete(call));
      }
      if (started >= total) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
  await Promise.all(pending);
  const callsWall = performance.now() - wall0;
  await flush();
  histogram.disable();
  const exportWall = performance.now() - wall0;
  const cpu = cpuMicros() - cpu0;
  const spans = (await settledSpans()) - spans0;
  const after = await settledHeap();
  return {
    calls: total,
    failed,
    achievedRate: total / (callsWall / 1000),
    cpuPerCallUs: cpu / total,
    loopDelayP99Ms: histogram.percentile(99) / 1e6,
    loopDelayMaxMs: histogram.max / 1e6,
    spansPerSec: spans / (exportWall / 1000),
    spansPerCall: spans / total,
    heapGrowthMB: (after.heapUsed - before.heapUsed) / 2 ** 20,
    rssGrowthMB: (after.rss - before.rss) / 2 ** 20,
  };
}

/** `calls` calls, 20 at a time: heap and RSS after gc at 10%, 50% and 100% (flat = no growth). */
async function measureMemory(run, calls, flush) {
  const concurrency = 20;
  const marks = [Math.floor(calls / 10), Math.floor(calls / 2), calls];
  const samples = [];
  let done = 0;
  for (const mark of marks) {
    while (done < mark) {
      const batch = Math.min(concurrency, mark - done);
      await Promise.all(Array.from({ length: batch }, () => run()));
      done += batch;
    }
    await flush();
    samples.push({ calls: mark, ...(await settledHeap()) });
  }
  const [s10, s50, s100] = samples;
  const mb = (bytes) => bytes / 2 ** 20;
  return {
    calls,
    heapMB: mb(s100.heapUsed),
    heapGrowthMB: mb(s100.heapUsed - s10.heapUsed),
    heapGrowthSecondHalfMB: mb(s100.heapUsed - s50.heapUsed),
    rssGrowthMB: mb(s100.rss - s10.rss),
    rssGrowthSecondHalfMB: mb(s100.rss - s50.rss),
  };
}

function describe(error) {
  const frame = String(error?.stack ?? '').split('\n').find((line) => line.includes('node_modules'))?.trim() ?? '';
  const where = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame)?.[1];
  return `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}${where ? ` (in ${where})` : ''}`;
}

async function main() {
  const setup = setUpMode(config.mode);
  const sdkDir = join(WORK, 'sdk');
  const OpenAI = requireFrom(sdkDir, 'openai');
  const sdks = {
    openai: new OpenAI({ apiKey: 'sk-bench', baseURL: env.openaiBaseURL, maxRetries: 0 }),
    embeddings: new OpenAI({ apiKey: 'sk-bench', baseURL: env.embeddingsBaseURL, maxRetries: 0 }),
  };
  let anthropicLoadError;
  try {
    const Anthropic = requireFrom(sdkDir, '@anthropic-ai/sdk');
    sdks.anthropic = new Anthropic({ apiKey: 'sk-ant-bench', baseURL: env.anthropicBaseURL, maxRetries: 0 });
  } catch (error) {
    // A peer whose patch throws while the SDK loads breaks the app's require itself.
    anthropicLoadError = `require('@anthropic-ai/sdk') threw ${describe(error)}`;
  }
  const workloads = makeWorkloads(sdks);
  const out = { mode: config.mode, anthropicInstrumented: setup.anthropic, results: {} };
  for (const name of config.workloads) {
    const spec = config.sizes[name] ?? {};
    if (name.startsWith('anthropic') && anthropicLoadError) {
      out.results[name] = { error: anthropicLoadError };
      continue;
    }
    try {
      if (name === 'burst') out.results[name] = await measureBurst(workloads.chat, spec.calls, spec.rounds ?? 3, setup.flush);
      else if (name === 'sustained')
        out.results[name] = await measureSustained(workloads.chat, spec.rate, spec.seconds, setup.flush);
      else if (name === 'memory') out.results[name] = await measureMemory(workloads.chat, spec.calls, setup.flush);
      else out.results[name] = await measureSequential(name, workloads[name], spec.calls, spec.warmup, setup.flush);
    } catch (error) {
      // The caller saw an error the SDK alone would not have thrown: the mode is broken here.
      out.results[name] = { error: `threw ${describe(error)}` };
    }
  }
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
  // Sockets kept alive by the SDKs' agents would hold the process open.
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
