/**
 * `npm run demo`: InfraPrism end to end on one machine, with no API key and no collector.
 *
 * It starts the test suite's fake OpenAI provider and a loopback OTLP/HTTP receiver, sets up
 * InfraPrism from the BUILT package (`infraprism`, resolved through the package's own `exports`),
 * runs a small workload for several customers through the real `openai` client, flushes, and
 * prints what the receiver decoded from the wire: cost per customer, model and feature, and one span.
 *
 * Nothing here reads spans in memory: every number printed came through the exporter.
 */
import OpenAI from 'openai';
import { calculateCost, init, withEntity, withTags } from 'infraprism';
import { startFakeProvider, type FakeProvider, type UsageCounts } from '../test/support/fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan, type OtlpAttributeValue } from '../test/support/otlp-receiver.js';

const CHAT_PATH = '/v1/chat/completions';
/** Not in the bundled price table: its calls get `infraprism.cost.status=unknown_model`, no USD. */
const UNKNOWN_MODEL = 'in-house-llm-v2';
const MAX_CONCURRENT_CALLS = 4;

const provider = await startFakeProvider({ defaultTokens: { input: 1200, output: 350 } });
const receiver = await startOtlpReceiver();

// `openai` is imported above, statically, so in this ES module it is loaded before init() runs
// and no module hook can see it: hand it over with `instrumentModules` (the same as calling
// `instrument({ openai: OpenAI })`). `node --import infraprism/register` would not need this.
const infraprism = init({
  endpoint: receiver.url,
  serviceName: 'infraprism-demo',
  instrumentModules: { openai: OpenAI },
});

const client = new OpenAI({ apiKey: 'demo-key', baseURL: provider.openaiBaseURL, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Summarize my open tickets.' }];

let exitCode = 0;
try {
  const callCount = await runWorkload(client, provider);
  await infraprism.flush();
  const spans = await receiver.waitForSpans(callCount, 10_000);
  exitCode = report(spans, callCount, provider);
} catch (error) {
  console.error('demo failed:', error);
  exitCode = 1;
} finally {
  await infraprism.shutdown();
  await receiver.close();
  await provider.close();
}
process.exitCode = exitCode;

/** The app's side: calls for several customers, attributed in each of the supported ways. */
async function runWorkload(openai: OpenAI, fake: FakeProvider): Promise<number> {
  let calls = 0;
  const create = async (params: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, tokens?: Partial<UsageCounts>) => {
    if (tokens) fake.enqueue(CHAT_PATH, { tokens });
    calls += 1;
    // entity_type / entity_id / tags are not in the plain OpenAI types; `InfraPrismOpenAI`
    // from `infraprism/openai` adds them (see examples/quick-start.ts).
    return openai.chat.completions.create(params);
  };

  // 1. Per-call params, one at a time (each enqueued reply meets its own request).
  await create(
    { model: 'gpt-4o', messages, entity_type: 'customer', entity_id: 'acme-corp', tags: { feature: 'chatbot' } } as Params,
    { input: 2400, output: 600 },
  );
  // A prompt-cache hit: 2048 of the 2600 input tokens are billed at the cached price.
  await create(
    { model: 'gpt-4o', messages, entity_type: 'customer', entity_id: 'acme-corp', tags: { feature: 'chatbot' } } as Params,
    { input: 2600, output: 420, cacheRead: 2048 },
  );
  await create(
    { model: 'gpt-4o-mini', messages, entity_type: 'customer', entity_id: 'acme-corp', tags: { feature: 'search' } } as Params,
    { input: 900, output: 120 },
  );

  // 2. A model with no price: the span says `unknown_model` and carries no cost, never $0.
  await create(
    { model: UNKNOWN_MODEL, messages, entity_type: 'customer', entity_id: 'hooli', tags: { feature: 'chatbot' } } as Params,
    { input: 1000, output: 300 },
  );

  // 3. One streamed call; usage arrives in the last chunk because of include_usage.
  fake.enqueue(CHAT_PATH, { tokens: { input: 3100, output: 780 }, chunks: 5 });
  calls += 1;
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages,
    stream: true,
    stream_options: { include_usage: true },
    entity_type: 'customer',
    entity_id: 'umbrella',
    tags: { feature: 'chatbot' },
  } as OpenAI.Chat.ChatCompletionCreateParamsStreaming);
  let streamedText = '';
  for await (const chunk of stream) streamedText += chunk.choices[0]?.delta.content ?? '';
  if (streamedText === '') throw new Error('the streamed call returned no text');

  // 4. Concurrent calls for two customers at once, attributed by context (withEntity /
  // withTags) and limited by a small semaphore, as a batch job would. Every reply uses the
  // provider's default usage (1200 in / 350 out), so the totals do not depend on arrival order.
  const limit = createSemaphore(MAX_CONCURRENT_CALLS);
  const batch = (customer: string, model: string, feature: string, count: number) =>
    withEntity({ type: 'customer', id: customer }, () =>
      withTags({ feature, batch: 'nightly' }, () =>
        Promise.all(
          Array.from({ length: count }, (_, i) =>
            limit(() =>
              // Per-call tags win over context tags: every third call is a retry.
              create(i % 3 === 2 ? ({ model, messages, tags: { attempt: 2 } } as Params) : { model, messages }),
            ),
          ),
        ),
      ),
    );
  await Promise.all([
    batch('globex', 'gpt-4o-mini', 'summarize', 12),
    batch('initech', 'gpt-4o', 'summarize', 6),
  ]);

  return calls;
}

