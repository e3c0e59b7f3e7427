/**
 * `npm run bench [-- --quick] [-- --reps N] [-- --modes a,b] [-- --no-callgrind | --callgrind-only] [-- --profile]`
 *
 * Measures what instrumentation costs the app's calls (issue 9): a fresh Node process per mode and
 * repetition (bench/client.cjs), modes shuffled within each repetition, against the test suite's
 * fake provider in a separate process (bench/provider.ts). Figures are medians over repetitions;
 * added costs are medians of per-repetition differences to the same repetition's baseline, and
 * an A/A pair (baseline against an identical baseline) shows how much of a difference is noise.
 * CPU per call is also counted in instructions under `valgrind --tool=callgrind`, which repeats
 * to well under 1% where time does not.
 *
 * Peers are installed at run time into bench/.work/ (gitignored), each on the SDK it supports; one
 * that fails to install is reported as skipped. Writes bench/results.md (full run) or
 * bench/.work/results-quick.md (--quick) and prints the same Markdown.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const WORK = join(BENCH, '.work');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const QUICK = flag('quick');

/** Each peer on the newest release that runs on Node 20 and supports the SDKs in bench/.work/sdk. */
const SDKS = ['openai@6.49.0', '@anthropic-ai/sdk@1.12.0'];
const PEERS = {
  // 0.22 moved to OTel JS 3.x and needs Node >= 22.15; 0.21 is the last for Node 20. openai >=4.19 <7.
  'otel-contrib': ['@opentelemetry/instrumentation-openai@0.21.0'],
  // openai >=4 <7; @anthropic-ai/sdk >=0.9.1.
  traceloop: ['@traceloop/instrumentation-openai@0.27.0', '@traceloop/instrumentation-anthropic@0.27.0'],
  // openai ^5 || ^6 || ^7; @anthropic-ai/sdk any.
  openinference: [
    '@arizeai/openinference-instrumentation-openai@4.2.7',
    '@arizeai/openinference-instrumentation-anthropic@0.2.8',
  ],
};
const PER_CALL_WORKLOADS = ['chat', 'stream', 'embeddings', 'anthropic', 'anthropic-stream', 'burst'];
const SIZES = QUICK
  ? {
      chat: { calls: 200, warmup: 100 },
      stream: { calls: 20, warmup: 10 },
      embeddings: { calls: 100, warmup: 50 },
      anthropic: { calls: 100, warmup: 50 },
      'anthropic-stream': { calls: 20, warmup: 10 },
      burst: { calls: 1000, rounds: 2 },
      sustained: { rate: 1000, seconds: 2 },
      memory: { calls: 3000 },
    }
  : {
      chat: { calls: 1000, warmup: 500 },
      stream: { calls: 100, warmup: 50 },
      embeddings: { calls: 500, warmup: 200 },
      anthropic: { calls: 500, warmup: 200 },
      'anthropic-stream': { calls: 100, warmup: 50 },
      burst: { calls: 1000, rounds: 3 },
      sustained: { rate: 1000, seconds: 20 },
      memory: { calls: 100_000 },
    };
const CALLGRIND_ONLY = flag('callgrind-only');
const REPS = CALLGRIND_ONLY ? 0 : Number(option('reps') ?? (QUICK ? 2 : 6));
const CALLGRIND = !QUICK && !flag('no-callgrind');

function log(line) {
  process.stderr.write(`${line}\n`);
}

// ---- setup: SDKs and peers in bench/.work

function installInto(dir, packages) {
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  const wanted = JSON.stringify(packages);
  const marker = join(dir, '.installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
  if (!existsSync(manifest)) writeFileSync(manifest, '{"private":true}\n');
  execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  writeFileSync(marker, wanted);
}

function installAll(requestedModes) {
  installInto(join(WORK, 'sdk'), SDKS);
  const skipped = {};
  for (const [mode, packages] of Object.entries(PEERS)) {
    if (!requestedModes.includes(mode)) continue;
    try {
      installInto(join(WORK, 'peers', mode), packages);
    } catch (error) {
      const reason = String(error.stderr ?? error.message).split('\n').find((l) => l.trim()) ?? 'npm install failed';
      skipped[mode] = reason.slice(0, 160);
      log(`skipping ${mode}: ${skipped[mode]}`);
    }
  }
  return skipped;
}

// ---- processes

async function startProvider() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'provider.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench provider exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  return { env: JSON.parse(first), stop: () => child.stdin.end() };
}

