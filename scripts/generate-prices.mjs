#!/usr/bin/env node
// Generates src/pricing/data/prices.ts, the price table bundled with the package. Plain Node, offline.
//
//   node scripts/generate-prices.mjs            write src/pricing/data/prices.ts
//   node scripts/generate-prices.mjs --check    exit 1 if the file differs from what would be written
//   node scripts/generate-prices.mjs --report   also print every LiteLLM disagreement above 1%
//   options: --source <data.json>   genai-prices data (default ../shared/pricing/genai-prices-v2-data.json)
//            --litellm <file.json>  LiteLLM price map (default ../shared/pricing/litellm-model-prices.json)
//            --as-of <YYYY-MM-DD>   source date (default: the date the README next to the source gives)
//
// Sources:
// - Primary: the data of pydantic/genai-prices (MIT). The npm package @pydantic/genai-prices (a pinned
//   devDependency) embeds the same data; the script compares the two and says which one it read. It
//   reads the JSON file in ../shared/pricing unless the package's data is identical to it: the file is
//   the reviewed snapshot, dated by the README beside it, and the package's data (0.1.8) is a different
//   cut (models added, dated changes dropped), so the table would otherwise change under review.
// - LiteLLM's price map (MIT): a cross-check (disagreements above 1% for the major providers are
//   reported) and the only source of OpenAI's flex, priority and Batch prices.
// - scripts/price-overrides.json: reviewed corrections, each with its reason.
//
// Output: one JSON document (providers -> models -> match rules -> prices) embedded as a string, so
// importing the package only scans one string literal; src/pricing parses it on the first lookup.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The genai-prices providers we bundle: every provider the instrumentations detect. Order matters
 * for calls priced by model name alone (no or unknown provider): first-party providers come first.
 */
export const BUNDLED_PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'x-ai',
  'deepseek',
  'perplexity',
  'groq',
  'together',
  'fireworks',
  'aws',
  'azure',
  'openrouter',
];

/** Providers whose disagreements with LiteLLM above 1% are reported, with LiteLLM's key prefixes. */
const CROSS_CHECK = {
  openai: { litellmProviders: ['openai'], prefixes: [''] },
  anthropic: { litellmProviders: ['anthropic'], prefixes: [''] },
  google: { litellmProviders: ['gemini'], prefixes: ['gemini/'] },
  mistral: { litellmProviders: ['mistral'], prefixes: ['mistral/'] },
  groq: { litellmProviders: ['groq'], prefixes: ['groq/'] },
  deepseek: { litellmProviders: ['deepseek'], prefixes: ['deepseek/', ''] },
  'x-ai': { litellmProviders: ['xai'], prefixes: ['xai/'] },
  perplexity: { litellmProviders: ['perplexity'], prefixes: ['perplexity/'] },
};
const DISAGREEMENT_THRESHOLD = 0.01;

// genai-prices price keys -> ours (USD per 1M tokens, or per 1000 for the *PerThousand ones).
// Keys not listed (video, citation and reasoning-specific prices) are reported as ignored.
const FIELD_MAP = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cacheReadInput',
  cache_write_mtok: 'cacheWrite5mInput',
  cache_write_1h_mtok: 'cacheWrite1hInput',
  input_audio_mtok: 'audioInput',
  output_audio_mtok: 'audioOutput',
  cache_audio_read_mtok: 'cacheReadAudioInput',
  input_image_mtok: 'imageInput',
  output_image_mtok: 'imageOutput',
  cache_image_read_mtok: 'cacheReadImageInput',
  web_searches_kcount: 'webSearchesPerThousand',
  requests_kcount: 'requestsPerThousand',
};

// LiteLLM per-token keys of OpenAI's service tiers -> our variant name and field.
const TIER_FIELDS = {
  flex: { input_cost_per_token_flex: 'input', output_cost_per_token_flex: 'output', cache_read_input_token_cost_flex: 'cacheReadInput' },
  priority: {
    input_cost_per_token_priority: 'input',
    output_cost_per_token_priority: 'output',
    cache_read_input_token_cost_priority: 'cacheReadInput',
  },
  batch: { input_cost_per_token_batches: 'input', output_cost_per_token_batches: 'output' },
};

