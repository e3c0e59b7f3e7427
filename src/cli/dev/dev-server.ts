/**
 * `infraprism dev`: an OTLP/HTTP receiver (traces and metrics, JSON and protobuf) and a page that
 * shows what it received, live, over Server-Sent Events. Both listen on loopback unless `host`
 * says otherwise. node:http only; the page is the static files next to this module, served as
 * they are. A bad request gets a 4xx and is listed on the page; the receiver keeps serving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCallRecord, type CallRecord } from './call-record.js';
import { CallStore, isPricedStatus, type StoreSnapshot } from './call-store.js';
import { decodeRequest, readEncoding, readSignal, type DecodedRequest } from './otlp-request.js';
import { loadSession, SessionWriter } from './session-file.js';

/** Default OTLP/HTTP port: the one exporters send to when nothing is configured. */
export const DEFAULT_OTLP_PORT = 4318;
export const DEFAULT_UI_PORT = 4319;
export const DEFAULT_HOST = '127.0.0.1';
/** Largest request body read, before and after gunzip: far above a 512-span batch. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface DevServerOptions {
  /** OTLP/HTTP port; 0 picks a free one. Default 4318. */
  readonly port?: number;
  /** Page port; 0 picks a free one. Default 4319. */
  readonly uiPort?: number;
  /** Address both servers listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Keep the session in this JSON-lines file and reload it at start. */
  readonly saveFile?: string;
  /** Latest calls kept one by one. Default 1000. */
  readonly maxCalls?: number;
  readonly maxBodyBytes?: number;
  /** One line per received batch or refused request. */
  readonly log?: (line: string) => void;
}

export interface DevServer {
  /** `http://host:port` of the receiver: the exporter's endpoint. */
  readonly otlpUrl: string;
  /** `http://host:port/` of the page. */
  readonly uiUrl: string;
  /** Calls replayed from `saveFile` and lines skipped there. */
  readonly loaded: { readonly calls: number; readonly skippedLines: number };
  /** What the page receives: the store's snapshot and where to send spans. */
  state(): PageState;
  close(): Promise<void>;
}

