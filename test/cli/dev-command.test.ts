// `infraprism dev` as a command (the built bin, in a child process): it prints where the receiver
// and page are, one line per received batch, and stops cleanly on SIGINT; bad flags exit 2.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnv, describeRun, repoRoot, runNode } from '../support/child-apps.js';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const cli = join(repoRoot, manifest.bin['infraprism']!);

beforeAll(() => assertBuilt());

/** Resolves with the first line matching `pattern` (and every line so far); rejects at exit. */
function waitForLine(lines: string[], reader: ReturnType<typeof createInterface>, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (line: string): void => {
      const match = pattern.exec(line);
      if (match === null) return;
      reader.off('line', check);
      resolve(match);
    };
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match !== null) return resolve(match);
    }
    reader.on('line', check);
    reader.once('close', () => reject(new Error(`no line matched ${pattern}:\n${lines.join('\n')}`)));
  });
}

describe('the infraprism dev command', () => {
  it('prints the receiver and page addresses, one line per batch, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--ui-port', '0'], {
      cwd: repoRoot,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => lines.push(line));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const [, otlpUrl] = await waitForLine(lines, reader, /OTLP\/HTTP receiver on (http:\/\/127\.0\.0\.1:\d+)/);
      const [, pageUrl] = await waitForLine(lines, reader, /page on (http:\/\/127\.0\.0\.1:\d+\/)/);
      const answer = await fetch(`${otlpUrl!}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resourceSpans: [] }),
      });
      expect(answer.status).toBe(200);
      await waitForLine(lines, reader, / traces {3}0 spans, 0 calls, \$0\.000000 \(json\)$/);
      expect((await fetch(pageUrl!)).status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited, `${lines.join('\n')}\n${stderr}`).toBe(0);
  });

  it('exits 2 with the usage on a port that is not a number', async () => {
    const result = await runNode([cli, 'dev', '--port', 'http'], { cwd: repoRoot });
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number');
    expect(result.stderr).toContain('infraprism dev [--port <port>]');
  });

  it('exits 1 naming the problem when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runNode([cli, 'dev', '--port', String(port), '--ui-port', '0'], { cwd: repoRoot });
      expect(result.code, describeRun(result)).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
    } finally {
      taken.close();
    }
  });
});