type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

/** At most `max` tasks run at once; the rest wait their turn (asyncio.Semaphore in the seeds). */
function createSemaphore(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

// --- Reporting: everything below reads the spans the receiver decoded from OTLP/JSON ---------

interface Row {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  usd: number;
  unpriced: number;
}

function report(spans: FlatSpan[], callCount: number, fake: FakeProvider): number {
  const problems: string[] = [];
  if (spans.length !== callCount) problems.push(`expected ${callCount} spans, received ${spans.length}`);
  const leaked = fake.requests.filter((r) => /"(entity_type|entity_id|tags)"/.test(r.rawBody)).length;
  if (leaked > 0) problems.push(`${leaked} requests sent attribution params to the provider`);

  // The two concurrent batches ran interleaved; each span must still carry its own customer's
  // context (globex only ever used gpt-4o-mini, initech gpt-4o) and the per-call tag on retries.
  for (const span of spans) {
    const a = span.attributes;
    const expectedModel = { globex: 'gpt-4o-mini', initech: 'gpt-4o' }[str(a['infraprism.entity.id'])];
    if (expectedModel === undefined) continue;
    if (a['gen_ai.request.model'] !== expectedModel || a['infraprism.tag.batch'] !== 'nightly') {
      problems.push(`span ${span.spanId}: attribution bled between concurrent customers`);
    }
  }
  const retries = spans.filter((s) => s.attributes['infraprism.tag.attempt'] === 2 && s.attributes['infraprism.tag.feature'] === 'summarize');
  if (retries.length !== 6) problems.push(`expected 6 retry spans with merged tags, found ${retries.length}`);

  const byCustomer = new Map<string, Row>();
  const byModel = new Map<string, Row>();
  const byFeature = new Map<string, Row>();
  const total = emptyRow();
  for (const span of spans) {
    const a = span.attributes;
    const entity = a['infraprism.entity.id'] === undefined ? '(none)' : `${str(a['infraprism.entity.type'])}:${str(a['infraprism.entity.id'])}`;
    const model = str(a['gen_ai.response.model'] ?? a['gen_ai.request.model']);
    const feature = str(a['infraprism.tag.feature'] ?? '(none)');
    for (const row of [rowFor(byCustomer, entity), rowFor(byModel, model), rowFor(byFeature, feature), total]) add(row, a);
    // The exported cost must be what calculateCost() gives for the exported usage.
    if (a['infraprism.cost.status'] === 'priced') {
      const expected = calculateCost({
        provider: str(a['gen_ai.provider.name']),
        model,
        usage: {
          inputTokens: num(a['gen_ai.usage.input_tokens']),
          outputTokens: num(a['gen_ai.usage.output_tokens']),
          cacheReadInputTokens: num(a['gen_ai.usage.cache_read.input_tokens']),
        },
      });
      if (expected.usd !== a['infraprism.cost.usd']) problems.push(`span ${span.spanId}: cost ${str(a['infraprism.cost.usd'])} != ${String(expected.usd)}`);
    }
  }

  const service = str(spans[0]?.resource['service.name'] ?? '?');
  console.log(`\nInfraPrism demo: ${callCount} calls through the real openai client to a fake provider at ${fake.url}`);
  console.log(`${spans.length} spans received over OTLP/HTTP at ${receiver.tracesURL} (service.name=${service})\n`);
  printTable('Cost per customer (infraprism.entity.type:id)', 'customer', byCustomer, total);
  printTable('Cost per model (gen_ai.response.model)', 'model', byModel, total);
  printTable('Cost per feature (infraprism.tag.feature)', 'feature', byFeature, total);

  const sample = spans.find((s) => s.attributes['gen_ai.request.stream'] === true) ?? spans[0];
  if (sample) {
    console.log(`Sample span (the streamed call): "${sample.name}", kind CLIENT=${sample.kind === 3}, scope ${sample.scope.name}`);
    for (const key of Object.keys(sample.attributes).sort()) console.log(`  ${key.padEnd(40)} ${JSON.stringify(sample.attributes[key])}`);
    console.log();
  }

  console.log(`Provider requests carrying entity_type/entity_id/tags: ${leaked} (they are stripped before sending)`);
  if (problems.length > 0) {
    console.error(`\nDEMO CHECK FAILED:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log('Checks passed: one span per call; no attribution bled between concurrent customers;');
  console.log('per-call tags merged over context tags; exported cost = calculateCost(exported usage).\n');
  return 0;
}

function emptyRow(): Row {
  return { calls: 0, inputTokens: 0, outputTokens: 0, usd: 0, unpriced: 0 };
}

function rowFor(rows: Map<string, Row>, key: string): Row {
  let row = rows.get(key);
  if (!row) rows.set(key, (row = emptyRow()));
  return row;
}

function add(row: Row, a: FlatSpan['attributes']): void {
  row.calls += 1;
  row.inputTokens += num(a['gen_ai.usage.input_tokens']);
  row.outputTokens += num(a['gen_ai.usage.output_tokens']);
  const usd = a['infraprism.cost.usd'];
  if (typeof usd === 'number') row.usd += usd;
  else row.unpriced += 1;
}

function printTable(title: string, label: string, rows: Map<string, Row>, total: Row): void {
  const sorted = [...rows.entries()].sort((x, y) => y[1].usd - x[1].usd || x[0].localeCompare(y[0]));
  const width = Math.max(label.length, 5, ...sorted.map(([key]) => key.length));
  const line = (key: string, r: Row) =>
    `  ${key.padEnd(width)}  ${String(r.calls).padStart(5)}  ${r.inputTokens.toLocaleString('en-US').padStart(12)}  ` +
    `${r.outputTokens.toLocaleString('en-US').padStart(13)}  ${formatUsd(r).padStart(11)}  ` +
    (r.unpriced > 0 ? `${r.unpriced} call${r.unpriced > 1 ? 's' : ''} unpriced (unknown_model)` : '');
  console.log(title);
  console.log(`  ${label.padEnd(width)}  ${'calls'.padStart(5)}  ${'input tokens'.padStart(12)}  ${'output tokens'.padStart(13)}  ${'cost (USD)'.padStart(11)}`);
  for (const [key, row] of sorted) console.log(line(key, row).trimEnd());
  console.log(line('total', total).trimEnd());
  console.log();
}

/** A row whose calls all lack a price shows no amount: an unknown cost is not $0. */
function formatUsd(row: Row): string {
  return row.unpriced === row.calls ? 'n/a' : `$${row.usd.toFixed(6)}`;
}

function str(value: OtlpAttributeValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function num(value: OtlpAttributeValue | undefined): number {
  return typeof value === 'number' ? value : 0;
}
