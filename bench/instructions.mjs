/**
 * `npm run bench:instructions [-- --modes a,b] [-- --workloads chat,stream] [-- --contexts root,app]
 *   [-- --nodes 20,22,22-acf,24] [-- --reps N] [-- --smoke] [-- --out file.md]`
 *
 * What each instrumentation adds to one SDK call, in CPU instructions: one process per mode,
 * workload, context and Node (bench/instructions-client.cjs), under `valgrind --tool=callgrind` on
 * `node --single-threaded --predictable-gc-schedule --hash-seed=1 --random-seed=1`, the SDK's
 * `fetch` option answering in-process with the fake provider's replies (no socket) and no timer
 * able to fire in the measured window. After a warm-up, two stretches of calls are counted
 * separately (callgrind dumps a part at each mark); per call = the difference of the two
 * stretches' counts over the difference of their call counts, so the marks and anything a
 * stretch pays once cancel. Cold = the first call of the process alone.
 *
 * `--smoke` runs every mode once with tiny counts and no valgrind (timed marks instead): what the
 * test suite runs so the harness cannot rot. Prints Markdown (`--json`: the raw rows); `--out` also
 * writes it. Peers other than contrib come from bench/.work/peers, which `npm run bench` fills.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const WORK = join(BENCH, '.work');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const list = (name, fallback) => (option(name) ?? fallback).split(',').filter(Boolean);

export const MODES = ['baseline', 'span-only', 'floor', 'ours', 'ours-init', 'ours-init-nometrics', 'otel-contrib', 'traceloop', 'openinference'];
export const WORKLOADS = ['chat', 'stream', 'anthropic', 'embeddings'];
/** Peers installed into bench/.work/peers by `npm run bench` (bench/run.mjs); skipped when absent. */
const INSTALLED_PEERS = ['traceloop', 'openinference'];
/** Chunks in the streamed reply (bench/capture-replies.ts), for the per-chunk figure. */
const STREAM_CHUNKS = 200;

const SMOKE = flag('smoke');
/** Warm-up and the two stretches per workload: a stream call costs ~50 non-streaming ones. */
const PLANS = { chat: [200, [100, 300]], stream: [10, [5, 15]], anthropic: [200, [100, 300]], embeddings: [200, [100, 300]] };
const SMOKE_PLANS = { chat: [2, [1, 2]], stream: [1, [1, 2]], anthropic: [2, [1, 2]], embeddings: [2, [1, 2]] };
const NODE_FLAGS = ['--single-threaded', '--predictable-gc-schedule', '--hash-seed=1', '--random-seed=1', '--expose-gc'];

function log(line) {
  process.stderr.write(`${line}\n`);
}

/** Node binaries by label: the system node, and 22/24 from `npm install --prefix /tmp/nodeNN node@NN`. */
function nodeOf(label) {
  if (label === 'system') return { bin: process.execPath, flags: [] };
  const [major, acf] = label.split('-');
  const bin = major === String(process.versions.node.split('.')[0]) ? process.execPath : `/tmp/node${major}/node_modules/node/bin/node`;
  if (!existsSync(bin)) return undefined;
  return { bin, flags: acf === 'acf' ? ['--experimental-async-context-frame'] : [] };
}

function captureReplies() {
  const file = join(WORK, 'replies.json');
  if (!existsSync(file)) {
    mkdirSync(WORK, { recursive: true });
    execFileSync(process.execPath, ['--import', 'tsx', join(BENCH, 'capture-replies.ts'), file], { cwd: ROOT, stdio: 'inherit' });
  }
  return file;
}

function isAvailable(mode) {
  if (!INSTALLED_PEERS.includes(mode)) return true;
  return existsSync(join(WORK, 'peers', mode, 'node_modules'));
}

