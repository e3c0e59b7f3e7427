/**
 * Records what the test suite's fake provider (`test/support/fake-provider/`) answers to each
 * request the instruction-count benchmark makes — status, headers and body bytes — into one JSON
 * file, so that the measured process can answer through the SDK's `fetch` option without a socket
 * (bench/instructions-client.cjs) while the replies stay the documented shapes the tests use.
 *
 * Usage: tsx bench/capture-replies.ts <out.json>
 */
import { writeFileSync } from 'node:fs';
import { startFakeProvider, type SuccessReply } from '../test/support/fake-provider/index.js';

/** Chunks per streamed reply and 200 characters, one per chunk, as bench/provider.ts sends. */
const STREAM_CHUNKS = 200;
const CONTENT = 'The quick brown fox jumps over the lazy dog. '.repeat(5).slice(0, STREAM_CHUNKS);
const REPLY: SuccessReply = { content: CONTENT, chunks: STREAM_CHUNKS };

/** The requests the benchmark's workloads send, by workload name. */
const REQUESTS: Record<string, { path: string; base: 'openai' | 'anthropic'; body: Record<string, unknown> }> = {
  chat: {
    path: '/chat/completions',
    base: 'openai',
    body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64 },
  },
  stream: {
    path: '/chat/completions',
    base: 'openai',
    body: {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Say hello.' }],
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    },
  },
  anthropic: {
    path: '/v1/messages',
    base: 'anthropic',
    body: { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] },
  },
  embeddings: {
    path: '/embeddings',
    base: 'openai',
    body: { model: 'text-embedding-3-small', input: 'Say hello.', encoding_format: 'base64' },
  },
};

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: tsx bench/capture-replies.ts <out.json>');
  const fake = await startFakeProvider();
  const replies: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
  try {
    for (const [workload, { path, base, body }] of Object.entries(REQUESTS)) {
      const baseURL = base === 'openai' ? fake.openaiBaseURL : fake.anthropicBaseURL;
      fake.enqueue(new URL(`${baseURL}${path}`).pathname, REPLY);
      const res = await fetch(`${baseURL}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'connection' && key !== 'keep-alive') {
          headers[key] = value;
        }
      });
      replies[workload] = { status: res.status, headers, body: await res.text() };
      if (!res.ok) throw new Error(`${workload}: fake provider answered ${res.status}`);
    }
  } finally {
    await fake.close();
  }
  writeFileSync(out, `${JSON.stringify(replies)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
