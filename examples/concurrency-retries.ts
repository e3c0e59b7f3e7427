/**
 * Many calls at once, at most N in flight (a semaphore), each retried with exponential backoff
 * and jitter on rate limits and server errors. Every attempt is its own span: failed attempts
 * carry `error.type` (the SDK's error class, e.g. `RateLimitError`), so retries show up in cost
 * and error dashboards.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/concurrency-retries.ts
 */
import { init, withEntity } from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';
import { APIError } from 'openai';

const infraprism = init({ serviceName: 'concurrency-example' });
// Retries are ours here, so the SDK's own are off (it would otherwise retry 429s twice).
const client = new InfraPrismOpenAI({ maxRetries: 0 });

/** At most `limit` callers run at once; the others wait in line. */
class Semaphore {
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

const isRetryable = (error: unknown): boolean =>
  error instanceof APIError && (error.status === 429 || (error.status ?? 0) >= 500);

async function withRetries<T>(call: () => Promise<T>, attempts = 4, baseDelayMs = 100): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()); // jitter
      console.log(`attempt ${attempt} failed (${(error as APIError).status}); retrying in ${delay.toFixed(0)} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const semaphore = new Semaphore(3);
const reviews = ['Great product!', 'Terrible service', "It's okay", 'Would buy again', 'Never again'];

const labels = await withEntity({ type: 'customer', id: 'acme-corp' }, () =>
  Promise.all(
    reviews.map((review) =>
      semaphore.run(() =>
        withRetries(() =>
          client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `Sentiment (one word): ${review}` }],
            max_tokens: 5,
            tags: { feature: 'sentiment' },
          }),
        ),
      ),
    ),
  ),
);
console.log(`${labels.length} reviews classified`);
await infraprism.shutdown();
