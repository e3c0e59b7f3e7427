/**
 * The OTLP receiver (`otlp-receiver.ts`) in a process of its own, for fault tests that kill the
 * collector mid-run and start it again on the same port (issue #7). The parent side is
 * `startReceiverProcess()`; run as a script (`node --import tsx otlp-receiver-process.ts PORT`)
 * this file starts the receiver and reports on stdout, one JSON line each: `{"port"}` once
 * listening, then `{"spans":[...]}` per accepted trace request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './child-apps.js';
import type { OtlpAttributes } from './otlp-receiver.js';

/** What the parent learns of one delivered span. */
export interface DeliveredSpan {
  readonly spanId: string;
  readonly name: string;
  readonly attributes: OtlpAttributes;
}

export interface ReceiverProcess {
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Every span this process accepted (2xx), duplicates included, in arrival order. */
  readonly delivered: readonly DeliveredSpan[];
  /** SIGKILL: no goodbye, open connections die with it, as in a crash. */
  kill(): Promise<void>;
}

const SCRIPT = fileURLToPath(import.meta.url);

/**
 * Starts the receiver process on `port` (0: any free one) and resolves once it listens;
 * spans it accepts are appended to `sink` (shared across restarts).
 */
export async function startReceiverProcess(port: number, sink: DeliveredSpan[] = []): Promise<ReceiverProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, String(port)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('receiver process did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`receiver process exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { port?: number; spans?: DeliveredSpan[] };
      if (message.port !== undefined) {
        clearTimeout(timer);
        resolve(message.port);
      }
      if (message.spans) sink.push(...message.spans);
    });
  });
  const actualPort = await listening;
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    delivered: sink,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const { startOtlpReceiver } = await import('./otlp-receiver.js');
  const port = Number(process.argv[2] ?? '0');
  const receiver = await startOtlpReceiver({
    port,
    onRequest(request) {
      if (request.signal !== 'traces' || request.status === undefined || request.status >= 300) return;
      const spans = request.spans.map((span) => ({ spanId: span.spanId, name: span.name, attributes: span.attributes }));
      process.stdout.write(`${JSON.stringify({ spans })}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify({ port: receiver.port })}\n`);
  // The parent going away (a killed test run) ends this process too.
  process.stdin.on('close', () => process.exit(0));
  setInterval(() => undefined, 60_000);
}

if (process.argv[1] === SCRIPT) void main();