// Anthropic bills 1-hour cache writes at 2x the base input price
// (https://platform.claude.com/docs/en/build-with-claude/prompt-caching#pricing). Used only when
// the source lacks cache_write_1h_mtok for an Anthropic model, so the calculator's fallback to the
// 5-minute price never underprices it.
const ANTHROPIC_1H_WRITE_TO_INPUT = 2;

const SOURCE_NAME = 'pydantic/genai-prices';
const PACKAGE_NAME = '@pydantic/genai-prices';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(repoRoot, 'src/pricing/data/prices.ts');
const overridesFile = join(repoRoot, 'scripts/price-overrides.json');


function main() {
  const args = parseArgs(process.argv.slice(2));
  const sourceFile = resolve(repoRoot, args.source ?? '../shared/pricing/genai-prices-v2-data.json');
  const litellmFile = resolve(repoRoot, args.litellm ?? '../shared/pricing/litellm-model-prices.json');
  const asOf = args.asOf ?? readAsOfFromReadme(sourceFile);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? '')) {
    fail(`no source date: pass --as-of YYYY-MM-DD (the README next to ${sourceFile} gave none)`);
  }
  const fileData = JSON.parse(readFileSync(sourceFile, 'utf8'));
  if (!Array.isArray(fileData)) fail(`${sourceFile}: expected an array of providers`);
  const { data: sourceData, origin, packageNote } = chooseSource(fileData, relative(repoRoot, sourceFile));
  const litellm = JSON.parse(readFileSync(litellmFile, 'utf8'));
  const overrides = readOverrides();

  const notes = [packageNote];
  const table = buildTable(sourceData, litellm, overrides, asOf, notes);
  const disagreements = crossCheck(table, litellm, asOf);
  notes.push(`LiteLLM disagrees by more than 1% on ${disagreements.length} prices of the major providers (--report lists them)`);

  const text = render(table, { origin, asOf, litellmFile: relative(repoRoot, litellmFile) });
  for (const note of notes) console.log(`note: ${note}`);
  if (args.report) for (const line of disagreements) console.log(`disagreement: ${line}`);
  const modelCount = table.providers.reduce((sum, p) => sum + p.models.length, 0);
  if (args.check) {
    const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (current !== text) fail(`${relative(repoRoot, outFile)} is out of date: run node scripts/generate-prices.mjs`);
    console.log(`${relative(repoRoot, outFile)} is up to date (${modelCount} models, ${table.version})`);
    return;
  }
  writeFileSync(outFile, text);
  console.log(`wrote ${relative(repoRoot, outFile)}: ${modelCount} models, ${table.version}`);
}

/** Uses the npm package's data when it equals the shared file, else the file; says which and why. */
function chooseSource(fileData, filePath) {
  let packageProviders;
  let version = '?';
  try {
    const require = createRequire(join(repoRoot, 'package.json'));
    version = JSON.parse(readFileSync(join(dirname(require.resolve(PACKAGE_NAME)), '..', 'package.json'), 'utf8')).version;
    // The package has no export of its whole data set: findProvider() by id, for every id the file has.
    const { findProvider } = require(PACKAGE_NAME);
    packageProviders = fileData.map((p) => findProvider({ providerId: p.id }) ?? null);
  } catch {
    return { data: fileData, origin: filePath, packageNote: `${PACKAGE_NAME} not installed: read ${filePath}` };
  }
  let differing = 0;
  fileData.forEach((provider, i) => {
    const other = packageProviders[i];
    const theirs = new Map((other?.models ?? []).map((m) => [m.id, JSON.stringify(m.prices)]));
    for (const model of provider.models) if (theirs.get(model.id) !== JSON.stringify(model.prices)) differing++;
    if ((other?.models.length ?? 0) !== provider.models.length) differing++;
  });
  if (differing === 0) {
    return { data: packageProviders, origin: `${PACKAGE_NAME}@${version}`, packageNote: `${PACKAGE_NAME}@${version} data equals ${filePath}: read the package` };
  }
  return {
    data: fileData,
    origin: filePath,
    packageNote: `${PACKAGE_NAME}@${version} embeds different data (${differing} models or model lists differ): read ${filePath}`,
  };
}

