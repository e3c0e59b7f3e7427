'use strict';
/**
 * One measured process of the instruction-count benchmark (bench/instructions.mjs): sets up one
 * mode, makes `warmup` calls of one workload, then two measured stretches of `counts[0]` and
 * `counts[1]` calls. Every SDK call is answered in-process through the SDK's `fetch` option with a
 * reply the fake provider gave (bench/capture-replies.ts): no socket, no timer-driven work.
 *
 * The stretches are delimited by `process.cpuUsage()`, whose libuv function (`uv_getrusage`) the
 * runner hands to `valgrind --tool=callgrind --dump-before`, so callgrind writes one profile part
 * per stretch; without valgrind the same marks time the stretches (the smoke form of the tests).
 *
 * Plain CommonJS so it starts without a compiler and runs unchanged under valgrind.
 *
 * Usage: node bench/instructions-client.cjs '<json config>'
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire } = require('node:module');

const ROOT = join(__dirname, '..');
const WORK = join(__dirname, '.work');
const config = JSON.parse(process.argv[2] ?? '{}');
const { mode, workload, warmup, counts, inContext } = config;
// `--dist` of the runner: a saved build, to measure two versions of ours in one run.
const DIST = config.dist ?? join(ROOT, 'dist');
const replies = JSON.parse(readFileSync(config.replies, 'utf8'));

// The Anthropic SDK (0.134+) would emit its own spans through the global tracer provider; every
// mode measures the instrumentation under test, not the SDK's built-in one.
process.env.ANTHROPIC_OPEN_TELEMETRY = 'false';

const api = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');

/**
 * Batches export only when full, and a batch here is larger than a whole run, so nothing is
 * exported before the last mark (the spans are flushed after it, to count them): no timer fires
 * in a measured stretch, and the processor's export — which runs under `context.with` and so
 * would switch on async-hooks propagation for the rest of the process on Node 20 and 22 — cannot
 * change what the stretches measure. The exporter drops the spans: serialization is the OTLP
 * exporter's cost, the same for every mode, not the instrumentation's.
 */
const NEVER_MS = 2 ** 31 - 1;
const BATCH = { maxQueueSize: 100_000, maxExportBatchSize: 100_000, scheduledDelayMillis: NEVER_MS, exportTimeoutMillis: 30000 };
let exportedSpans = 0;
const dropAll = {
  export: (spans, done) => {
    exportedSpans += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};

function appProvider() {
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll, BATCH)] });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  return provider;
}

function requireFrom(dir, specifier) {
  return createRequire(join(dir, 'package.json'))(specifier);
}

/** Peers' packages, installed by bench/run.mjs into bench/.work/peers/<mode> (contrib is a devDependency). */
const PEERS = {
  'otel-contrib': { dir: ROOT, openai: '@opentelemetry/instrumentation-openai' },
  traceloop: {
    dir: join(WORK, 'peers', 'traceloop'),
    openai: '@traceloop/instrumentation-openai',
    anthropic: '@traceloop/instrumentation-anthropic',
  },
  openinference: {
    dir: join(WORK, 'peers', 'openinference'),
    openai: '@arizeai/openinference-instrumentation-openai',
    anthropic: '@arizeai/openinference-instrumentation-anthropic',
  },
};

/**
 * Sets the mode up before any SDK is loaded, as an app would. Returns `wrap(call)`: how the app's
 * code around each call looks in that mode (the hand-written span of the floor modes).
 */
function setUpMode() {
  const plain = (call) => call();
  if (mode === 'baseline') {
    appProvider();
    return plain;
  }
  if (mode === 'span-only' || mode === 'floor') {
    appProvider();
    return handWrittenSpan(api.trace.getTracer('bench-floor'), mode === 'floor');
  }
  if (mode === 'ours') {
    const provider = appProvider();
    const infraprism = require(join(DIST, 'cjs/index.js'));
    for (const Instrumentation of [infraprism.OpenAIInstrumentation, infraprism.AnthropicInstrumentation]) {
      const instrumentation = new Instrumentation();
      instrumentation.setTracerProvider(provider);
      instrumentation.enable();
    }
    return plain;
  }
  if (mode === 'ours-init' || mode === 'ours-init-nometrics') {
    const infraprism = require(join(DIST, 'cjs/index.js'));
    infraprism.init({
      endpoint: 'http://127.0.0.1:9',
      spanExporter: dropAll,
      batch: BATCH,
      logLevel: 'error',
      metrics: mode === 'ours-init' ? { exportIntervalMillis: NEVER_MS } : false,
    });
    return plain;
  }
  const peer = PEERS[mode];
  if (peer === undefined) throw new Error(`unknown mode ${mode}`);
  const provider = appProvider();
  for (const name of [peer.openai, peer.anthropic]) {
    if (name === undefined) continue;
    const exports = requireFrom(peer.dir, name);
    const Instrumentation = name === peer.openai ? exports.OpenAIInstrumentation : exports.AnthropicInstrumentation;
    const instrumentation = new Instrumentation();
    // What registerInstrumentations() and NodeSDK do after construction.
    instrumentation.setTracerProvider(provider);
    instrumentation.setMeterProvider?.(api.metrics.getMeterProvider());
    instrumentation.enable();
  }
  return plain;
}

