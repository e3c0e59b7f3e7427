// Issue #6: the opt-in price table refresh. Loads over loopback HTTP (allowed only for loopback
// hosts), validates, swaps atomically, and keeps the current table on every kind of failure. An
// HTTPS server with a self-signed certificate proves certificates are verified.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  calculateCost,
  getActivePriceTable,
  getBundledPriceTable,
  resetPriceTable,
  startPriceRefresh,
  type PriceRefresh,
} from '../../src/pricing/index.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-http.js';

const NEWER_TABLE = {
  version: 'refreshed-2027-01-01',
  providers: [{ id: 'openai', models: [{ id: 'gpt-4o', match: { equals: 'gpt-4o' }, prices: { input: 1, output: 2 } }] }],
};

type Reply = { status: number; body: string } | 'hang';
let reply: Reply = { status: 200, body: JSON.stringify(NEWER_TABLE) };
let server: LoopbackServer;
let refresh: PriceRefresh | undefined;
const warnings: string[] = [];

const collector: DiagLogger = {
  // Component loggers pass their namespace first: keep the whole line.
  error: (...args) => warnings.push(args.join(' ')),
  warn: (...args) => warnings.push(args.join(' ')),
  info: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

beforeAll(async () => {
  server = await listenOnLoopback((_req, res) => {
    if (reply === 'hang') return;
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
  });
  diag.setLogger(collector, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterAll(async () => {
  diag.disable();
  await server.close();
});
beforeEach(() => {
  resetPriceTable();
  warnings.length = 0;
});
afterEach(() => {
  refresh?.stop();
  refresh = undefined;
  resetPriceTable();
});

const usage = { inputTokens: 1_000_000, outputTokens: 0 };

/** Starts a refresh (its first load runs in the background) and loads once more, awaited. */
async function refreshOnce(url: string, timeoutMs?: number): Promise<string | undefined> {
  refresh = startPriceRefresh({ url, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  return refresh.refreshNow();
}

describe('pricesRefresh', () => {
  it('swaps in a valid newer table and records its version', async () => {
    reply = { status: 200, body: JSON.stringify(NEWER_TABLE) };
    expect(await refreshOnce(`${server.url}/prices.json?token=secret`)).toBeUndefined();
    const cost = calculateCost({ provider: 'openai', model: 'gpt-4o', usage });
    expect(cost).toMatchObject({ usd: 1, priceTable: 'refreshed-2027-01-01' });
    expect(getActivePriceTable().version).toBe('refreshed-2027-01-01');
  });

  it.each([
    ['an HTTP error', { status: 500, body: 'oops' }, /HTTP 500/],
    ['a body that is not JSON', { status: 200, body: '<html>' }, /not JSON/],
    ['a table without models', { status: 200, body: JSON.stringify({ version: 'x', providers: [] }) }, /no models/],
    ['a malformed table', { status: 200, body: JSON.stringify({ version: 'x', providers: [{ id: 'a', models: [{ id: 'm', match: {}, prices: {} }] }] }) }, /a\/m/],
  ] as const)('keeps the current table on %s, with one warning naming only the origin', async (_name, answer, reason) => {
    reply = answer;
    const failure = await refreshOnce(`${server.url}/prices.json?token=secret`);
    expect(failure).toMatch(reason);
    expect(getActivePriceTable().version).toBe(getBundledPriceTable().version);
    expect(calculateCost({ provider: 'openai', model: 'gpt-4o', usage }).usd).toBe(2.5);
    const mine = warnings.filter((w) => w.includes('price table refresh'));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.join('\n')).toContain(server.url);
    expect(mine.join('\n')).not.toContain('secret');
  });

  it('keeps the current table when the server does not answer in time', async () => {
    reply = 'hang';
    expect(await refreshOnce(`${server.url}/prices.json`, 200)).toMatch(/no answer within 200 ms/);
    expect(getActivePriceTable().version).toBe(getBundledPriceTable().version);
  });

  it('keeps the last good table when a later load fails', async () => {
    reply = { status: 200, body: JSON.stringify(NEWER_TABLE) };
    await refreshOnce(`${server.url}/p`);
    reply = { status: 503, body: '' };
    expect(await refresh!.refreshNow()).toMatch(/HTTP 503/);
    expect(getActivePriceTable().version).toBe('refreshed-2027-01-01');
  });

  it('refuses plain HTTP to a non-loopback host and non-URLs, as explicit init arguments may', () => {
    expect(() => startPriceRefresh({ url: 'http://prices.example.com/p.json' })).toThrow(TypeError);
    expect(() => startPriceRefresh({ url: 'not a url' })).toThrow(TypeError);
    expect(() => startPriceRefresh({ url: 'https://prices.example.com/p.json', intervalMs: -1 })).toThrow(TypeError);
  });
});

// openssl makes the self-signed certificate; without it (a minimal image) the check is skipped.
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)('pricesRefresh over HTTPS', () => {
  it('verifies the certificate: a self-signed one is refused and the current table stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infraprism-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'pipe' });
      const tls = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
        res.writeHead(200).end(JSON.stringify(NEWER_TABLE));
      });
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      const { port } = tls.address() as AddressInfo;
      try {
        const failure = await refreshOnce(`https://127.0.0.1:${port}/prices.json`);
        expect(failure).toMatch(/SELF_SIGNED|CERT|UNABLE/);
        expect(getActivePriceTable().version).toBe(getBundledPriceTable().version);
      } finally {
        tls.closeAllConnections();
        await new Promise((resolve) => tls.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
