#!/usr/bin/env node
// Generates src/pricing/data/prices.ts, the price table bundled with the package, from the data of
// pydantic/genai-prices (MIT). Plain Node, no dependencies, offline.
//
//   node scripts/generate-prices.mjs            write src/pricing/data/prices.ts
//   node scripts/generate-prices.mjs --check    exit 1 if the file differs from what would be written
//   options: --source <data.json>  (default ../shared/pricing/genai-prices-v2-data.json, from the repo)
//            --as-of <YYYY-MM-DD>  (default: the date the README next to the source gives for it)
//
// For now (issue #3) only the models in SUBSET are bundled, each with one flat price: for tiered
// prices (long context) the base tier, for dated price changes the price in force on the source's
// date. Tiers, dated prices, audio/image/web-search prices, the LiteLLM cross-check and the
// reviewed overrides file come with issue #6, which also widens SUBSET to every provider we detect.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled models, per provider. `provider` is our spelling, the OpenTelemetry
 * `gen_ai.provider.name` value; `sourceProvider` is the provider's id in genai-prices. Each model id
 * is the canonical, undated name we price; it is looked up with the source's own `match` rules.
 * Models the source does not have are skipped with a note.
 */
const SUBSET = [
  {
    provider: 'openai',
    sourceProvider: 'openai',
    models: [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'o3',
      'o3-mini',
      'o4-mini',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'text-embedding-3-small',
      'text-embedding-3-large',
    ],
  },
  {
    provider: 'anthropic',
    sourceProvider: 'anthropic',
    models: [
      'claude-sonnet-4',
      'claude-opus-4',
      'claude-3-5-haiku',
      'claude-3-7-sonnet',
      'claude-haiku-4-5',
      'claude-sonnet-4-5',
    ],
  },
];

/** Models that only take input (embeddings): the source gives no output price; we bundle 0. */
const INPUT_ONLY_MODELS = new Set(['text-embedding-3-small', 'text-embedding-3-large']);

// Anthropic bills 1-hour cache writes at 2x the base input price
// (https://platform.claude.com/docs/en/build-with-claude/prompt-caching#pricing). Used only when
// the source lacks cache_write_1h_mtok for an Anthropic model, so the calculator's fallback to
// the 5-minute price never underprices it.
const ANTHROPIC_1H_WRITE_TO_INPUT = 2;

// Source fields that map onto our ModelPrice; everything else is reported as ignored.
const FIELD_MAP = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cacheReadInput',
  cache_write_mtok: 'cacheWrite5mInput',
  cache_write_5m_mtok: 'cacheWrite5mInput',
  cache_write_1h_mtok: 'cacheWrite1hInput',
};

const SOURCE_NAME = 'pydantic/genai-prices, prices/new_data/v2/data.json';
const SOURCE_LICENSE = 'MIT';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(repoRoot, 'src/pricing/data/prices.ts');

main();

function main() {
  const args = parseArgs(process.argv.slice(2));
  const sourceFile = resolve(repoRoot, args.source ?? '../shared/pricing/genai-prices-v2-data.json');
  const asOf = args.asOf ?? readAsOfFromReadme(sourceFile);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? '')) {
    fail(`no source date: pass --as-of YYYY-MM-DD (the README next to ${sourceFile} gave none)`);
  }
  const providers = JSON.parse(readFileSync(sourceFile, 'utf8'));
  if (!Array.isArray(providers)) fail(`${sourceFile}: expected an array of providers`);

  const entries = [];
  const notes = [];
  for (const group of SUBSET) {
    const sourceProvider = providers.find((p) => p.id === group.sourceProvider);
    if (sourceProvider === undefined) fail(`source has no provider "${group.sourceProvider}"`);
    for (const model of group.models) {
      const sourceModel = findSourceModel(sourceProvider, model);
      if (sourceModel === undefined) {
        notes.push(`skipped ${group.provider}/${model}: not in the source`);
        continue;
      }
      entries.push(buildEntry(group, model, sourceProvider, sourceModel, asOf, notes));
    }
  }

  const text = render(entries, relative(repoRoot, sourceFile), asOf);
  for (const note of notes) console.log(`note: ${note}`);
  if (args.check) {
    const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (current !== text) fail(`${relative(repoRoot, outFile)} is out of date: run node scripts/generate-prices.mjs`);
    console.log(`${relative(repoRoot, outFile)} is up to date (${entries.length} models)`);
    return;
  }
  writeFileSync(outFile, text);
  console.log(`wrote ${relative(repoRoot, outFile)}: ${entries.length} models, source as of ${asOf}`);
}

