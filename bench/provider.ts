/**
 * The benchmark's other side, run in its own process (via tsx) so its CPU is never counted in the
 * measured client: the test suite's fake provider (`test/support/fake-provider/`) answering every
 * chat and messages request with a 200-chunk reply, an embeddings endpoint when the fake provider
 * has none yet, and an OTLP/HTTP receiver that only counts spans (the test receiver keeps every
 * byte for privacy scans, which at 100,000 spans would measure the receiver, not us).
 *
 * Prints one JSON line with the URLs on stdout, then serves until its stdin closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeProvider, type SuccessReply } from '../test/support/fake-provider/index.js';

/** Chunks per streamed reply (issue 9: "streaming chat with 200 chunks"). */
export const STREAM_CHUNKS = 200;
/** 200 characters, one per chunk, so every content delta carries text. */
const CONTENT = 'The quick brown fox jumps over the lazy dog. '.repeat(5).slice(0, STREAM_CHUNKS);
const REPLY: SuccessReply = { content: CONTENT, chunks: STREAM_CHUNKS };
const PATHS = ['/v1/chat/completions', '/v1/messages', '/v1/embeddings'];
/** Replies kept queued per path; refilled well before a 1,000-call burst could drain them. */
const QUEUED = 5000;
const REFILL_AFTER = 1500;
const EMBEDDING_DIMENSIONS = 256;

async function main(): Promise<void> {
  const fake = await startFakeProvider();
  // The fake provider answers unqueued requests with 3 chunks and records every request; keep a
  // queue of 200-chunk replies per path and forget recorded requests, in one synchronous step so
  // no request can arrive between the reset and the refill.
  const refill = (): void => {
    fake.reset();
    for (const path of PATHS) fake.enqueue(path, ...new Array<SuccessReply>(QUEUED).fill(REPLY));
  };
  refill();
  setInterval(() => {
    if (fake.requests.length > REFILL_AFTER) refill();
  }, 20).unref();

  const embeddingsBaseURL = (await hasEmbeddingsRoute(fake.openaiBaseURL))
    ? fake.openaiBaseURL
    : `${await listen(serveEmbeddings)}/v1`;

  let spans = 0;
  let exports = 0;
  const receiverUrl = await listen((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ spans, exports }));
      return;
    }
    readAll(req, (body) => {
      exports += 1;
      spans += countSpans(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });

  process.stdout.write(
    `${JSON.stringify({
      openaiBaseURL: fake.openaiBaseURL,
      anthropicBaseURL: fake.anthropicBaseURL,
      embeddingsBaseURL,
      otlpEndpoint: receiverUrl,
      streamChunks: STREAM_CHUNKS,
    })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
}

/** Until the fake provider grows an embeddings route (issue 4), the bench serves its own. */
async function hasEmbeddingsRoute(openaiBaseURL: string): Promise<boolean> {
  const res = await fetch(`${openaiBaseURL}/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'text-embedding-3-small', input: 'probe' }),
  });
  await res.arrayBuffer();
  return res.ok;
}

/** OpenAI's documented embeddings shape; base64 when asked (openai-node asks by default since 4.57). */
function serveEmbeddings(req: IncomingMessage, res: ServerResponse): void {
  readAll(req, (body) => {
    const json = JSON.parse(body.toString('utf8') || '{}') as { model?: string; encoding_format?: string };
    const vector = new Float32Array(EMBEDDING_DIMENSIONS).map((_, i) => Math.sin(i) / 10);
    const embedding =
      json.encoding_format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector);
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_bench_embeddings' });
    res.end(
      JSON.stringify({
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding }],
        model: json.model ?? 'text-embedding-3-small',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      }),
    );
  });
}

function countSpans(body: Buffer): number {
  try {
    const json = JSON.parse(body.toString('utf8')) as {
      resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
    };
    let count = 0;
    for (const rs of json.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) count += ss.spans?.length ?? 0;
    return count;
  } catch {
    return 0;
  }
}

function readAll(req: IncomingMessage, done: (body: Buffer) => void): void {
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => done(Buffer.concat(parts)));
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
