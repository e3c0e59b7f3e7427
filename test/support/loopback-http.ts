/**
 * Plumbing shared by the test servers (fake provider, OTLP receiver): listen on 127.0.0.1 with
 * an ephemeral port, read a request body, flatten headers, close without waiting on keep-alive
 * sockets. Loopback only, so a test run never opens a port to the network and never needs one.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1 and the origin to reach it at. */
export interface LoopbackServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Drops every open connection (keep-alive, hung or mid-stream) and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts `handler` on 127.0.0.1; port 0 lets the OS pick a free one, so parallel test files never
 * clash (a fixed port is for a server restarted where its clients expect it).
 */
export async function listenOnLoopback(port: number, handler: RequestListener): Promise<LoopbackServer>;
export async function listenOnLoopback(handler: RequestListener): Promise<LoopbackServer>;
export async function listenOnLoopback(
  portOrHandler: number | RequestListener,
  maybeHandler?: RequestListener,
): Promise<LoopbackServer> {
  const port = typeof portOrHandler === 'number' ? portOrHandler : 0;
  const handler = typeof portOrHandler === 'number' ? maybeHandler! : portOrHandler;
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    close() {
      // `server.close()` alone waits for keep-alive and deliberately hung sockets, which the SDKs'
      // fetch agents hold open; destroying them is what lets a test file finish.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Reads the whole request body as received on the wire. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) {
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

/**
 * Node already lower-cases header names; repeated headers arrive as arrays (only `set-cookie`
 * in practice) and are joined the way HTTP folds them, so tests can compare plain strings.
 */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * Resolves `count` waiters as items arrive, or rejects after `timeoutMs` with `describe()` in
 * the message, so a missing span or request fails with what did arrive instead of a bare timeout.
 */
export class Waiters {
  readonly #pending = new Set<() => void>();

  /**
   * Wakes every waiter to re-check its condition: call after each new item, and on close so
   * waiters fail at once instead of running into their timeout.
   */
  notify(): void {
    for (const wake of [...this.#pending]) wake();
  }

  waitFor<T>(
    read: () => T | undefined,
    timeoutMs: number,
    describe: () => string,
    isClosed: () => boolean,
  ): Promise<T> {
    const ready = read();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#pending.delete(check);
      };
      const check = (): void => {
        const value = read();
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (isClosed()) {
          finish();
          reject(new Error(`Server closed while ${describe()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms ${describe()}`));
      }, timeoutMs);
      this.#pending.add(check);
    });
  }
}
