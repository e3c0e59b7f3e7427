/**
 * A multi-stage pipeline (extract -> summarize -> classify), each stage tagged, so a cost
 * breakdown by `infraprism.tag.stage` shows which stage costs what, per customer.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/pipeline.ts
 */
import { init, withEntity, withTags } from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';

const infraprism = init({ serviceName: 'pipeline-example' });
const client = new InfraPrismOpenAI();

async function ask(model: string, prompt: string): Promise<string> {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] });
  return completion.choices[0]?.message.content ?? '';
}

/** Runs one stage with its tag added to the pipeline's. */
const stage = <T>(name: string, fn: () => Promise<T>): Promise<T> => withTags({ stage: name }, fn);

async function processDocument(document: string): Promise<{ summary: string; category: string }> {
  return withTags({ pipeline: 'document-intake' }, async () => {
    const facts = await stage('extract', () => ask('gpt-4o-mini', `List the key facts:\n${document}`));
    // The two later stages only need the facts, so they run in parallel.
    const [summary, category] = await Promise.all([
      stage('summarize', () => ask('gpt-4o', `Summarize in one sentence:\n${facts}`)),
      stage('classify', () => ask('gpt-4o-mini', `One-word category for:\n${facts}`)),
    ]);
    return { summary, category };
  });
}

const result = await withEntity({ type: 'customer', id: 'acme-corp' }, () =>
  processDocument('Invoice #1042 from Acme Corp, due 2026-12-01, total $1,250.'),
);
console.log(result);
await infraprism.shutdown();