function buildEntry(group, model, sourceProvider, sourceModel, asOf, notes) {
  const where = `${group.provider}/${model} (source ${sourceProvider.id}/${sourceModel.id})`;
  const { prices, dated } = selectPrices(sourceModel.prices, asOf);
  if (dated) notes.push(`${where}: dated prices, took the one in force on ${asOf}`);

  const price = {};
  const ignored = [];
  let tiered = false;
  for (const [field, value] of Object.entries(prices)) {
    const ours = FIELD_MAP[field];
    if (ours === undefined) {
      ignored.push(field);
      continue;
    }
    // cache_write_5m_mtok is the explicit form of cache_write_mtok; it wins when both are given.
    if (field === 'cache_write_mtok' && prices.cache_write_5m_mtok !== undefined) continue;
    const number = typeof value === 'number' ? value : value?.base;
    if (typeof value === 'object' && value !== null) tiered = true;
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) fail(`${where}: bad ${field}`);
    price[ours] = number;
  }
  if (tiered) notes.push(`${where}: tiered prices, took the base tier`);
  if (ignored.length > 0) notes.push(`${where}: ignored ${ignored.join(', ')}`);
  if (price.input === undefined) fail(`${where}: no input_mtok`);
  if (price.output === undefined) {
    if (!INPUT_ONLY_MODELS.has(model)) fail(`${where}: no output_mtok (add it to INPUT_ONLY_MODELS if it only takes input)`);
    price.output = 0;
  }
  const comments = [];
  if (group.provider === 'anthropic' && price.cacheWrite1hInput === undefined && price.cacheWrite5mInput !== undefined) {
    price.cacheWrite1hInput = round(price.input * ANTHROPIC_1H_WRITE_TO_INPUT);
    comments.push(`cacheWrite1hInput derived: ${ANTHROPIC_1H_WRITE_TO_INPUT}x input (Anthropic's rule)`);
    notes.push(`${where}: derived cacheWrite1hInput from input`);
  }
  if (INPUT_ONLY_MODELS.has(model) && prices.output_mtok === undefined) comments.push('input only');
  if (tiered) comments.push('base tier');
  if (dated) comments.push(`price in force on ${asOf}`);

  return {
    provider: group.provider,
    model,
    aliases: collectAliases(sourceProvider, sourceModel, model),
    price,
    comment: [`source ${sourceProvider.id}/${sourceModel.id}`, ...comments].join('; '),
  };
}

/**
 * genai-prices gives either one price set or a list of conditional ones, "tried last to first";
 * the first is used when none applies. We take the last whose start date is on or before the
 * source date (time-of-day prices, such as off-peak discounts, are never the base price).
 */
function selectPrices(prices, asOf) {
  if (!Array.isArray(prices)) return { prices, dated: false };
  let chosen = prices[0];
  for (const conditional of prices) {
    const constraint = conditional.constraint;
    if (constraint === undefined || (constraint.start_date !== undefined && constraint.start_date <= asOf)) {
      chosen = conditional;
    }
  }
  if (chosen === undefined) fail('empty conditional price list');
  return { prices: chosen.prices, dated: prices.length > 1 };
}

/** The first model of the provider whose `match` accepts the id, as genai-prices resolves it. */
function findSourceModel(sourceProvider, id) {
  return sourceProvider.models.find((m) => matchesClause(m.match, id.toLowerCase()));
}

