/**
 * The load workload of issue #7, item 5, as an app script run in a child process with
 * `--expose-gc` against the built package: `CALLS` calls through the real `openai` client,
 * `Promise.all` over a semaphore of `CONCURRENCY` (the seeds' batch-job pattern; `PATTERN=workers`
 * uses `CONCURRENCY` worker loops instead, for 100,000 calls), across
 * `ENTITIES` customers, every other call streamed. Each call carries its index as a tag, so the
 * receiver side can check that every span has the entity that call was made for.
 * `WARMUP` calls (indices after the measured ones) run first, so that lazily loaded code and
 * connection pools are in the baseline. Prints one JSON line: heap before / peak / after
 * (bytes, after a full GC) and the delivery counters.
 */
export interface LoadAppReport {
  readonly calls: number;
  readonly heapBefore: number;
  readonly heapPeak: number;
  readonly heapAfter: number;
  /** After a full GC once half the measured calls have ended: the buffer's cost mid-run, plus
   * the workload's own pending promises (the seeds' pattern creates them all up front). */
  readonly heapMid: number;
  readonly stats: { readonly spansDropped: number; readonly exportFailures: number; readonly spansExported: number };
}

/** Entity of call `i`: what the receiver must see on its span. */
export function entityOfCall(index: number, entities: number): string {
  return `customer-${index % entities}`;
}

export const LOAD_APP_SOURCE = `
import OpenAI from 'openai';
import { init, withEntity } from 'infraprism';

const CALLS = Number(process.env.CALLS);
const ENTITIES = Number(process.env.ENTITIES);
const CONCURRENCY = Number(process.env.CONCURRENCY);
const WARMUP = Number(process.env.WARMUP ?? '0');
const setup = init({ instrumentModules: { openai: OpenAI } });
// The SDK's retries cover a keep-alive socket the fake provider closes under heavy load.
const client = new OpenAI({ maxRetries: Number(process.env.MAX_RETRIES ?? '0') });

class Semaphore {
  #free; #waiting = [];
  constructor(size) { this.#free = size; }
  async acquire() {
    if (this.#free > 0) { this.#free -= 1; return; }
    await new Promise((resolve) => this.#waiting.push(resolve));
  }
  release() {
    const next = this.#waiting.shift();
    if (next) next(); else this.#free += 1;
  }
}

async function call(i) {
  const params = {
    model: i % 3 === 0 ? 'gpt-4o-mini' : 'gpt-4o',
    messages: [{ role: 'user', content: 'item ' + i }],
    tags: { call: String(i), feature: i % 2 === 0 ? 'stream' : 'batch' },
  };
  // Half the entities come from per-call params, half from withEntity() context.
  const entity = { type: 'customer', id: 'customer-' + (i % ENTITIES) };
  const run = async () => {
    const byParams = i % 4 < 2 ? { entity_type: entity.type, entity_id: entity.id } : {};
    if (i % 2 === 0) {
      const stream = await client.chat.completions.create({ ...params, ...byParams, stream: true, stream_options: { include_usage: true } });
      for await (const _chunk of stream) {}
    } else {
      await client.chat.completions.create({ ...params, ...byParams });
    }
  };
  return i % 4 < 2 ? run() : withEntity(entity, run);
}

const heap = () => process.memoryUsage().heapUsed;
async function settle() {
  for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((resolve) => setImmediate(resolve)); }
}

const semaphore = new Semaphore(CONCURRENCY);
let heapMid = 0;
async function callMany(from, count, onHalf) {
  let ended = 0;
  await Promise.all(Array.from({ length: count }, async (_, k) => {
    await semaphore.acquire();
    try { await call(from + k); } finally { semaphore.release(); }
    if (++ended === Math.floor(count / 2)) onHalf?.();
  }));
}

await callMany(CALLS, WARMUP);
await setup.flush();
await settle();
const heapBefore = heap();
let heapPeak = heapBefore;
const sampler = setInterval(() => { heapPeak = Math.max(heapPeak, heap()); }, 5);

// PATTERN=workers: CONCURRENCY loops pulling the next index, so no pending promise per call
// exists up front and the mid-run heap measures what the instrumentation holds.
async function callManyWorkers(from, count, onHalf) {
  let next = 0;
  let ended = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const k = next++;
      await call(from + k);
      if (++ended === Math.floor(count / 2)) onHalf?.();
    }
  }));
}
const measure = process.env.PATTERN === 'workers' ? callManyWorkers : callMany;
await measure(0, CALLS, () => { globalThis.gc(); heapMid = heap(); });
heapPeak = Math.max(heapPeak, heap());
clearInterval(sampler);
await setup.flush();
await settle();
const heapAfter = heap();
const stats = globalThis[Symbol.for('infraprism.delivery-stats')] ?? {};
console.log(JSON.stringify({ calls: CALLS, heapBefore, heapPeak, heapMid, heapAfter, stats }));
await setup.shutdown();
`;