export type PageState = StoreSnapshot & { readonly otlpUrl: string };

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page');
const PAGE_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};
// The page loads only its own files and opens only its own event stream.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? DEFAULT_HOST;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => {});
  const store = new CallStore(options.maxCalls);
  const clients = new Set<ServerResponse>();
  let isBroadcastPending = false;
  let otlpUrl = '';
  const state = (): PageState => ({ ...store.snapshot(), otlpUrl });

  let loaded = { calls: 0, skippedLines: 0 };
  let writer: SessionWriter | undefined;
  if (options.saveFile !== undefined) {
    const session = await loadSession(options.saveFile);
    for (const call of session.calls) store.addCall(call);
    loaded = { calls: session.calls.length, skippedLines: session.skippedLines };
    writer = await SessionWriter.open(options.saveFile, (error) =>
      log(`${clock()} session file ${options.saveFile ?? ''} cannot be written (${describeError(error)}); calls are no longer saved`),
    );
  }

  // Many batches in one tick make one message: the page gets the state, not every step.
  function scheduleBroadcast(): void {
    if (isBroadcastPending) return;
    isBroadcastPending = true;
    setImmediate(() => {
      isBroadcastPending = false;
      const message = `event: state\ndata: ${JSON.stringify(state())}\n\n`;
      for (const client of clients) client.write(message);
    });
  }

  function refuse(res: ServerResponse, path: string, status: number, reason: string): void {
    store.addRejection({ time: Date.now(), status, path, reason });
    log(`${clock()} refused  ${status} ${path}: ${reason}`);
    scheduleBroadcast();
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ code: 3, message: reason }));
  }

  function accept(decoded: Extract<DecodedRequest, { ok: true }>): void {
    if (decoded.signal === 'metrics') {
      store.addMetricBatch(decoded.metricNames, decoded.points);
      log(`${clock()} metrics  ${decoded.points} points of ${decoded.metricNames.length} metrics (${decoded.encoding})`);
    } else {
      const calls = decoded.spans.map(readCallRecord).filter((call): call is CallRecord => call !== undefined);
      for (const call of calls) {
        store.addCall(call);
        writer?.append(call);
      }
      store.addTraceBatch(decoded.spans.length, calls.length);
      log(`${clock()} traces   ${describeCalls(decoded.spans.length, calls)} (${decoded.encoding})`);
    }
    scheduleBroadcast();
  }

  async function handleOtlp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const signal = readSignal(path);
    if (signal === undefined) return refuse(res, path, 404, 'not an OTLP/HTTP path (use /v1/traces or /v1/metrics)');
    if (req.method !== 'POST') return refuse(res, path, 405, `method ${req.method ?? ''} (OTLP/HTTP is POST)`);
    const encoding = readEncoding(req.headers['content-type']);
    if (encoding === undefined) {
      return refuse(res, path, 415, 'content-type is neither application/json nor application/x-protobuf');
    }
    const declared = Number(req.headers['content-length']);
    if (declared > maxBodyBytes) return refuse(res, path, 413, 'body too large');
    const body = await readBoundedBody(req, maxBodyBytes);
    if (body === undefined) return refuse(res, path, 413, 'body too large');
    const decoded = decodeRequest(signal, encoding, body, req.headers['content-encoding'], maxBodyBytes);
    if (!decoded.ok) return refuse(res, path, decoded.status, decoded.reason);
    accept(decoded);
    // An empty Export*ServiceResponse: everything was accepted.
    res.writeHead(200, { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' });
    res.end(encoding === 'json' ? '{}' : '');
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, host)) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('forbidden host');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET' });
      res.end('method not allowed');
      return;
    }
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`event: state\ndata: ${JSON.stringify(state())}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/api/state') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(state()));
      return;
    }
    const page = PAGE_FILES[path];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const content = await readFile(join(PAGE_DIR, page.file));
    res.writeHead(200, { 'content-type': page.type, ...PAGE_HEADERS });
    res.end(content);
  }

  const otlpServer = await listen(options.port ?? DEFAULT_OTLP_PORT, host, handleOtlp);
  let pageServer: Server;
  try {
    pageServer = await listen(options.uiPort ?? DEFAULT_UI_PORT, host, handlePage);
  } catch (error: unknown) {
    await closeServer(otlpServer);
    throw error;
  }

  otlpUrl = originOf(otlpServer, host);
  let closing: Promise<void> | undefined;
  return {
    otlpUrl,
    uiUrl: `${originOf(pageServer, host)}/`,
    loaded,
    state,
    close() {
      closing ??= (async () => {
        for (const client of clients) client.end();
        clients.clear();
        await Promise.all([closeServer(otlpServer), closeServer(pageServer)]);
        await writer?.close();
      })();
      return closing;
    },
  };
}

/** `3 spans, 2 calls, $0.001234` (plus unpriced calls when there are some). */
function describeCalls(spans: number, calls: readonly CallRecord[]): string {
  const cost = calls.reduce((sum, call) => sum + (call.costUsd ?? 0), 0);
  const unpriced = calls.filter((call) => !isPricedStatus(call.costStatus)).length;
  return (
    `${spans} span${spans === 1 ? '' : 's'}, ${calls.length} call${calls.length === 1 ? '' : 's'}, $${cost.toFixed(6)}` +
    (unpriced > 0 ? `, ${unpriced} unpriced` : '')
  );
}

function describeError(error: unknown): string {
  return (error as { code?: unknown }).code?.toString() ?? (error instanceof Error ? error.message : String(error));
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

/** Reads a body up to `limit` bytes; `undefined` (and the rest discarded) past it. */
function readBoundedBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let isOver = false;
    req.on('data', (chunk: Buffer) => {
      if (isOver) return;
      size += chunk.length;
      if (size > limit) {
        isOver = true;
        parts.length = 0;
        resolve(undefined);
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (!isOver) resolve(Buffer.concat(parts));
    });
    req.on('error', reject);
  });
}

/**
 * On loopback the page answers only to loopback names, so a web page elsewhere cannot read it
 * through a DNS name rebound to 127.0.0.1.
 */
function isAllowedHost(hostHeader: string | undefined, bindHost: string): boolean {
  if (!isLoopback(bindHost)) return true;
  if (hostHeader === undefined) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0];
  return name === 'localhost' || name === '[::1]' || (name ?? '').startsWith('127.');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function listen(
  port: number,
  host: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // A failure of ours answers 500 and leaves the server serving.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function originOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const name = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return `http://${name}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