function readOverrides() {
  const parsed = JSON.parse(readFileSync(overridesFile, 'utf8'));
  const list = parsed.overrides;
  if (!Array.isArray(list)) fail('price-overrides.json: "overrides" must be an array');
  for (const entry of list) {
    if (typeof entry.reason !== 'string' || entry.reason.length < 10) fail(`override ${entry.provider}/${entry.model} has no reason`);
    if (!BUNDLED_PROVIDERS.includes(entry.provider)) fail(`override ${entry.provider}/${entry.model}: unknown provider`);
    for (const [field, value] of Object.entries(entry.price)) {
      if (!Object.values(FIELD_MAP).includes(field) || typeof value !== 'number' || value < 0) fail(`override ${entry.model}: bad ${field}`);
    }
  }
  return list;
}

/** Builds the bundled table: providers with ordered models, match rules and our price shape. */
export function buildTable(sourceData, litellm, overrides, asOf, notes = []) {
  const providers = [];
  for (const id of BUNDLED_PROVIDERS) {
    const source = sourceData.find((p) => p?.id === id);
    if (source === undefined) fail(`source has no provider "${id}"`);
    const models = [];
    for (const model of source.models) {
      const prices = convertPrices(id, model, notes);
      if (prices === undefined) continue;
      models.push({ id: model.id, match: normalizeClause(model.match), prices });
    }
    const provider = { id, models };
    if (source.model_match !== undefined) provider.modelMatch = normalizeClause(source.model_match);
    // Models the provider also serves at another provider's prices (Azure: OpenAI's and Anthropic's).
    const fallbacks = (source.fallback_model_providers ?? []).filter((f) => BUNDLED_PROVIDERS.includes(f));
    if (fallbacks.length > 0) provider.fallbacks = fallbacks;
    providers.push(provider);
  }
  applyOverrides(providers, overrides, notes);
  addServiceTiers(providers.find((p) => p.id === 'openai'), litellm, notes);
  // A rule that only accepts the model's own id is the default: left out, a third of the size.
  for (const provider of providers) {
    for (const model of provider.models) {
      if (JSON.stringify(model.match) === JSON.stringify({ equals: model.id.toLowerCase() })) delete model.match;
    }
  }
  const body = { asOf, providers };
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 8);
  return { version: `genai-prices@${asOf}+${hash}`, ...body };
}

/** The source's prices (one set or dated ones) in our shape; undefined when nothing is usable. */
function convertPrices(providerId, model, notes) {
  const where = `${providerId}/${model.id}`;
  const list = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  const converted = [];
  for (const conditional of list) {
    const price = convertPrice(where, conditional.prices, notes);
    if (providerId === 'anthropic' && price.cacheWrite1hInput === undefined && price.cacheWrite5mInput !== undefined) {
      price.cacheWrite1hInput = deriveTiered(price.input, ANTHROPIC_1H_WRITE_TO_INPUT);
    }
    const item = { price };
    const constraint = conditional.constraint;
    if (constraint?.start_date !== undefined) item.from = constraint.start_date;
    if (constraint?.start_time !== undefined) item.hours = [constraint.start_time, constraint.end_time];
    converted.push(item);
  }
  return converted.length === 1 && converted[0].from === undefined && converted[0].hours === undefined
    ? converted[0].price
    : converted;
}

function convertPrice(where, prices, notes) {
  const price = {};
  const ignored = [];
  for (const [field, value] of Object.entries(prices ?? {})) {
    const ours = FIELD_MAP[field];
    if (ours === undefined) {
      ignored.push(field);
      continue;
    }
    price[ours] = convertValue(where, field, value);
  }
  if (ignored.length > 0) notes.push(`${where}: ignored ${ignored.join(', ')}`);
  // Models without an input or output price (embeddings, moderation) bill that side at 0.
  price.input ??= 0;
  price.output ??= 0;
  return orderFields(price);
}

