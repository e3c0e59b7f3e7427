/**
 * The smoke form of `npm run bench:instructions` (bench/instructions.mjs): every mode and workload
 * runs in its own process with tiny counts and no valgrind, so the harness cannot rot unnoticed.
 * It asserts that each produces figures and the spans its mode should; never a figure's size.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const hasBuild = existsSync(join(ROOT, 'dist', 'cjs', 'index.js'));

interface Row {
  mode: string;
  workload: string;
  context: string;
  perCall?: number;
  cold?: number;
  spansPerCall?: number;
  failed?: string;
}

async function runSmoke(args: string[]): Promise<Row[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'bench', 'instructions.mjs'), '--smoke', '--json', '--jobs', '1', ...args],
    { cwd: ROOT, maxBuffer: 16 * 2 ** 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as Row[];
}

function expectFigures(rows: Row[], expectedCount: number): void {
  expect(rows).toHaveLength(expectedCount);
  for (const row of rows) {
    expect(row.failed, `${row.mode} ${row.workload} ${row.context}`).toBeUndefined();
    expect(Number.isFinite(row.perCall), `${row.mode} ${row.workload} per call`).toBe(true);
    expect(Number.isFinite(row.cold), `${row.mode} ${row.workload} cold`).toBe(true);
    // One span per call in every mode that traces; the app without instrumentation makes none.
    expect(row.spansPerCall, `${row.mode} ${row.workload} spans`).toBe(row.mode === 'baseline' ? 0 : 1);
  }
}

describe.skipIf(!hasBuild)('instruction-count benchmark, smoke form', () => {
  it('runs every mode on chat, and ours on every workload and inside a context the app entered', { timeout: 120_000 }, async () => {
    const modes = ['baseline', 'span-only', 'floor', 'ours', 'ours-init', 'ours-init-nometrics', 'otel-contrib'];
    const [everyMode, everyWorkload, inAppContext] = await Promise.all([
      runSmoke(['--workloads', 'chat', '--contexts', 'root', '--modes', modes.join(',')]),
      runSmoke(['--workloads', 'stream,anthropic,embeddings', '--contexts', 'root', '--modes', 'ours']),
      runSmoke(['--workloads', 'chat', '--contexts', 'app', '--modes', 'ours']),
    ]);
    expectFigures(everyMode, modes.length);
    expect(everyMode.map((row) => row.mode)).toEqual(modes);
    expectFigures(everyWorkload, 3);
    expectFigures(inAppContext, 1);
  });
});