/**
 * The least any instrumentation can do: one CLIENT span with 16 attributes (what ours records on a
 * chat call), set before and after the call, usage read from the result (a stream's last chunk
 * only). `withContext` puts the call inside the span's context, as an instrumentation that parents
 * HTTP spans must.
 */
function handWrittenSpan(tracer, withContext) {
  return async (call, params) => {
    const span = tracer.startSpan(`chat ${params.model}`, {
      kind: api.SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': params.model,
        'gen_ai.request.max_tokens': params.max_tokens ?? 0,
        'server.address': 'api.openai.com',
        'server.port': 443,
      },
    });
    const result = withContext ? await api.context.with(api.trace.setSpan(api.context.active(), span), call) : await call();
    const last = result.last ?? result.value;
    const usage = last?.usage ?? {};
    span.setAttributes({
      'gen_ai.response.id': last?.id ?? '',
      'gen_ai.response.model': last?.model ?? '',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': usage.prompt_tokens ?? usage.input_tokens ?? 0,
      'gen_ai.usage.output_tokens': usage.completion_tokens ?? usage.output_tokens ?? 0,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.reasoning.output_tokens': 0,
      'infraprism.cost.usd': 0.001,
      'infraprism.cost.status': 'priced',
      'infraprism.price.model': params.model,
    });
    span.end();
    return result;
  };
}

const fetchReply = (name) => {
  const { status, headers, body } = replies[name];
  return async () => new Response(body, { status, headers });
};

function makeWorkloads() {
  // Only the SDK the workload uses is loaded: start-up under valgrind is most of a run's time.
  const OpenAI = workload === 'anthropic' ? undefined : (require('openai').default ?? require('openai'));
  const Anthropic = workload === 'anthropic' ? (require('@anthropic-ai/sdk').default ?? require('@anthropic-ai/sdk')) : undefined;
  const clientOf = (name) =>
    new OpenAI({ apiKey: 'sk-bench', baseURL: 'https://api.openai.com/v1', fetch: fetchReply(name), maxRetries: 0 });
  const chatClient = OpenAI && clientOf('chat');
  const streamClient = OpenAI && clientOf('stream');
  const embeddingsClient = OpenAI && clientOf('embeddings');
  const anthropic = Anthropic && new Anthropic({ apiKey: 'sk-ant-bench', fetch: fetchReply('anthropic'), maxRetries: 0 });
  const chatParams = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64 };
  const streamParams = { ...chatParams, stream: true, stream_options: { include_usage: true } };
  const anthropicParams = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] };
  const embeddingsParams = { model: 'text-embedding-3-small', input: 'Say hello.' };
  return {
    chat: [chatParams, async () => ({ value: await chatClient.chat.completions.create(chatParams) })],
    stream: [
      streamParams,
      async () => {
        let chunks = 0;
        let last;
        for await (const chunk of await streamClient.chat.completions.create(streamParams)) {
          chunks += 1;
          last = chunk;
        }
        return { chunks, last };
      },
    ],
    anthropic: [anthropicParams, async () => ({ value: await anthropic.messages.create(anthropicParams) })],
    embeddings: [embeddingsParams, async () => ({ value: await embeddingsClient.embeddings.create(embeddingsParams) })],
  };
}

async function main() {
  const wrap = setUpMode();
  const [params, call] = makeWorkloads()[workload];
  const run = () => wrap(call, params);
  let chunks = 0;
  const loop = async (n) => {
    for (let i = 0; i < n; i++) chunks = (await run()).chunks ?? 0;
  };
  const measure = async () => {
    const stretches = [];
    // The first call alone (cold: modules' lazy paths, first compilation) between two marks.
    process.cpuUsage();
    const cold0 = process.hrtime.bigint();
    await loop(1);
    process.cpuUsage();
    const cold = Number(process.hrtime.bigint() - cold0);
    await loop(warmup);
    // Each mark is one `uv_getrusage`: one callgrind part ends there. A full collection before
    // each stretch (outside it) starts both with the same heap, so a major GC that happens to
    // fall into one stretch and not the other cannot move the difference by 100 k per call.
    global.gc?.();
    process.cpuUsage();
    for (const n of counts) {
      const t0 = process.hrtime.bigint();
      await loop(n);
      stretches.push(Number(process.hrtime.bigint() - t0));
      process.cpuUsage();
      global.gc?.();
      process.cpuUsage();
    }
    return { cold, stretches };
  };
  // "Inside a context the app entered": the whole run inside one, as under a server span.
  const key = api.createContextKey('bench.app');
  const { cold, stretches } = inContext ? await api.context.with(api.ROOT_CONTEXT.setValue(key, 1), measure) : await measure();
  // After the last mark: callgrind's final part, which no figure uses.
  const tracerProvider = api.trace.getTracerProvider();
  await (tracerProvider.getDelegate?.() ?? tracerProvider).forceFlush?.();
  const calls = 1 + warmup + counts.reduce((a, b) => a + b, 0);
  const spansPerCall = exportedSpans / calls;
  process.stdout.write(
    `INSTRUCTIONS_RESULT ${JSON.stringify({ mode, workload, inContext, counts, chunks, spansPerCall, cold, stretches })}\n`,
  );
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
