/**
 * Debian's Prometheus (`apt-get install prometheus`; .ci/run installs it) on a loopback port,
 * scraping the given targets every second, for tests that query what reached it with PromQL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freeLoopbackPort } from './otelcol.js';

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? 'prometheus';

/** The first line of `prometheus --version`, or undefined when it is not installed. */
export function readPrometheusVersion(): string | undefined {
  const result = spawnSync(PROMETHEUS_BIN, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim();
}

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query (now, or at `time` in Unix seconds); throws on a PromQL error. */
  query(query: string, time?: number): Promise<PromSample[]>;
  log(): string;
  stop(): Promise<void>;
}

export async function startPrometheus(options: { targets: readonly string[]; ruleFile?: string }): Promise<PrometheusServer> {
  const workDir = await mkdtemp(join(tmpdir(), 'infraprism-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    ...(options.ruleFile !== undefined ? ['rule_files:', `  - ${join(workDir, 'rules.yml')}`] : []),
    'scrape_configs:',
    '  - job_name: infraprism',
    '    static_configs:',
    `      - targets: [${options.targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n');
  if (options.ruleFile !== undefined) await writeFile(join(workDir, 'rules.yml'), options.ruleFile);
  await writeFile(join(workDir, 'prometheus.yml'), config);
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [`--config.file=${join(workDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(workDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; error?: string; data?: T };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data as T;
  }

  const server: PrometheusServer = {
    url,
    async query(query, time) {
      const at = time === undefined ? '' : `&time=${time}`;
      return (await api<{ result: PromSample[] }>(`/api/v1/query?query=${encodeURIComponent(query)}${at}`)).result;
    },
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(workDir, { recursive: true, force: true });
    },
  };
  try {
    await eventually('Prometheus to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined), 60_000, () => output.slice(-3000));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
