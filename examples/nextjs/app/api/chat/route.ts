/**
 * `app/api/chat/route.ts` of a Next.js App Router app: streams the reply as plain text.
 *
 * Next bundles server code, so no module hook ever sees this `openai`: `instrument()` hands the
 * bundled copy over. (Or keep the SDK out of the bundle with
 * `serverExternalPackages: ['openai']` in next.config; then the hooks see it.)
 *
 * The signature is the Web `Request` -> `Response` one Next's route handlers use; this repository
 * does not install `next` itself (hundreds of MB), so `run-route.ts` calls it as Next would.
 */
import { instrument, withEntity } from 'infraprism';
import OpenAI from 'openai';
// Types only: adds entity_type / entity_id / tags to the params of chat.completions.create.
import type {} from 'infraprism/openai';

instrument({ openai: OpenAI });
const client = new OpenAI();

export async function POST(request: Request): Promise<Response> {
  const customerId = request.headers.get('x-customer-id') ?? 'anonymous';
  const { message } = (await request.json()) as { message?: string };

  // The stream is created inside withEntity; its span ends when the last chunk has been read.
  const stream = await withEntity({ type: 'customer', id: customerId }, () =>
    client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: message ?? 'Hello' }],
      stream: true,
      stream_options: { include_usage: true }, // without it OpenAI sends no token counts
      tags: { feature: 'chat-stream' },
    }),
  );

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta.content;
        if (text) controller.enqueue(encoder.encode(text));
      }
      controller.close();
    },
    cancel() {
      stream.controller.abort(); // the browser went away: stop paying for tokens
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
