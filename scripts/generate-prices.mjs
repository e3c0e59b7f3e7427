#!/usr/bin/env node
// Generates src/pricing/data/prices.ts, the price table bundled with the package. Plain Node, offline;
// reads only files of this repository (scripts/price-sources/, scripts/price-overrides.json) and the
// pinned devDependency @pydantic/genai-prices in node_modules.
//
//   node scripts/generate-prices.mjs            write src/pricing/data/prices.ts
//   node scripts/generate-prices.mjs --check    exit 1 if the file differs from what would be written
//   node scripts/generate-prices.mjs --report   also print what each source contributed, every model
//                                               the sources price differently, and every LiteLLM
//                                               disagreement above 1%
//   options: --source <data.json>   genai-prices data (default scripts/price-sources/genai-prices-v2-data.json)
//            --litellm <file.json>  LiteLLM price map (default scripts/price-sources/litellm-model-prices.json)
//            --as-of <YYYY-MM-DD>   date of --source (default: its row in scripts/price-sources/README.md)
//
// Sources, merged per model:
// - pydantic/genai-prices (MIT), twice: the vendored data file and the data the npm package
//   @pydantic/genai-prices embeds (a newer cut: models added, some dated changes dropped). Every
//   model either lists is in the table. Where both list a model, the newest dated price list wins
//   (the one whose latest start date is later; on a tie, the newer source), and the model matches
//   the names of both.
// - LiteLLM's price map (MIT): a cross-check (disagreements above 1% for the major providers are
//   reported); the only source of OpenAI's flex, priority and Batch prices, which it gives as fixed
//   ratios to the standard price: applied to every dated and long-context price of a model; and the
//   models of the major providers no genai-prices model accepts, added after the provider's own.
// - scripts/price-overrides.json: reviewed corrections, each with its reason. An override of a model
//   a source lists is a dated entry inserted into its price list (earlier prices stay in force for
//   earlier calls); any other override adds a model.
//
// Output: one JSON document (providers -> models -> match rules -> prices) embedded as a string, so
// importing the package only scans one string literal; src/pricing parses it on the first lookup.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
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

