#!/usr/bin/env node
// Price lookups per second (issue #6), on the built package (run `npm run build` first):
//   node bench/price-lookups.mjs [--json]
// Measures, on the bundled table: the first lookup (parsing and indexing the table), memoized hits
// and misses (a steady set of model names, as an app's calls have), and unmemoized hits and misses
// (every name new, as with names from user input: the full match over the table's rules), and
// calculateCost on memoized hits. Self-contained: no dependency besides the build.
import { performance } from 'node:perf_hooks';

const started = performance.now();
const pricing = await import('../dist/esm/pricing/index.js');
const importMs = performance.now() - started;
const { PriceTable, calculateCost, getBundledPriceTable } = pricing;

const firstStart = performance.now();
const bundled = getBundledPriceTable();
bundled.lookup('openai', 'gpt-4o');
const firstLookupMs = performance.now() - firstStart;

const HITS = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4o-2024-11-20'],
  ['openai', 'gpt-4o-mini'],
  ['openai', 'o3'],
  ['anthropic', 'claude-sonnet-4-20250514'],
  ['anthropic', 'claude-3-5-haiku-latest'],
  ['aws.bedrock', 'us.anthropic.claude-sonnet-4-20250514-v1:0'],
  ['gcp.vertex_ai', 'claude-sonnet-4@20250514'],
  ['gcp.gemini', 'gemini-2.5-pro'],
  ['openrouter', 'openai/gpt-4o'],
  [undefined, 'gpt-4.1-mini'],
  ['openai', 'ft:gpt-4o-mini:acme::abc'],
];
const MISSES = [
  ['openai', 'no-such-model'],
  ['ollama', 'llama3:8b'],
  [undefined, 'my-private-model'],
  ['anthropic', 'claude-unknown-9'],
];

/** Runs `fn(i)` for about `ms` milliseconds; returns operations per second. */
function measure(fn, ms = 400) {
  for (let i = 0; i < 2000; i++) fn(i); // warm-up
  let ops = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) fn(ops + i);
    ops += 500;
  }
  return Math.round((ops / ms) * 1000);
}

/** A fresh table over the bundled data whose memo remembers nothing useful (size 1, names unique). */
async function unmemoizedTable() {
  const { BUNDLED_PRICES_JSON } = await import('../dist/esm/pricing/data/prices.js');
  const data = JSON.parse(BUNDLED_PRICES_JSON);
  return PriceTable.create(data, [], { memoSize: 1 });
}

const usage = { inputTokens: 1000, outputTokens: 300, cacheReadInputTokens: 800 };
const results = {
  importMs: Number(importMs.toFixed(1)),
  firstLookupMs: Number(firstLookupMs.toFixed(1)),
  memoizedHitsPerSec: measure((i) => bundled.lookup(...HITS[i % HITS.length])),
  memoizedMissesPerSec: measure((i) => bundled.lookup(...MISSES[i % MISSES.length])),
  calculateCostPerSec: measure((i) => calculateCost({ provider: HITS[i % HITS.length][0], model: HITS[i % HITS.length][1], usage })),
};
// Unmemoized: alternate between two names so a memo of size 1 never hits.
const cold = await unmemoizedTable();
if (typeof cold !== 'string') {
  results.unmemoizedHitsPerSec = measure((i) => cold.lookup(...HITS[i % HITS.length]), 300);
  results.unmemoizedMissesPerSec = measure((i) => cold.lookup(...MISSES[i % MISSES.length]), 300);
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results));
} else {
  for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(24)} ${value.toLocaleString('en-US')}`);
}