function runClient(env, mode, workloads, { nodeArgs = [], wrapper = [] } = {}) {
  const config = JSON.stringify({ mode, env, workloads, sizes: SIZES });
  const argv = [...wrapper, process.execPath, '--expose-gc', ...nodeArgs, join(BENCH, 'client.cjs'), config];
  const result = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = result.stdout?.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (line === undefined) {
    const lines = (result.stderr ?? '').split('\n');
    const reason = lines.find((l) => /Error\b/.test(l)) ?? lines.filter(Boolean).pop() ?? '';
    return { mode, failed: `exit ${result.status ?? result.signal}: ${reason.trim().slice(0, 200)}` };
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}

function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// ---- statistics

const median = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

/** runs[mode] = array of per-rep results; returns per mode per workload the median of each field. */
function summarize(runs, workload, field) {
  const out = {};
  for (const [mode, reps] of Object.entries(runs)) out[mode] = median(reps.map((r) => r.results?.[workload]?.[field]));
  return out;
}

/** Median over repetitions of (mode − baseline) within the same repetition. */
function pairedAdded(runs, mode, workload, field) {
  const base = runs.baseline ?? [];
  const diffs = [];
  for (let i = 0; i < Math.min(base.length, runs[mode]?.length ?? 0); i++) {
    const a = runs[mode][i].results?.[workload]?.[field];
    const b = base[i].results?.[workload]?.[field];
    if (typeof a === 'number' && typeof b === 'number') diffs.push(a - b);
  }
  return median(diffs);
}

// ---- callgrind: instructions per call, from two call counts so start-up and warm-up cancel

function instructionsOf(file) {
  const text = readFileSync(file, 'utf8');
  const match = /^(?:summary|totals):\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

function runCallgrind(env) {
  const has = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (has.status !== 0) return { skipped: 'valgrind not installed (apt-get install -y valgrind)' };
  // Warm-up long enough for V8 to have compiled the hot paths before either count starts.
  const plans = {
    chat: { warmup: 200, counts: [50, 250], modes: ['baseline', 'baseline-aa', 'ours', 'ours-noexport'] },
    stream: { warmup: 10, counts: [5, 15], modes: ['baseline', 'ours'] },
  };
  const rows = {};
  for (const [workload, { warmup, counts, modes }] of Object.entries(plans)) {
    for (const mode of modes) {
      const totals = [];
      for (const calls of counts) {
        const out = join(WORK, `callgrind.${mode}.${workload}.${calls}.out`);
        const savedSizes = SIZES[workload];
        SIZES[workload] = { calls, warmup };
        const result = runClient(env, mode, [workload], {
          // One V8 thread: no concurrent compiler or GC threads, so counts repeat run to run.
          nodeArgs: ['--single-threaded'],
          wrapper: ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, '--smc-check=all-non-file'],
        });
        SIZES[workload] = savedSizes;
        if (result.failed) return { skipped: `callgrind run failed: ${result.failed}` };
        totals.push(instructionsOf(out));
      }
      rows[workload] ??= {};
      rows[workload][mode] = (totals[1] - totals[0]) / (counts[1] - counts[0]);
      log(`callgrind ${workload} ${mode}: ${Math.round(rows[workload][mode])} instructions/call`);
    }
  }
  return { rows, plans };
}

// ---- --profile: node --cpu-prof on the ours mode, self time summed per function

function runProfile(env) {
  const dir = join(WORK, 'profile');
  rmSync(dir, { recursive: true, force: true });
  const saved = SIZES.chat;
  SIZES.chat = { calls: 3000, warmup: 300 };
  const result = runClient(env, 'ours', ['chat'], { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  SIZES.chat = saved;
  if (result.failed) return `profile run failed: ${result.failed}`;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  samples.forEach((id, i) => {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.includes('/dist/cjs/') ? `ours ${url.split('/dist/cjs/')[1]}:${lineNumber + 1}`
      : url.includes('node_modules/') ? url.split('node_modules/').pop().split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/')
      : url === '' ? '(native)' : url.startsWith('node:') ? `node:${url.replace(/^.*\//, '')}` : url.replace(/^.*\//, '');
    const key = `${functionName || '(anonymous)'} · ${where}`;
    const dt = timeDeltas[i] ?? 0;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const ours = [...self].filter(([k]) => k.includes(' · ours ')).sort((a, b) => b[1] - a[1]);
  const byPackage = new Map();
  for (const [key, value] of self) {
    const where = key.split(' · ')[1];
    const pkg = where.startsWith('ours ') ? 'infraprism (ours)' : where.startsWith('node:') ? 'node internals' : where === '(native)' ? key.split(' · ')[0] : where.includes('.') ? 'bench client' : where;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + value);
  }
  const oursTotal = ours.reduce((sum, [, v]) => sum + v, 0);
  const top = (rows) => rows.slice(0, 12).map(([k, v]) => `| ${k} | ${(v / 1000).toFixed(1)} | ${((v / total) * 100).toFixed(2)}% |`);
  return [
    `Profile of 3,300 calls (300 warm-up) with export: ${file} in bench/.work/profile (open in Chrome DevTools). Self time in our own code: ${(oursTotal / 1000).toFixed(1)} ms of ${(total / 1000).toFixed(0)} ms sampled (${((oursTotal / total) * 100).toFixed(2)}%), ${(oursTotal / 3300).toFixed(1)} µs per call; the OpenTelemetry SDK's share (span objects, batch processor, OTLP serialization) is in the package table.`,
    '',
    '| hottest functions in our code | self ms | share |',
    '|---|---:|---:|',
    ...top(ours),
    '',
    '| self time by package | self ms | share |',
    '|---|---:|---:|',
    ...top([...byPackage].sort((a, b) => b[1] - a[1])),
    '',
    '| hottest functions overall | self ms | share |',
    '|---|---:|---:|',
    ...top([...self].sort((a, b) => b[1] - a[1])),
  ].join('\n');
}

// ---- optional: price lookups/s from i6's bench, when present

function runPriceLookups() {
  for (const name of ['price-lookups.mjs', 'price-lookups.ts', 'price-lookups.js']) {
    const file = join(BENCH, name);
    if (!existsSync(file)) continue;
    const argv = name.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
    const result = spawnSync(process.execPath, [...argv, ...(QUICK ? ['--quick'] : [])], { cwd: ROOT, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : `price-lookups failed: ${result.stderr.trim().split('\n').pop()}`;
  }
  return undefined;
}

// ---- formatting

const fmt = (value, digits = 0) => (value === undefined || value === null ? '–' : Number(value).toFixed(digits));
const signed = (value, digits = 0) =>
  value === undefined ? '–' : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;

function identity(runs, mode, workload) {
  const first = (m) => runs[m]?.find((r) => r.results?.[workload])?.results[workload];
  const error = runs[mode]?.find((r) => r.results?.[workload]?.error)?.results[workload].error;
  if (error) return `**BROKEN**: ${error}`;
  const mine = first(mode);
  const base = first('baseline');
  if (!mine || !base) return '–';
  return mine.chunks === base.chunks && mine.hash === base.hash ? 'identical' : `**BROKEN** (${mine.chunks} chunks, ${mine.hash})`;
}

function instrumented(runs, mode, workload) {
  // These modes export nothing by design; zero spans at the receiver says nothing about them.
  if (['baseline', 'baseline-aa', 'ours-noexport', 'context-only'].includes(mode)) return '';
  const spans = summarize(runs, workload, 'spansPerCall')[mode];
  if (spans === undefined) return '';
  if (spans === 0) return ' (not instrumented)';
  return '';
}

function perCallTable(runs, workload) {
  const cpu = summarize(runs, workload, 'cpuPerCallUs');
  const p50 = summarize(runs, workload, 'p50Ms');
  const p99 = summarize(runs, workload, 'p99Ms');
  const ttfc = summarize(runs, workload, 'ttfcP50Ms');
  const spans = summarize(runs, workload, 'spansPerCall');
  const isStream = workload.endsWith('stream');
  const aa = pairedAdded(runs, 'baseline-aa', workload, 'cpuPerCallUs');
  const aaTtfc = pairedAdded(runs, 'baseline-aa', workload, 'ttfcP50Ms');
  const lines = [
    `| mode | CPU µs/call | added CPU µs/call (A/A ${signed(aa)}) | ratio | p50 ms | p99 ms |${isStream ? ` TTFC p50 ms (A/A ${signed(aaTtfc, 3)}) | added CPU µs/chunk |` : ''}${workload === 'burst' ? '' : ' spans/call |'} caller's results |`,
    `|---|---:|---:|---:|---:|---:|${isStream ? '---:|---:|' : ''}${workload === 'burst' ? '' : '---:|'}---|`,
  ];
  for (const mode of Object.keys(runs)) {
    if (cpu[mode] === undefined) {
      const broken = identity(runs, mode, workload);
      if (broken.startsWith('**BROKEN**')) lines.push(`| ${mode} | – | – | – | – | – |${isStream ? ' – | – |' : ''}${workload === 'burst' ? '' : ' – |'} ${broken} |`);
      continue;
    }
    const added = mode === 'baseline' ? undefined : pairedAdded(runs, mode, workload, 'cpuPerCallUs');
    const chunks = runs.baseline?.[0]?.results?.[workload]?.chunks;
    const cells = [
      `${mode}${instrumented(runs, mode, workload)}`,
      fmt(cpu[mode]),
      mode === 'baseline' ? '—' : signed(added),
      cpu.baseline ? `${fmt(cpu[mode] / cpu.baseline, 3)}×` : '–',
      fmt(p50[mode], 2),
      fmt(p99[mode], 2),
    ];
    if (isStream) {
      const ratio = ttfc.baseline ? ` (${fmt(ttfc[mode] / ttfc.baseline, 3)}×)` : '';
      cells.push(`${fmt(ttfc[mode], 3)}${mode === 'baseline' ? '' : ratio}`);
      cells.push(mode === 'baseline' || !chunks ? '—' : signed(added / chunks, 2));
    }
    if (workload !== 'burst') cells.push(fmt(spans[mode], 2));
    cells.push(mode === 'baseline' ? 'reference' : identity(runs, mode, workload));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function sustainedTable(results) {
  const lines = [
    '| mode | calls/s reached | CPU µs/call | added CPU µs/call | event-loop delay p99 ms | max ms | spans/s exported | spans/call | heap growth MB | RSS growth MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const base = results.baseline?.results?.sustained;
  for (const [mode, run] of Object.entries(results)) {
    const r = run.results?.sustained;
    if (!r || r.error) {
      lines.push(`| ${mode} | **BROKEN**: ${r?.error ?? run.failed ?? '?'} |||||||||`);
      continue;
    }
    lines.push(
      `| ${mode} | ${fmt(r.achievedRate)} | ${fmt(r.cpuPerCallUs)} | ${mode === 'baseline' || !base ? '—' : signed(r.cpuPerCallUs - base.cpuPerCallUs)} | ${fmt(r.loopDelayP99Ms, 2)} | ${fmt(r.loopDelayMaxMs, 1)} | ${fmt(r.spansPerSec)} | ${fmt(r.spansPerCall, 2)} | ${signed(r.heapGrowthMB, 1)} | ${signed(r.rssGrowthMB, 1)} |`,
    );
  }
  return lines.join('\n');
}

function memoryTable(results) {
  const lines = [
    '| mode | calls | heap after gc MB | heap growth 10%→100% MB | of which 50%→100% | RSS growth 10%→100% MB | of which 50%→100% |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [mode, run] of Object.entries(results)) {
    const r = run.results?.memory;
    if (!r || r.error) {
      lines.push(`| ${mode} | **BROKEN**: ${r?.error ?? run.failed ?? '?'} ||||||`);
      continue;
    }
    lines.push(
      `| ${mode} | ${r.calls} | ${fmt(r.heapMB, 1)} | ${signed(r.heapGrowthMB, 2)} | ${signed(r.heapGrowthSecondHalfMB, 2)} | ${signed(r.rssGrowthMB, 1)} | ${signed(r.rssGrowthSecondHalfMB, 1)} |`,
    );
  }
  return lines.join('\n');
}

function callgrindTable(callgrind, nsPerInstruction) {
  if (callgrind.skipped) return `Skipped: ${callgrind.skipped}.`;
  const lines = [
    '| workload | baseline instructions/call | A/A: second baseline | ours instructions/call | added instructions/call | added ≈ µs/call at this run\'s ns/instruction | ours-noexport: added instructions/call | ≈ µs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [workload, row] of Object.entries(callgrind.rows)) {
    const added = row.ours - row.baseline;
    const aa = row['baseline-aa'];
    lines.push(
      `| ${workload} | ${fmt(row.baseline)} | ${aa === undefined ? '–' : `${fmt(aa)} (${signed((aa / row.baseline - 1) * 100, 2)}%)`} | ${fmt(row.ours)} | ${signed(added)} (${fmt((row.ours / row.baseline - 1) * 100, 1)}%) | ${nsPerInstruction ? signed((added * nsPerInstruction) / 1000, 1) : '–'} | ${row['ours-noexport'] === undefined ? '–' : signed(row['ours-noexport'] - row.baseline)} | ${row['ours-noexport'] !== undefined && nsPerInstruction ? signed(((row['ours-noexport'] - row.baseline) * nsPerInstruction) / 1000, 1) : '–'} |`,
    );
  }
  lines.push(
    '',
    `Instructions counted by \`valgrind --tool=callgrind\` over the whole client process (\`node --single-threaded\`), run at ${Object.values(callgrind.plans).map((p) => p.counts.join(' and ')).join(' / ')} calls after the same warm-up; per call = difference / difference, so start-up, warm-up and flushes cancel.`,
  );
  return lines.join('\n');
}

function verdict(ok) {
  return ok === undefined ? 'not measured' : ok ? '**met**' : '**missed**';
}

function targets(runs, sustained, memory, callgrind, nsPerInstruction) {
  const lines = [];
  const addedChat = pairedAdded(runs, 'ours', 'chat', 'cpuPerCallUs');
  const aaChat = pairedAdded(runs, 'baseline-aa', 'chat', 'cpuPerCallUs');
  const peerAdded = Object.keys(PEERS)
    .map((m) => [m, pairedAdded(runs, m, 'chat', 'cpuPerCallUs')])
    .filter(([, v]) => v !== undefined);
  const lightest = peerAdded.sort((a, b) => a[1] - b[1])[0];
  const cgAdded = callgrind.rows?.chat ? callgrind.rows.chat.ours - callgrind.rows.chat.baseline : undefined;
  const cgMicros = cgAdded !== undefined && nsPerInstruction ? (cgAdded * nsPerInstruction) / 1000 : undefined;
  // Judged on time: with this many repetitions its A/A is far below callgrind's run-to-run spread.
  const bestEstimate = addedChat;
  lines.push(
    `- Added CPU per non-streaming call under 30 µs: ${fmt(addedChat)} µs by time (A/A ${signed(aaChat)} µs)${cgMicros !== undefined ? `, ${fmt(cgMicros, 1)} µs by instructions (${fmt(cgAdded)} instructions)` : ''} → ${verdict(bestEstimate === undefined ? undefined : bestEstimate < 30)}${bestEstimate !== undefined && bestEstimate >= 30 ? ` by ${fmt(bestEstimate - 30)} µs (${fmt(bestEstimate / 30, 1)}× the target)` : ''}.`,
  );
  if (lightest) {
    lines.push(
      `- At most half of the lightest peer's (${lightest[0]}, ${fmt(lightest[1])} µs): ours ${fmt(addedChat)} µs = ${fmt((addedChat / lightest[1]) * 100)}% of it → ${verdict(addedChat <= lightest[1] / 2)}.`,
    );
  }
  const ttfc = summarize(runs, 'stream', 'ttfcP50Ms');
  const ttfcAa = ttfc['baseline-aa'] && ttfc.baseline ? ttfc['baseline-aa'] / ttfc.baseline : undefined;
  if (ttfc.ours && ttfc.baseline) {
    const ratio = ttfc.ours / ttfc.baseline;
    lines.push(
      `- Time to first chunk within 2% of baseline: ${fmt((ratio - 1) * 100, 1)}% (A/A ${ttfcAa ? fmt((ttfcAa - 1) * 100, 1) : '–'}%) → ${verdict(ratio <= 1.02)}.`,
    );
  }
  const chunks = runs.baseline?.[0]?.results?.stream?.chunks;
  const streamAdded = pairedAdded(runs, 'ours', 'stream', 'cpuPerCallUs');
  if (chunks && streamAdded !== undefined && addedChat !== undefined) {
    const perChunk = (streamAdded - addedChat) / chunks;
    const cg = callgrind.rows?.stream && callgrind.rows?.chat && nsPerInstruction
      ? (((callgrind.rows.stream.ours - callgrind.rows.stream.baseline) - cgAdded) / chunks) * nsPerInstruction / 1000
      : undefined;
    const best = perChunk;
    lines.push(
      `- Added CPU per chunk under 1 µs ((stream − non-stream added CPU) / ${chunks} chunks): ${fmt(perChunk, 2)} µs by time${cg !== undefined ? `, ${fmt(cg, 2)} µs by instructions` : ''} → ${verdict(best < 1)}.`,
    );
  }
  const loop = sustained.ours?.results?.sustained;
  if (loop) {
    const base = sustained.baseline?.results?.sustained;
    lines.push(
      `- Event-loop delay p99 at 1,000 calls/s with export under 5 ms: ${fmt(loop.loopDelayP99Ms, 2)} ms (baseline ${fmt(base?.loopDelayP99Ms, 2)} ms) → ${verdict(loop.loopDelayP99Ms < 5)}.`,
    );
  }
  const mem = memory.ours?.results?.memory;
  if (mem) {
    const base = memory.baseline?.results?.memory;
    lines.push(
      `- Memory flat after ${mem.calls} calls: heap ${signed(mem.heapGrowthSecondHalfMB, 2)} MB over the second half (baseline ${signed(base?.heapGrowthSecondHalfMB, 2)} MB) → ${verdict(mem.heapGrowthSecondHalfMB - (base?.heapGrowthSecondHalfMB ?? 0) < 1)} (bound: 1 MB over baseline; the span queue holds at most 1,000 spans).`,
    );
  }
  return lines.join('\n');
}

// ---- main

async function main() {
  const started = Date.now();
  const allModes = ['baseline', 'baseline-aa', 'ours', 'ours-nometrics', ...(QUICK ? [] : ['ours-noexport']), ...Object.keys(PEERS)];
  const requested = option('modes')?.split(',') ?? allModes;
  for (const needed of ['baseline', 'baseline-aa']) if (!requested.includes(needed)) requested.unshift(needed);
  if (!existsSync(join(ROOT, 'dist/cjs/index.js'))) throw new Error('run `npm run build` first (npm run bench does)');
  log('installing the SDKs and peers into bench/.work (once) ...');
  const skipped = installAll(requested);
  const modes = requested.filter((m) => skipped[m] === undefined);
  const provider = await startProvider();
  try {
    const runs = Object.fromEntries(modes.map((m) => [m, []]));
    const failures = [];
    // --quick saves process start-ups: the first repetition's processes also run the long workloads.
    const tail = QUICK ? ['sustained', 'memory'] : [];
    for (let rep = 0; rep < REPS; rep++) {
      for (const mode of shuffled(modes)) {
        const result = runClient(provider.env, mode, rep === 0 ? [...PER_CALL_WORKLOADS, ...tail] : PER_CALL_WORKLOADS);
        if (result.failed) failures.push(`${mode} rep ${rep + 1}: ${result.failed}`);
        runs[mode].push(result);
      }
      log(`repetition ${rep + 1}/${REPS} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    const sustained = {};
    const memory = {};
    if (QUICK) {
      for (const mode of modes) sustained[mode] = memory[mode] = runs[mode][0];
    } else if (!CALLGRIND_ONLY) {
      for (const mode of shuffled(modes)) sustained[mode] = runClient(provider.env, mode, ['sustained']);
      log(`sustained done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      // 100,000 calls take a minute per mode; the A/A twin adds nothing a second baseline would tell.
      for (const mode of shuffled(modes.filter((m) => m !== 'baseline-aa' && m !== 'ours-noexport'))) memory[mode] = runClient(provider.env, mode, ['memory']);
      log(`memory done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    const profile = flag('profile') ? runProfile(provider.env) : undefined;
    const callgrind = CALLGRIND ? runCallgrind(provider.env) : { skipped: QUICK ? 'not in --quick' : 'disabled by --no-callgrind' };
    // ns per instruction from this run's baseline, to put the instruction counts in µs.
    const baseCpu = summarize(runs, 'chat', 'cpuPerCallUs').baseline;
    const nsPerInstruction = callgrind.rows?.chat && baseCpu ? (baseCpu * 1000) / callgrind.rows.chat.baseline : undefined;
    const prices = runPriceLookups();
    const anthropicOurs = runs.ours?.find((r) => r.anthropicInstrumented !== undefined)?.anthropicInstrumented;
    const wall = (Date.now() - started) / 1000;

    const cpu = cpus();
    const md = [
      `# Benchmark results${QUICK ? ' (quick)' : ''}`,
      '',
      `${new Date().toISOString().slice(0, 10)} · ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'} · ${(totalmem() / 2 ** 30).toFixed(1)} GiB · ${platform()} ${release()} · Node ${process.version} · openai ${SDKS[0].split('@')[1]}, @anthropic-ai/sdk ${SDKS[1].split('@')[2]} · \`npm run bench${QUICK ? ' -- --quick' : ''}\` · ${REPS} repetitions × fresh process per mode, shuffled · wall time ${Math.round(wall)} s`,
      '',
      'Modes: **baseline** and **baseline-aa** (no instrumentation, twice: the A/A pair), **ours** (`init()`: traces and metrics), **ours-nometrics** (`init({ metrics: false })`: the same trace export, no metric instruments; traces only, like the peers, which get the global no-op meter provider here and record no metrics: the like-for-like row), **ours-noexport** (`init()` with an exporter that drops each batch: our instrumentation and the batch processor without OTLP serialization and HTTP), and the peers. Every other mode exports through a real BatchSpanProcessor (queue 1,000, batch 100) and OTLP/HTTP JSON to a loopback receiver in another process; CPU per call is `process.cpuUsage()` over the measured calls including the final flush, so export cost is counted. "added" is the median over repetitions of (mode − baseline of the same repetition); "A/A" is the same figure for a second, identical uninstrumented process: what noise alone produces. Peers run with their default options (some record prompts and responses; we never do).',
      '',
      ...Object.entries(skipped).map(([m, why]) => `- **${m} skipped**: ${why}`),
      ...failures.map((f) => `- failed run: ${f}`),
      anthropicOurs === false ? '- ours on Anthropic: **not instrumented** in this build (no `AnthropicInstrumentation` exported yet; issue 5).' : '',
      '',
      '## Targets',
      '',
      targets(runs, sustained, memory, callgrind, nsPerInstruction),
      '',
      '## CPU per call by instruction count (callgrind)',
      '',
      callgrindTable(callgrind, nsPerInstruction),
      '',
      ...PER_CALL_WORKLOADS.flatMap((w) => [
        `## ${TITLES[w]}`,
        '',
        perCallTable(runs, w),
        '',
      ]),
      `## Sustained ${SIZES.sustained.rate} calls/s for ${SIZES.sustained.seconds} s with export`,
      '',
      sustainedTable(sustained),
      '',
      `## Memory over ${SIZES.memory.calls} calls (heap and RSS after gc)`,
      '',
      memoryTable(memory),
      '',
      ...(prices ? ['## Price lookups', '', prices, ''] : []),
      ...(profile ? ['## Where ours spends its CPU (`--profile`: `node --cpu-prof`, ours, non-streaming chat)', '', profile, ''] : []),
    ]
      .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
      .join('\n');
    const file = QUICK || option('modes') || CALLGRIND_ONLY || option('reps') ? join(WORK, 'results-quick.md') : join(BENCH, 'results.md');
    writeFileSync(file, md);
    process.stdout.write(`${md}\n`);
    log(`written to ${file} (${Math.round(wall)} s)`);
  } finally {
    provider.stop();
  }
}

const TITLES = {
  chat: `Non-streaming chat (${SIZES.chat.calls} sequential calls per process)`,
  stream: `Streaming chat, 200 content chunks (${SIZES.stream.calls} sequential calls per process)`,
  embeddings: `Embeddings (${SIZES.embeddings.calls} sequential calls per process)`,
  anthropic: `Anthropic messages (${SIZES.anthropic.calls} sequential calls per process)`,
  'anthropic-stream': `Anthropic messages streaming, 200 content chunks (${SIZES['anthropic-stream'].calls} sequential calls per process)`,
  burst: `Burst of ${SIZES.burst.calls} concurrent chat calls (CPU per call; latency from start of the burst)`,
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