// LiteLLM per-token keys of OpenAI's service tiers and the Batch API, by our variant name.
const TIER_KEYS = {
  flex: {
    input: 'input_cost_per_token_flex',
    output: 'output_cost_per_token_flex',
    cacheRead: 'cache_read_input_token_cost_flex',
    cacheWrite: 'cache_creation_input_token_cost_flex',
  },
  priority: {
    input: 'input_cost_per_token_priority',
    output: 'output_cost_per_token_priority',
    cacheRead: 'cache_read_input_token_cost_priority',
    cacheWrite: 'cache_creation_input_token_cost_priority',
  },
  batch: {
    input: 'input_cost_per_token_batches',
    output: 'output_cost_per_token_batches',
    cacheRead: 'cache_read_input_token_cost_batches',
    cacheWrite: 'cache_creation_input_token_cost_batches',
  },
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
const sourcesDir = join(repoRoot, 'scripts/price-sources');
const sourcesReadme = join(sourcesDir, 'README.md');


function main() {
  const args = parseArgs(process.argv.slice(2));
  const sourceFile = resolve(repoRoot, args.source ?? join(sourcesDir, 'genai-prices-v2-data.json'));
  const litellmFile = resolve(repoRoot, args.litellm ?? join(sourcesDir, 'litellm-model-prices.json'));
  const fileDate = args.asOf ?? readSourceDate(basename(sourceFile));
  if (!isDate(fileDate)) fail(`no date for ${basename(sourceFile)}: pass --as-of YYYY-MM-DD or add its row to ${relative(repoRoot, sourcesReadme)}`);
  const fileData = JSON.parse(readFileSync(sourceFile, 'utf8'));
  if (!Array.isArray(fileData)) fail(`${sourceFile}: expected an array of providers`);
  const sources = [{ name: relative(repoRoot, sourceFile), date: fileDate, providers: fileData }];
  const fromPackage = readPackageSource();
  if (typeof fromPackage === 'string') fail(fromPackage);
  sources.push(fromPackage);
  sources.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const asOf = sources.at(-1).date;
  const litellm = JSON.parse(readFileSync(litellmFile, 'utf8'));
  const overrides = readOverrides();

  const notes = [];
  const report = [];
  const table = buildTable(sources, litellm, overrides, asOf, notes, report);
  const disagreements = crossCheck(table, litellm, asOf);
  notes.push(`LiteLLM disagrees by more than 1% on ${disagreements.length} prices of the major providers (--report lists them)`);

  const text = render(table, { sources, asOf, litellmFile: relative(repoRoot, litellmFile) });
  for (const note of notes) console.log(`note: ${note}`);
  if (args.report) {
    for (const line of report) console.log(line);
    for (const line of disagreements) console.log(`litellm-disagreement: ${line}`);
  }
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

/** The npm package's data for every bundled provider, dated by its row in the sources README. */
function readPackageSource() {
  let version;
  let findProvider;
  try {
    const require = createRequire(join(repoRoot, 'package.json'));
    version = JSON.parse(readFileSync(join(dirname(require.resolve(PACKAGE_NAME)), '..', 'package.json'), 'utf8')).version;
    // The package has no export of its whole data set: findProvider() by id, for every bundled id.
    ({ findProvider } = require(PACKAGE_NAME));
  } catch {
    return `${PACKAGE_NAME} is not installed: run npm ci (it is a pinned devDependency)`;
  }
  const date = readSourceDate(`${PACKAGE_NAME}`);
  if (!isDate(date)) return `no date for ${PACKAGE_NAME}: add its row to ${relative(repoRoot, sourcesReadme)}`;
  const providers = BUNDLED_PROVIDERS.map((id) => findProvider({ providerId: id })).filter((p) => p !== undefined && p !== null);
  return { name: `${PACKAGE_NAME}@${version}`, date, providers };
}

function readOverrides() {
  const parsed = JSON.parse(readFileSync(overridesFile, 'utf8'));
  const list = parsed.overrides;
  if (!Array.isArray(list)) fail('price-overrides.json: "overrides" must be an array');
  for (const entry of list) {
    if (typeof entry.reason !== 'string' || entry.reason.length < 10) fail(`override ${entry.provider}/${entry.model} has no reason`);
    if (entry.from !== undefined && !isDate(entry.from)) fail(`override ${entry.provider}/${entry.model}: "from" is not YYYY-MM-DD`);
    if (!BUNDLED_PROVIDERS.includes(entry.provider)) fail(`override ${entry.provider}/${entry.model}: unknown provider`);
    for (const [field, value] of Object.entries(entry.price)) {
      if (!Object.values(FIELD_MAP).includes(field) || typeof value !== 'number' || value < 0) fail(`override ${entry.model}: bad ${field}`);
    }
  }
  return list;
}

/**
 * Builds the bundled table from the sources (oldest first): providers with ordered models, match
 * rules and our price shape. `notes` gets a summary, `report` a line per contribution and conflict.
 */
export function buildTable(sources, litellm, overrides, asOf, notes = [], report = []) {
  const providers = [];
  for (const id of BUNDLED_PROVIDERS) {
    const { source, models: merged } = mergeProvider(id, sources, report);
    const models = [];
    for (const model of merged) {
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
  summarizeSources(sources, report, notes);
  applyOverrides(providers, overrides, notes);
  addLiteLLMOnlyModels(providers, litellm, report, notes);
  let moved = 0;
  for (const provider of providers) moved += orderListedBeforeRules(provider, report);
  notes.push(`${moved} models moved before a family rule that would have priced them (--report lists them)`);
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

/**
 * One provider's models from every source that has it: the newest source's order, then models only
 * older sources list. A model both list takes the newest dated price list and both match rules.
 */
function mergeProvider(id, sources, report) {
  const present = [];
  sources.forEach((source, rank) => {
    const provider = source.providers.find((p) => p?.id === id);
    if (provider !== undefined) present.push({ source, rank, provider });
  });
  if (present.length === 0) fail(`no source has provider "${id}"`);
  const newest = present.at(-1).provider;
  const ids = [];
  const seen = new Set();
  for (const { provider } of [...present].reverse()) {
    for (const model of provider.models) if (!seen.has(model.id)) seen.add(model.id), ids.push(model.id);
  }
  const models = ids.map((modelId) => {
    const listed = present
      .map(({ source, rank, provider }) => ({ source, rank, model: provider.models.find((m) => m.id === modelId) }))
      .filter((c) => c.model !== undefined);
    const winner = listed.reduce((best, c) => (compareLists(c, best) > 0 ? c : best));
    const matches = [];
    for (const { model } of listed) if (!matches.some((m) => JSON.stringify(m) === JSON.stringify(model.match))) matches.push(model.match);
    describeMerge(`${id}/${modelId}`, listed, winner, report);
    return { ...winner.model, match: matches.length === 1 ? matches[0] : { or: matches } };
  });
  return { source: newest, models };
}

/**
 * Puts every model before the models whose rule accepts its id, so a family's prefix rule
 * (`claude-opus-5` for `claude-opus-5*`) never prices a model a source lists by name, dated
 * snapshots included (the lookup takes the first model whose rule accepts a name). Otherwise the
 * order stays. Returns how many models moved.
 */
function orderListedBeforeRules(provider, report) {
  const models = provider.models;
  const accepts = models.map((model) => compileForOrder(model.match));
  const emitted = new Set();
  const visiting = new Set();
  const ordered = [];
  const visit = (i) => {
    if (emitted.has(i) || visiting.has(i)) return; // a cycle keeps the source order
    visiting.add(i);
    models.forEach((other, j) => {
      if (j !== i && accepts[i](other.id.toLowerCase())) visit(j);
    });
    visiting.delete(i);
    emitted.add(i);
    ordered.push(models[i]);
  };
  models.forEach((_, i) => visit(i));
  let moved = 0;
  ordered.forEach((model, i) => {
    const before = models.indexOf(model);
    if (before > i) {
      moved++;
      report.push(`order: ${provider.id}/${model.id} moved before a rule that accepts its name`);
    }
  });
  provider.models = ordered;
  return moved;
}

function compileForOrder(clause) {
  if ('equals' in clause) return (name) => name === clause.equals;
  if ('starts_with' in clause) return (name) => name.startsWith(clause.starts_with);
  if ('ends_with' in clause) return (name) => name.endsWith(clause.ends_with);
  if ('contains' in clause) return (name) => name.includes(clause.contains);
  if ('regex' in clause) {
    const pattern = new RegExp(clause.regex, 'i');
    return (name) => pattern.test(name);
  }
  const parts = (clause.or ?? clause.and).map(compileForOrder);
  return 'or' in clause ? (name) => parts.some((p) => p(name)) : (name) => parts.every((p) => p(name));
}

// LiteLLM modes of token-priced calls; images, audio, moderation and rerank are priced otherwise.
const LITELLM_TOKEN_MODES = new Set([undefined, 'chat', 'completion', 'responses', 'embedding']);
// LiteLLM's per-token keys -> ours; `<key>_above_<N>k_tokens` give long-context tiers.
const LITELLM_FIELDS = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cacheReadInput',
  cache_creation_input_token_cost: 'cacheWrite5mInput',
};

/**
 * Models of the major providers that only LiteLLM lists (no genai-prices model accepts the name),
 * with LiteLLM's prices, after the provider's own models: every model a source lists is priced,
 * and none of genai-prices' models changes.
 */
function addLiteLLMOnlyModels(providers, litellm, report, notes) {
  let count = 0;
  for (const provider of providers) {
    const check = CROSS_CHECK[provider.id];
    if (check === undefined) continue;
    const accepts = provider.models.map((model) => compileForOrder(normalizeClause(model.match)));
    const seen = new Set();
    for (const [key, record] of Object.entries(litellm)) {
      if (!check.litellmProviders.includes(record?.litellm_provider) || !LITELLM_TOKEN_MODES.has(record.mode)) continue;
      const prefix = check.prefixes.find((p) => p !== '' && key.startsWith(p)) ?? '';
      const name = key.slice(prefix.length).toLowerCase();
      if (name.includes('/') || seen.has(name) || accepts.some((accept) => accept(name))) continue;
      const price = convertLiteLLM(record);
      if (price === undefined) continue;
      if (provider.id === 'anthropic' && price.cacheWrite5mInput !== undefined) {
        price.cacheWrite1hInput = deriveTiered(price.input, ANTHROPIC_1H_WRITE_TO_INPUT);
      }
      seen.add(name);
      provider.models.push({ id: name, match: { equals: name }, prices: orderFields(price) });
      report.push(`source: ${provider.id}/${name} only in LiteLLM`);
      count++;
    }
  }
  notes.push(`LiteLLM: ${count} models of the major providers no genai-prices model prices`);
}

/** A LiteLLM record's token prices per 1M, long-context tiers included; undefined without both totals. */
function convertLiteLLM(record) {
  if (typeof record.input_cost_per_token !== 'number' || typeof record.output_cost_per_token !== 'number') return undefined;
  const price = {};
  for (const [key, ours] of Object.entries(LITELLM_FIELDS)) {
    if (typeof record[key] !== 'number') continue;
    const tiers = [];
    for (const [other, value] of Object.entries(record)) {
      const above = other.startsWith(`${key}_above_`) ? /^_above_(\d+)k_tokens$/.exec(other.slice(key.length)) : null;
      if (above !== null && typeof value === 'number') tiers.push({ start: Number(above[1]) * 1000, price: perMillion(value) });
    }
    const base = perMillion(record[key]);
    price[ours] = tiers.length === 0 ? base : { base, tiers: tiers.sort((a, b) => a.start - b.start) };
  }
  return price;
}

/** > 0 when a's price list is newer: its latest start date, then its source's rank. */
function compareLists(a, b) {
  const dateA = latestStartDate(a.model.prices);
  const dateB = latestStartDate(b.model.prices);
  if (dateA !== dateB) return dateA > dateB ? 1 : -1;
  return a.rank - b.rank;
}

function latestStartDate(prices) {
  if (!Array.isArray(prices)) return '';
  return prices.reduce((latest, p) => (p.constraint?.start_date !== undefined && p.constraint.start_date > latest ? p.constraint.start_date : latest), '');
}

function describeMerge(where, listed, winner, report) {
  if (listed.length === 1) {
    report.push(`source: ${where} only in ${listed[0].source.name}`);
    return;
  }
  // Compared in our shape: fields the table does not carry (storage searches, ...) are no conflict.
  const ours = listed.map((c) => JSON.stringify(convertPrices(where.split('/')[0], c.model, [])));
  if (ours.every((p) => p === ours[0])) return;
  const describe = (c, i) => `${c.source.name} (latest change ${latestStartDate(c.model.prices) || 'none'}: ${ours[i]})`;
  const others = listed.flatMap((c, i) => (c === winner ? [] : [describe(c, i)]));
  report.push(`conflict: ${where}: took ${describe(winner, listed.indexOf(winner))} over ${others.join(', ')}`);
}

function summarizeSources(sources, report, notes) {
  for (const source of sources) {
    const only = report.filter((line) => line.startsWith('source: ') && line.endsWith(` only in ${source.name}`)).length;
    notes.push(`${source.name} (${source.date}): ${only} models no other source lists`);
  }
  notes.push(`${report.filter((line) => line.startsWith('conflict: ')).length} models priced differently by the sources (--report lists them)`);
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
    const price = orderFields({ ...entry.price });
    if (existing !== undefined) {
      // A dated entry in the source's list: calls before its date keep the source's prices.
      if (entry.from === undefined) fail(`override ${entry.provider}/${entry.model}: a source lists this model; give "from", the date its price is in force from`);
      const list = Array.isArray(existing.prices) ? existing.prices : [{ price: existing.prices }];
      const at = list.findIndex((item) => item.from !== undefined && item.from > entry.from);
      list.splice(at < 0 ? list.length : at, 0, { from: entry.from, price });
      existing.prices = list;
      existing.match = { or: [exact, existing.match] };
      existing.override = true;
      notes.push(`override ${entry.provider}/${entry.model}: in force from ${entry.from}, earlier prices kept`);
    } else {
      provider.models.unshift({ id: entry.model, match: exact, prices: price, override: true });
      notes.push(`override ${entry.provider}/${entry.model}: added before the source's models`);
    }
  }
}

/**
 * OpenAI flex / priority / Batch prices from LiteLLM (genai-prices has none). LiteLLM gives them
 * for the latest standard price only, as fixed ratios to it (flex and Batch half, priority 1.75-2×),
 * so each ratio is applied to every dated price of the model and to every long-context tier; a
 * cache price LiteLLM lacks for a tier takes the tier's input ratio (OpenAI discounts cached input
 * alike).
 */
function addServiceTiers(openai, litellm, notes) {
  let count = 0;
  for (const model of openai.models) {
    const record = findLiteLLM(litellm, [model.id, ...exactNames(model.match)], ['openai'], ['']);
    if (record === undefined) continue;
    const entries = Array.isArray(model.prices) ? model.prices.map((item) => item.price) : [model.prices];
    for (const [variant, keys] of Object.entries(TIER_KEYS)) {
      const ratio = tierRatios(record, keys);
      if (ratio === undefined) continue;
      for (const price of entries) {
        const tier = { input: scale(price.input, ratio.input), output: scale(price.output, ratio.output) };
        if (price.cacheReadInput !== undefined) tier.cacheReadInput = scale(price.cacheReadInput, ratio.cacheRead);
        if (price.cacheWrite5mInput !== undefined) tier.cacheWrite5mInput = scale(price.cacheWrite5mInput, ratio.cacheWrite);
        if (price.cacheWrite1hInput !== undefined) tier.cacheWrite1hInput = scale(price.cacheWrite1hInput, ratio.cacheWrite);
        price[variant] = tier;
      }
      count++;
    }
  }
  notes.push(`added ${count} OpenAI flex/priority/batch price sets from LiteLLM ratios`);
}

/** A tier's prices over the standard ones in one LiteLLM record; undefined without input and output. */
function tierRatios(record, keys) {
  const ratio = (tierKey, baseKey) => {
    const tier = record[tierKey];
    const base = record[baseKey];
    return typeof tier === 'number' && typeof base === 'number' && base > 0 ? tier / base : undefined;
  };
  const input = ratio(keys.input, 'input_cost_per_token');
  const output = ratio(keys.output, 'output_cost_per_token');
  if (input === undefined || output === undefined) return undefined;
  return {
    input,
    output,
    cacheRead: ratio(keys.cacheRead, 'cache_read_input_token_cost') ?? input,
    cacheWrite: ratio(keys.cacheWrite, 'cache_creation_input_token_cost') ?? input,
  };
}

function scale(price, factor) {
  return deriveTiered(price, factor);
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

function render(table, { sources, asOf, litellmFile }) {
  const json = JSON.stringify(table);
  const origin = sources.map((source) => `${source.name} (${source.date})`).join(' and ');
  return [
    '// Generated by scripts/generate-prices.mjs: do not edit by hand. Change the script,',
    '// scripts/price-sources/ or scripts/price-overrides.json and run `node scripts/generate-prices.mjs`.',
    '//',
    `// Source: ${SOURCE_NAME} (MIT), as of ${asOf}, merged from ${origin};`,
    `// OpenAI flex/priority/batch prices and the cross-check: LiteLLM (MIT), ${litellmFile}.`,
    '// See THIRD_PARTY_NOTICES.md. Prices in USD per 1M tokens (per 1000 for *PerThousand).',
    '//',
    '// The table is one JSON string: importing this module scans a string literal, and',
    '// src/pricing/bundled-price-table.ts parses it on the first price lookup.',
    '',
    '/** Where the bundled prices come from. */',
    `export const BUNDLED_PRICES_SOURCE = ${JSON.stringify(`${SOURCE_NAME} (${sources.map((s) => s.name).join(', ')}), LiteLLM, scripts/price-overrides.json`)};`,
    '/** The date of the newest source data the bundled prices were generated from. */',
    `export const BUNDLED_PRICES_AS_OF = '${asOf}';`,
    '/** The bundled table\'s version: source and date, plus a hash of the generated data. */',
    `export const BUNDLED_PRICES_VERSION = '${table.version}';`,
    '/** The bundled table as JSON (a `PriceData` document); typed `string` so declarations stay small. */',
    `export const BUNDLED_PRICES_JSON: string = ${JSON.stringify(json)};`,
    '',
  ].join('\n');
}

/** A source's date: the first YYYY-MM-DD in its row of scripts/price-sources/README.md. */
function readSourceDate(name) {
  if (!existsSync(sourcesReadme)) return undefined;
  const row = readFileSync(sourcesReadme, 'utf8')
    .split('\n')
    .find((line) => line.startsWith('|') && line.includes(name));
  return row?.match(/\d{4}-\d{2}-\d{2}/)?.[0];
}

function isDate(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
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