function convertValue(where, field, value) {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'object' && value !== null && typeof value.base === 'number' && Array.isArray(value.tiers)) {
    const tiers = value.tiers.map((t) => ({ start: t.start, price: t.price }));
    if (tiers.some((t) => !Number.isFinite(t.start) || !Number.isFinite(t.price) || t.price < 0)) fail(`${where}: bad tiers in ${field}`);
    return { base: value.base, tiers: tiers.sort((a, b) => a.start - b.start) };
  }
  fail(`${where}: bad ${field}`);
}

function deriveTiered(input, factor) {
  if (typeof input === 'number') return round(input * factor);
  return { base: round(input.base * factor), tiers: input.tiers.map((t) => ({ start: t.start, price: round(t.price * factor) })) };
}

const FIELD_ORDER = [...new Set(Object.values(FIELD_MAP))];
function orderFields(price) {
  const ordered = {};
  for (const field of [...FIELD_ORDER, 'flex', 'priority', 'batch']) if (price[field] !== undefined) ordered[field] = price[field];
  return ordered;
}

/** Match clauses with lower-cased strings (matching is case-insensitive) and only known keys. */
function normalizeClause(clause) {
  for (const key of ['equals', 'starts_with', 'ends_with', 'contains']) {
    if (key in clause) return { [key]: clause[key].toLowerCase() };
  }
  if ('regex' in clause) {
    new RegExp(clause.regex, 'i'); // fails the build on a pattern JavaScript cannot compile
    return { regex: clause.regex };
  }
  if ('or' in clause) return { or: clause.or.map(normalizeClause) };
  if ('and' in clause) return { and: clause.and.map(normalizeClause) };
  fail(`unknown match clause ${JSON.stringify(clause)}`);
}

function applyOverrides(providers, overrides, notes) {
  for (const entry of overrides) {
    const provider = providers.find((p) => p.id === entry.provider);
    const names = [entry.model, ...(entry.aliases ?? [])].map((n) => ({ equals: n.toLowerCase() }));
    const exact = names.length === 1 ? names[0] : { or: names };
    const existing = provider.models.find((m) => m.id === entry.model);
    if (existing !== undefined) {
      // Replaces the source's prices, dated ones included; its match rules stay, plus the exact names.
      existing.prices = orderFields({ ...entry.price });
      existing.match = { or: [exact, existing.match] };
      existing.override = true;
      notes.push(`override ${entry.provider}/${entry.model}: replaced the source's prices`);
    } else {
      provider.models.unshift({ id: entry.model, match: exact, prices: orderFields({ ...entry.price }), override: true });
      notes.push(`override ${entry.provider}/${entry.model}: added before the source's models`);
    }
  }
}

/** OpenAI flex / priority / Batch prices from LiteLLM (genai-prices has none), base tier only. */
function addServiceTiers(openai, litellm, notes) {
  let count = 0;
  for (const model of openai.models) {
    if (Array.isArray(model.prices)) continue; // dated prices: LiteLLM has only the latest
    const record = findLiteLLM(litellm, [model.id, ...exactNames(model.match)], ['openai'], ['']);
    if (record === undefined) continue;
    for (const [variant, fields] of Object.entries(TIER_FIELDS)) {
      const variantPrice = {};
      for (const [key, ours] of Object.entries(fields)) {
        if (typeof record[key] === 'number') variantPrice[ours] = perMillion(record[key]);
      }
      if (variantPrice.input !== undefined && variantPrice.output !== undefined) {
        model.prices[variant] = variantPrice;
        count++;
      }
    }
  }
  notes.push(`added ${count} OpenAI flex/priority/batch price sets from LiteLLM`);
}

function exactNames(clause) {
  if (clause === undefined) return [];
  if ('equals' in clause) return [clause.equals];
  if ('or' in clause) return clause.or.flatMap(exactNames);
  return [];
}

function findLiteLLM(litellm, names, litellmProviders, prefixes) {
  for (const name of names) {
    for (const prefix of prefixes) {
      const record = litellm[`${prefix}${name}`];
      if (record !== undefined && litellmProviders.includes(record.litellm_provider)) return record;
    }
  }
  return undefined;
}

