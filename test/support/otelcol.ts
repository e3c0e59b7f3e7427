/**
 * The real OpenTelemetry Collector for the collector tests: the binary `npm run collector:build`
 * builds from collector/builder-config.yaml (or OTELCOL_BIN), started on loopback ports with
 * collector-config.yaml as shipped. Only what cannot be shipped as is gets overridden, with the
 * collector's own `--set` flag, never by editing the file: listen addresses (loopback, free
 * ports, so collectors of parallel tests never clash) and the collector's own telemetry (off: its
 * default :8888 endpoint would clash between collectors).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { it } from 'vitest';
import { cleanEnv, repoRoot } from './child-apps.js';
import type { FlatSpan } from './otlp-receiver.js';

export const COLLECTOR_BIN = process.env['OTELCOL_BIN'] ?? join(repoRoot, 'collector', 'bin', 'otelcol-infraprism');
export const SHIPPED_CONFIG = join(repoRoot, 'collector-config.yaml');
export const LOADBALANCER_CONFIG = join(repoRoot, 'collector', 'loadbalancer-config.yaml');

/** `otelcol-infraprism version 0.161.0-infraprism`, or undefined when the binary is not built. */
export function readCollectorVersion(): string | undefined {
  if (!existsSync(COLLECTOR_BIN)) return undefined;
  const result = spawnSync(COLLECTOR_BIN, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Registers one placeholder test when a required binary is missing: a failure under CI=true
 * (.ci/run installs and builds what these tests need, so there it can never pass by skipping),
 * a skip with the command to run elsewhere.
 */
export function requireBinary(what: string, hint: string): void {
  const reason = `${what} is not available: ${hint}`;
  if (process.env['CI'] === 'true') {
    it(`has ${what}`, () => {
      throw new Error(`${reason}; .ci/run provides it, so in CI this is a failure, not a skip`);
    });
  } else {
    it.skip(`skipped: ${reason}`, () => {});
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before the caller binds it). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface CollectorProcess {
  /** Everything the collector printed (it logs to stderr). */
  log(): string;
  /** SIGTERM: the collector drains its pipelines and closes its persistent queues; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, nothing drained. */
  kill(): Promise<void>;
}

export interface StartCollectorOptions {
  /** Config file, passed unchanged. */
  readonly config: string;
  /** `--set` overrides (`key.path=value`). */
  readonly sets?: readonly string[];
  readonly env?: Record<string, string>;
  /** Until "Everything is ready" (default 60 s). */
  readonly readyTimeoutMs?: number;
}

const READY_LINE = 'Everything is ready';

/** Starts the collector and resolves once it says it is ready; rejects with its log if it exits first. */
export async function startCollector(options: StartCollectorOptions): Promise<CollectorProcess> {
  const args = ['--config', options.config, ...(options.sets ?? []).map((set) => `--set=${set}`)];
  const child: ChildProcess = spawn(COLLECTOR_BIN, args, { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the collector was not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${output.slice(-4000)}`));
    }, options.readyTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the collector exited (${code}) before it was ready:\n${output.slice(-4000)}`));
    });
  });
  return {
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Loopback ports of one collector running collector-config.yaml. */
export interface ShippedCollectorPorts {
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
  readonly prometheus: number;
}

export async function allocateShippedPorts(): Promise<ShippedCollectorPorts> {
  return { otlpHttp: await freeLoopbackPort(), otlpGrpc: await freeLoopbackPort(), prometheus: await freeLoopbackPort() };
}

export interface ShippedCollectorOptions {
  readonly ports: ShippedCollectorPorts;
  /** TRACING_BACKEND_OTLP_ENDPOINT. */
  readonly tracingBackend: string;
  /** INFRAPRISM_ENDPOINT. */
  readonly infraprismEndpoint: string;
  readonly infraprismApiKey?: string;
  /** OTELCOL_QUEUE_DIR: the persistent queues; keep it across a restart. */
  readonly queueDir: string;
}

/** collector-config.yaml, unchanged, on the given loopback ports. */
export function startShippedCollector(options: ShippedCollectorOptions): Promise<CollectorProcess> {
  return startCollector({
    config: SHIPPED_CONFIG,
    sets: [
      `receivers.otlp.protocols.http.endpoint=127.0.0.1:${options.ports.otlpHttp}`,
      `receivers.otlp.protocols.grpc.endpoint=127.0.0.1:${options.ports.otlpGrpc}`,
      `exporters.prometheus.endpoint=127.0.0.1:${options.ports.prometheus}`,
      'service.telemetry.metrics.level=none',
    ],
    env: {
      TRACING_BACKEND_OTLP_ENDPOINT: options.tracingBackend,
      INFRAPRISM_ENDPOINT: options.infraprismEndpoint,
      INFRAPRISM_API_KEY: options.infraprismApiKey ?? 'ipk_collector_test_key',
      OTELCOL_QUEUE_DIR: options.queueDir,
    },
  });
}

/** Polls `check` until it returns a value; the error names what was awaited and the last failure. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
  describe: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n${describe()}`);
}

/** Sum of `infraprism.cost.usd` per `infraprism.entity.id` over the given spans (unpriced ones skipped). */
export function sumCostPerEntity(spans: readonly FlatSpan[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const span of spans) {
    const usd = span.attributes['infraprism.cost.usd'];
    if (typeof usd !== 'number') continue;
    const entity = String(span.attributes['infraprism.entity.id']);
    sums.set(entity, (sums.get(entity) ?? 0) + usd);
  }
  return sums;
}
