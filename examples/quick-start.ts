/**
 * In-code setup: `init()` once at startup, then `InfraPrismOpenAI` in place of `OpenAI`.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/quick-start.ts
 *
 * Spans go to `INFRAPRISM_ENDPOINT` (or the standard `OTEL_EXPORTER_OTLP_*` variables, default
 * http://localhost:4318). `OPENAI_BASE_URL` points the client at another OpenAI-compatible server.
 */
import { init, withEntity } from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';

const infraprism = init({ serviceName: 'quick-start' });

// InfraPrismOpenAI is the SDK's own OpenAI class, patched when `infraprism/openai` is imported,
// with entity_type / entity_id / tags added to the types of chat.completions.create.
const client = new InfraPrismOpenAI({ baseURL: process.env['OPENAI_BASE_URL'] ?? null });
const messages = [{ role: 'user' as const, content: 'Hello' }];

// Per call: the params are removed before the request is sent and recorded on the span.
const completion = await client.chat.completions.create({
  model: 'gpt-4o',
  messages,
  entity_type: 'customer',
  entity_id: 'acme-corp',
  tags: { feature: 'chatbot', plan: 'pro', seats: 12, beta: true },
});
console.log(completion.choices[0]?.message.content);

// By context: every call inside, across awaits, is attributed to globex.
await withEntity({ type: 'customer', id: 'globex' }, async () => {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
});

// Tag values are type-checked: strings, numbers and booleans only. Never called; `tsc` checks it.
export const rejectedByTheCompiler = () =>
  client.chat.completions.create({
    model: 'gpt-4o',
    messages,
    // @ts-expect-error an array is not a tag value
    tags: { feature: ['chatbot'] },
  });

// Exports what is still queued. A process that ends normally flushes on its own; one that
// calls process.exit() or is frozen after a request (serverless) must do this first.
await infraprism.shutdown();