/** Prices of the major providers that LiteLLM gives differently, by more than 1%. */
function crossCheck(table, litellm, asOf) {
  const lines = [];
  for (const provider of table.providers) {
    const check = CROSS_CHECK[provider.id];
    if (check === undefined) continue;
    for (const model of provider.models) {
      const price = priceInForce(model.prices, asOf);
      const record = findLiteLLM(litellm, [model.id, ...exactNames(model.match)], check.litellmProviders, check.prefixes);
      if (record === undefined) continue;
      const pairs = [
        ['input', record.input_cost_per_token],
        ['output', record.output_cost_per_token],
        ['cacheReadInput', record.cache_read_input_token_cost],
        ['cacheWrite5mInput', record.cache_creation_input_token_cost],
        ['cacheWrite1hInput', record.cache_creation_input_token_cost_above_1hr],
      ];
      for (const [field, theirs] of pairs) {
        const ours = price[field];
        if (typeof theirs !== 'number' || ours === undefined) continue;
        const base = typeof ours === 'number' ? ours : ours.base;
        const other = perMillion(theirs);
        const scale = Math.max(Math.abs(base), Math.abs(other));
        if (scale > 0 && Math.abs(base - other) / scale > DISAGREEMENT_THRESHOLD) {
          lines.push(`${provider.id}/${model.id} ${field}: ours ${base}${model.override ? ' (override)' : ''}, LiteLLM ${other}`);
        }
      }
    }
  }
  return lines;
}

/** The price set in force on a date (YYYY-MM-DD), ignoring time-of-day windows. */
export function priceInForce(prices, date) {
  if (!Array.isArray(prices)) return prices;
  let chosen = prices[0].price;
  for (const item of prices) if (item.hours === undefined && (item.from === undefined || item.from <= date)) chosen = item.price;
  return chosen;
}

function render(table, { origin, asOf, litellmFile }) {
  const json = JSON.stringify(table);
  return [
    '// Generated by scripts/generate-prices.mjs: do not edit by hand. Change the script or',
    '// scripts/price-overrides.json and run `node scripts/generate-prices.mjs`.',
    '//',
    `// Source: ${SOURCE_NAME} (MIT), as of ${asOf}, read from ${origin};`,
    `// OpenAI flex/priority/batch prices and the cross-check: LiteLLM (MIT), ${litellmFile}.`,
    '// See THIRD_PARTY_NOTICES.md. Prices in USD per 1M tokens (per 1000 for *PerThousand).',
    '//',
    '// The table is one JSON string: importing this module scans a string literal, and',
    '// src/pricing/bundled-price-table.ts parses it on the first price lookup.',
    '',
    '/** Where the bundled prices come from. */',
    `export const BUNDLED_PRICES_SOURCE = ${JSON.stringify(`${SOURCE_NAME} (${origin}), LiteLLM, scripts/price-overrides.json`)};`,
    '/** The date of the source data the bundled prices were generated from. */',
    `export const BUNDLED_PRICES_AS_OF = '${asOf}';`,
    '/** The bundled table\'s version: source and date, plus a hash of the generated data. */',
    `export const BUNDLED_PRICES_VERSION = '${table.version}';`,
    '/** The bundled table as JSON (a `PriceData` document); typed `string` so declarations stay small. */',
    `export const BUNDLED_PRICES_JSON: string = ${JSON.stringify(json)};`,
    '',
  ].join('\n');
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
  const args = { check: false, report: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') args.check = true;
    else if (arg === '--report') args.report = true;
    else if (arg === '--source') args.source = argv[++i];
    else if (arg === '--litellm') args.litellm = argv[++i];
    else if (arg === '--as-of') args.asOf = argv[++i];
    else fail(`unknown argument ${arg}`);
  }
  return args;
}

function perMillion(perToken) {
  return round(perToken * 1e6);
}

function round(value) {
  return Math.round(value * 1e10) / 1e10;
}

function fail(message) {
  console.error(`generate-prices: ${message}`);
  process.exit(1);
}

// Last, so every module-level constant above is initialized; importing the script runs nothing.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