function totalsOf(file) {
  const match = /^(?:summary|totals):\s+(\d+)/m.exec(readFileSync(file, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

/** One process; returns { perCall, cold, spansPerCall } in instructions (or ns with --smoke). */
export async function measure({ mode, workload, inContext, node, replies, smoke = SMOKE, tag = '' }) {
  const [warmup, counts] = (smoke ? SMOKE_PLANS : PLANS)[workload];
  const dist = option('dist');
  const config = JSON.stringify({ mode, workload, inContext, warmup, counts, replies, ...(dist ? { dist } : {}) });
  const client = join(BENCH, 'instructions-client.cjs');
  const dir = join(WORK, 'callgrind');
  // The pid keeps runs made side by side (two --dist builds) from sharing files.
  const out = join(dir, `${mode}.${workload}.${inContext ? 'app' : 'root'}.${tag}${process.pid}.out`);
  const argv = smoke
    ? [node.bin, '--expose-gc', ...node.flags, client, config]
    : [
        'valgrind',
        '--tool=callgrind',
        `--callgrind-out-file=${out}`,
        // `process.cpuUsage()` marks the stretches; each call of its libuv function ends a part.
        '--dump-before=uv_getrusage',
        node.bin,
        ...NODE_FLAGS,
        ...node.flags,
        client,
        config,
      ];
  if (!smoke) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) if (name.startsWith(`${mode}.${workload}.${inContext ? 'app' : 'root'}.${tag}${process.pid}.out`)) rmSync(join(dir, name));
  }
  const result = await run(argv);
  const line = result.stdout?.split('\n').find((l) => l.startsWith('INSTRUCTIONS_RESULT '));
  if (line === undefined) {
    const lines = (result.stderr ?? '').split('\n').filter((l) => l && !l.startsWith('=='));
    return { failed: `exit ${result.status ?? result.signal}: ${(lines.find((l) => /Error\b/.test(l)) ?? lines.pop() ?? '').slice(0, 200)}` };
  }
  const report = JSON.parse(line.slice('INSTRUCTIONS_RESULT '.length));
  const spansPerCall = report.spansPerCall;
  const calls = counts[1] - counts[0];
  if (smoke) {
    return { perCall: (report.stretches[1] - report.stretches[0]) / calls, cold: report.cold, spansPerCall, unit: 'ns' };
  }
  // Parts, in order: start-up, the cold call, warm-up and a full GC, stretch 1, that stretch's
  // full GC, stretch 2, its full GC (the rest, after the last mark, is the final file without a
  // number). The GC after a stretch is the garbage it left: counted with it.
  const parts = [1, 2, 3, 4, 5, 6, 7].map((n) => (existsSync(`${out}.${n}`) ? totalsOf(`${out}.${n}`) : undefined));
  if (parts.some((p) => p === undefined) || existsSync(`${out}.8`)) return { failed: 'unexpected callgrind parts' };
  const [, cold, , first, firstGc, second, secondGc] = parts;
  return { perCall: (second + secondGc - first - firstGc) / calls, cold, spansPerCall, unit: 'instructions' };
}

/** One child process, collected like spawnSync's result, so that `--jobs` can run several at once. */
function run(argv) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part) => (stdout += part));
    child.stderr.on('data', (part) => (stderr += part));
    child.on('close', (status, signal) => resolve({ stdout, stderr, status, signal }));
  });
}

const fmt = (n) => (n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const signed = (n) => (n === undefined ? '–' : `${n >= 0 ? '+' : ''}${fmt(n)}`);
const ratio = (a, b) => (a === undefined || b === undefined || b <= 0 ? '–' : `${(a / b).toFixed(2)}×`);

async function main() {
  const modes = list('modes', MODES.join(',')).filter((mode) => {
    if (isAvailable(mode)) return true;
    log(`skipping ${mode}: not installed (npm run bench installs the peers into bench/.work/peers)`);
    return false;
  });
  const workloads = list('workloads', SMOKE ? WORKLOADS.join(',') : 'chat');
  const contexts = list('contexts', 'root,app');
  const nodes = list('nodes', 'system');
  const reps = Number(option('reps') ?? 1);
  if (!SMOKE && spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind not installed (apt-get install -y valgrind)');
  const replies = captureReplies();
  const jobs = [];
  for (const label of nodes) {
    const node = nodeOf(label);
    if (node === undefined) {
      log(`skipping node ${label}: /tmp/node${label.split('-')[0]} not installed`);
      continue;
    }
    const version = execFileSync(node.bin, ['--version'], { encoding: 'utf8' }).trim();
    for (const workload of workloads) {
      for (const context of contexts) {
        for (const mode of modes) {
          // Peers without an Anthropic instrumentation (contrib) have nothing to add there.
          if (mode === 'otel-contrib' && workload === 'anthropic') continue;
          for (let rep = 0; rep < reps; rep++) jobs.push({ label, node, version, workload, context, mode, rep });
        }
      }
    }
  }
  // Instruction counts do not depend on what else runs: `--jobs` only shortens the wall time.
  const rows = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { label, node, version, workload, context, mode, rep } = jobs[next++];
      const started = Date.now();
      const r = await measure({ mode, workload, inContext: context === 'app', node, replies, tag: `${label}.${rep}.` });
      log(`${label} ${workload} ${context} ${mode} #${rep}: ${r.failed ?? `${fmt(r.perCall)}/call, cold ${fmt(r.cold)}, spans/call ${r.spansPerCall}`} (${Math.round((Date.now() - started) / 1000)} s)`);
      rows.push({ node: `${version}${node.flags.length ? ' ' + node.flags.join(' ') : ''}`, workload, context, mode, rep, ...r });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(option('jobs') ?? 1)) }, worker));
  const order = (row) => jobs.findIndex((j) => j.mode === row.mode && j.workload === row.workload && j.context === row.context && row.node.startsWith(j.version));
  rows.sort((a, b) => order(a) - order(b));
  if (flag('json')) {
    process.stdout.write(`${JSON.stringify(rows.map(({ node: _node, ...row }) => row))}\n`);
    if (rows.some((r) => r.failed)) process.exitCode = 1;
    return;
  }
  const markdown = render(rows);
  process.stdout.write(markdown);
  const outFile = option('out');
  if (outFile) writeFileSync(outFile, markdown);
  if (SMOKE && rows.some((r) => r.failed)) process.exitCode = 1;
}

