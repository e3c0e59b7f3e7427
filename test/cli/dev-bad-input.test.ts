// `infraprism dev` under bad input: garbage, oversized, wrongly typed or misaddressed requests get
// a 4xx, are listed on the page with their reason, and the receiver keeps serving. It listens on
// loopback by default and its page answers only to loopback host names.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/cli/dev/dev-server.js';
import { readPageState } from '../support/dev-page-state.js';

const MAX_BODY = 4096;
let dev: DevServer;

beforeAll(async () => {
  dev = await startDevServer({ port: 0, uiPort: 0, maxBodyBytes: MAX_BODY });
});

afterAll(async () => {
  await dev?.close();
});

interface Sent {
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Send without content-length (chunked), so the size is known only while reading. */
  readonly isChunked?: boolean;
}

/** One raw HTTP request to the receiver: status and body. */
function send(base: string, { path = '/v1/traces', method = 'POST', headers = {}, body, isChunked = false }: Sent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = request(new URL(path, base), {
      method,
      headers: { ...headers, ...(payload !== undefined && !isChunked ? { 'content-length': String(payload.length) } : {}) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The receiver may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (payload !== undefined && isChunked) {
      for (let i = 0; i < payload.length; i += 1024) req.write(payload.subarray(i, i + 1024));
    }
    req.end(isChunked ? undefined : payload);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTOBUF_TYPE = { 'content-type': 'application/x-protobuf' };

/** An OTLP/JSON trace request with one call span of ours, attributes as given. */
function callBatch(attributes: Array<{ key: string; value: Record<string, unknown> }>): string {
  return JSON.stringify({
    resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'chat', startTimeUnixNano: '1000000000', endTimeUnixNano: '1500000000', attributes }] }] }],
  });
}

const VALID_CALL = callBatch([
  { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
  { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
  { key: 'infraprism.cost.status', value: { stringValue: 'priced' } },
  { key: 'infraprism.cost.usd', value: { doubleValue: 0.25 } },
]);

describe('infraprism dev under bad input', () => {
  it.each([
    ['garbage JSON', { headers: JSON_TYPE, body: 'not json {' }, 400, 'not an OTLP traces JSON body'],
    ['JSON of the wrong type', { headers: JSON_TYPE, body: '[1, 2, 3]' }, 400, 'no resourceSpans list'],
    ['a resourceSpans that is not a list', { headers: JSON_TYPE, body: '{"resourceSpans":"x"}' }, 400, 'no resourceSpans list'],
    ['garbage protobuf', { headers: PROTOBUF_TYPE, body: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]) }, 400, 'not an OTLP traces protobuf body'],
    ['garbage protobuf metrics', { path: '/v1/metrics', headers: PROTOBUF_TYPE, body: Buffer.from([0x0a, 0xff, 0x01]) }, 400, 'not an OTLP metrics protobuf body'],
    ['a content-type that is not OTLP', { headers: { 'content-type': 'text/html' }, body: '<b>hi</b>' }, 415, 'content-type'],
    ['a body over the bound', { headers: JSON_TYPE, body: 'x'.repeat(MAX_BODY + 1) }, 413, 'body too large'],
    ['a chunked body over the bound', { headers: JSON_TYPE, body: 'x'.repeat(MAX_BODY * 4), isChunked: true }, 413, 'body too large'],
    ['a gzip body that inflates over the bound', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(MAX_BODY * 8, 0x20)) }, 413, 'body too large'],
    ['a body that claims gzip but is not', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: '{}' }, 400, 'not valid gzip'],
    ['an unknown content-encoding', { headers: { ...JSON_TYPE, 'content-encoding': 'br' }, body: '{}' }, 400, 'unsupported content-encoding'],
    ['a path that is not OTLP', { path: '/v1/logs', headers: JSON_TYPE, body: '{}' }, 404, 'not an OTLP/HTTP path'],
    ['a GET', { method: 'GET' }, 405, 'method GET'],
  ] as const)('refuses %s with %i, lists it on the page, and keeps serving', async (_name, sent, status, reason) => {
    const before = (await readPageState(dev)).rejected.total;
    const answer = await send(dev.otlpUrl, sent);
    expect(answer.status).toBe(status);
    const { rejected } = await readPageState(dev);
    expect(rejected.total).toBe(before + 1);
    expect(rejected.latest[0]).toMatchObject({ status });
    expect(rejected.latest[0]!.reason).toContain(reason);

    const calls = (await readPageState(dev)).totals.calls;
    expect((await send(dev.otlpUrl, { headers: JSON_TYPE, body: VALID_CALL })).status).toBe(200);
    expect((await readPageState(dev)).totals.calls).toBe(calls + 1);
  });

  it('reads only well-typed numbers: a string cost, negative tokens and a list are left out', async () => {
    const fresh = await startDevServer({ port: 0, uiPort: 0 });
    try {
      const batch = callBatch([
        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
        { key: 'infraprism.cost.status', value: { stringValue: 'priced' } },
        { key: 'infraprism.cost.usd', value: { stringValue: '1000000' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '-5' } },
        { key: 'gen_ai.usage.output_tokens', value: { arrayValue: { values: [{ intValue: '7' }] } } },
        { key: 'infraprism.entity.id', value: { kvlistValue: { values: [] } } },
      ]);
      expect((await send(fresh.otlpUrl, { headers: JSON_TYPE, body: batch })).status).toBe(200);
      const state = await readPageState(fresh);
      expect(state.totals).toMatchObject({ calls: 1, costUsd: 0, inputTokens: 0, outputTokens: 0 });
      expect(state.latest[0]).toMatchObject({ model: 'gpt-4o', costStatus: 'priced' });
      expect(state.latest[0]!.costUsd).toBeUndefined();
      expect(state.latest[0]!.entityId).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it('counts spans that are not LLM calls apart from the calls', async () => {
    const fresh = await startDevServer({ port: 0, uiPort: 0 });
    try {
      const batch = JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'GET /', attributes: [{ key: 'http.request.method', value: { stringValue: 'GET' } }] }, {}] }] }],
      });
      expect((await send(fresh.otlpUrl, { headers: JSON_TYPE, body: batch })).status).toBe(200);
      const state = await readPageState(fresh);
      expect(state.totals.calls).toBe(0);
      expect(state.received).toMatchObject({ traceBatches: 1, spans: 2, otherSpans: 2 });
    } finally {
      await fresh.close();
    }
  });

  it('listens on loopback by default, and its page refuses a host name that is not loopback', async () => {
    expect(dev.otlpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dev.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await send(dev.uiUrl, { method: 'GET', path: '/', headers: { host: 'attacker.example:4319' } })).status).toBe(403);
    expect((await send(dev.uiUrl, { method: 'GET', path: '/', headers: { host: 'localhost:4319' } })).status).toBe(200);
    expect((await send(dev.uiUrl, { method: 'GET', path: '/../package.json' })).status).toBe(404);
  });

  it('serves the page with a policy that runs only its own script', async () => {
    const response = await fetch(dev.uiUrl);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<script src="/page.js" defer></script>');
  });
});