function matchesClause(clause, id) {
  if ('equals' in clause) return id === clause.equals.toLowerCase();
  if ('starts_with' in clause) return id.startsWith(clause.starts_with.toLowerCase());
  if ('ends_with' in clause) return id.endsWith(clause.ends_with.toLowerCase());
  if ('contains' in clause) return id.includes(clause.contains.toLowerCase());
  if ('regex' in clause) return new RegExp(clause.regex, 'i').test(id);
  if ('or' in clause) return clause.or.some((c) => matchesClause(c, id));
  if ('and' in clause) return clause.and.every((c) => matchesClause(c, id));
  fail(`unknown match clause ${JSON.stringify(clause)}`);
}

/**
 * Exact ids the source maps to this model: its `equals` clauses (outside `and`) and its own id,
 * kept only if the source resolves them to this same model.
 */
function collectAliases(sourceProvider, sourceModel, model) {
  const names = new Set([sourceModel.id.toLowerCase()]);
  const walk = (clause) => {
    if ('equals' in clause) names.add(clause.equals.toLowerCase());
    if ('or' in clause) clause.or.forEach(walk);
  };
  walk(sourceModel.match);
  names.delete(model);
  return [...names]
    .filter((name) => /^[a-z0-9][a-z0-9._:@/-]*$/.test(name) && findSourceModel(sourceProvider, name) === sourceModel)
    .sort();
}

function render(entries, sourcePath, asOf) {
  const lines = [
    '// Generated by scripts/generate-prices.mjs: do not edit by hand. Change the script (its SUBSET',
    '// lists the bundled models) and run `node scripts/generate-prices.mjs`.',
    '//',
    `// Source: ${SOURCE_NAME} (${SOURCE_LICENSE}, see THIRD_PARTY_NOTICES.md),`,
    `// as of ${asOf}, read from ${sourcePath}.`,
    '// Prices in USD per 1M tokens. Tiered prices: the base tier; dated price changes: the price in',
    '// force on the source date. Tiers, dated prices and other price kinds come with issue #6.',
    '',
    "import type { PriceTableEntry } from '../price-table.js';",
    '',
    '/** Where the bundled prices come from. */',
    `export const BUNDLED_PRICES_SOURCE = '${SOURCE_NAME}';`,
    '/** The date of the source data the bundled prices were generated from. */',
    `export const BUNDLED_PRICES_AS_OF = '${asOf}';`,
    "/** The bundled table's version, for `PriceTable.version`. */",
    `export const BUNDLED_PRICES_VERSION = 'genai-prices@${asOf}';`,
    '',
    '/**',
    ' * The bundled prices, first-party providers first: the first provider that lists a model id',
    ' * also prices it for providers without an entry of their own.',
    ' */',
    'export const BUNDLED_PRICE_ENTRIES: readonly PriceTableEntry[] = [',
  ];
  for (const entry of entries) {
    lines.push(`  // ${entry.comment}`);
    lines.push('  {');
    lines.push(`    provider: ${quote(entry.provider)},`);
    lines.push(`    model: ${quote(entry.model)},`);
    if (entry.aliases.length > 0) lines.push(`    aliases: [${entry.aliases.map(quote).join(', ')}],`);
    const fields = ['input', 'output', 'cacheReadInput', 'cacheWrite5mInput', 'cacheWrite1hInput']
      .filter((field) => entry.price[field] !== undefined)
      .map((field) => `${field}: ${entry.price[field]}`);
    lines.push(`    price: { ${fields.join(', ')} },`);
    lines.push('  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

function readAsOfFromReadme(sourceFile) {
  const readme = join(dirname(sourceFile), 'README.md');
  if (!existsSync(readme)) return undefined;
  const base = sourceFile.slice(dirname(sourceFile).length + 1);
  const row = readFileSync(readme, 'utf8')
    .split('\n')
    .find((line) => line.startsWith('|') && line.includes(base));
  return row?.match(/\d{4}-\d{2}-\d{2}/)?.[0];
}

function parseArgs(argv) {
  const args = { check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') args.check = true;
    else if (arg === '--source') args.source = argv[++i];
    else if (arg === '--as-of') args.asOf = argv[++i];
    else fail(`unknown argument ${arg}`);
  }
  return args;
}

function quote(text) {
  return `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function round(value) {
  return Math.round(value * 1e10) / 1e10;
}

function fail(message) {
  console.error(`generate-prices: ${message}`);
  process.exit(1);
}