/** One table per Node, workload and context: per call and cold, added over baseline, ratio to the floor. */
function render(rows) {
  const lines = [];
  const unit = rows.find((r) => r.unit)?.unit ?? 'instructions';
  const groups = new Map();
  for (const row of rows) {
    const key = `${row.node} · ${row.workload} · ${row.context === 'app' ? 'inside a context the app entered' : 'from the root context'}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  const medianOf = (rs, field) => {
    const v = rs.map((r) => r[field]).filter((x) => typeof x === 'number').sort((a, b) => a - b);
    return v.length ? v[Math.floor((v.length - 1) / 2)] : undefined;
  };
  for (const [key, group] of groups) {
    const byMode = new Map();
    for (const row of group) {
      if (!byMode.has(row.mode)) byMode.set(row.mode, []);
      byMode.get(row.mode).push(row);
    }
    const perCall = (mode) => medianOf(byMode.get(mode) ?? [], 'perCall');
    const cold = (mode) => medianOf(byMode.get(mode) ?? [], 'cold');
    const base = perCall('baseline');
    const floorAdded = perCall('floor') !== undefined && base !== undefined ? perCall('floor') - base : undefined;
    const spanAdded = perCall('span-only') !== undefined && base !== undefined ? perCall('span-only') - base : undefined;
    const isStream = group[0].workload === 'stream';
    lines.push(`### ${key}`, '');
    lines.push(
      `| mode | ${unit}/call | added/call | ${isStream ? 'added/chunk | ' : ''}× span-only | × floor | cold call | added cold | spans/call | runs |`,
      `|---|---:|---:|${isStream ? '---:|' : ''}---:|---:|---:|---:|---:|---|`,
    );
    for (const [mode, rs] of byMode) {
      const failed = rs.find((r) => r.failed);
      if (failed && rs.every((r) => r.failed)) {
        lines.push(`| ${mode} | failed: ${failed.failed.replaceAll('|', '\\|')} |`);
        continue;
      }
      const added = base === undefined || mode === 'baseline' ? undefined : perCall(mode) - base;
      const addedCold = cold('baseline') === undefined || mode === 'baseline' ? undefined : cold(mode) - cold('baseline');
      const spread = rs.length > 1 ? `${rs.length} (spread ${fmt(Math.max(...rs.map((r) => r.perCall)) - Math.min(...rs.map((r) => r.perCall)))})` : '1';
      lines.push(
        `| ${mode} | ${fmt(perCall(mode))} | ${signed(added)} | ${isStream ? `${signed(added === undefined ? undefined : added / STREAM_CHUNKS)} | ` : ''}${ratio(added, spanAdded)} | ${ratio(added, floorAdded)} | ${fmt(cold(mode))} | ${signed(addedCold)} | ${rs[0].spansPerCall ?? '–'} | ${spread} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    log(error?.stack ?? String(error));
    process.exit(1);
  });
}
