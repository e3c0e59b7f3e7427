/**
 * Prices an OpenAI Batch API results file (JSONL, one result per line) per customer, with the
 * same price table and formula the spans use. Batch calls never pass through the client's
 * `create()`, so they have no span: this is how their cost gets attributed. Here the customer
 * is the part of `custom_id` before the `/`.
 *
 *   npx tsx examples/batch-pricing.ts [results.jsonl]     (default: examples/data/batch-results.jsonl)
 */
import { readFileSync } from 'node:fs';
import { calculateCost, normalizeOpenAIChatUsage } from 'infraprism';

const file = process.argv[2] ?? new URL('./data/batch-results.jsonl', import.meta.url);

interface BatchResult {
  custom_id: string;
  response: { status_code: number; body: { model?: string; usage?: unknown } } | null;
}

const costByCustomer = new Map<string, number>();
const unpriced: string[] = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const result = JSON.parse(line) as BatchResult;
  if (result.response === null) continue; // failed or expired requests are not billed
  const { model, usage } = result.response.body;
  const cost = calculateCost({
    provider: 'openai',
    model,
    usage: normalizeOpenAIChatUsage(usage),
    isBatch: true, // Batch API requests are billed at a discount
  });
  const customer = result.custom_id.split('/')[0] ?? result.custom_id;
  if (cost.usd === undefined) unpriced.push(`${result.custom_id} (${cost.status})`);
  else costByCustomer.set(customer, (costByCustomer.get(customer) ?? 0) + cost.usd);
}

for (const [customer, usd] of costByCustomer) console.log(`${customer}\t$${usd.toFixed(6)}`);
if (unpriced.length > 0) console.log(`not priced: ${unpriced.join(', ')}`);
