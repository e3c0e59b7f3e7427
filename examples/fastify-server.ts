/**
 * Fastify: one shared client, the customer set per request by a `preHandler` hook.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/fastify-server.ts
 *   curl -X POST localhost:3000/chat -H 'x-customer-id: acme-corp' -H 'content-type: application/json' -d '{"message":"Hi"}'
 *
 * With SMOKE_TEST=1 it listens on a free port, sends itself two requests (with Fastify's
 * `inject`, no socket needed) and exits.
 */
import Fastify from 'fastify';
import { init, withEntity } from 'infraprism';
import OpenAI from 'openai';
// Types only: adds entity_type / entity_id / tags to the params of chat.completions.create.
import type {} from 'infraprism/openai';

// An ES module: the imported SDK is handed over (see express-server.ts).
const infraprism = init({ serviceName: 'fastify-example', instrumentModules: { openai: OpenAI } });

const client = new OpenAI();
const app = Fastify();

// `preHandler` runs after the body is parsed and calls the route handler from `done`, so the
// handler and everything it awaits run inside this context. (`onRequest` would lose it to the
// body parser's stream callbacks on POST.)
app.addHook('preHandler', (request, _reply, done) => {
  const header = request.headers['x-customer-id'];
  withEntity({ type: 'customer', id: typeof header === 'string' ? header : 'anonymous' }, done);
});

app.post<{ Body: { message?: string } }>('/chat', async (request) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: request.body.message ?? 'Hello' }],
    tags: { feature: 'chat', route: '/chat' },
  });
  return { reply: completion.choices[0]?.message.content ?? '' };
});

app.addHook('onClose', async () => {
  await infraprism.shutdown();
});

if (process.env['SMOKE_TEST'] === '1') {
  await app.listen({ port: 0, host: '127.0.0.1' });
  for (const customer of ['acme-corp', 'globex']) {
    const response = await app.inject({
      method: 'POST',
      url: '/chat',
      headers: { 'x-customer-id': customer },
      payload: { message: 'Hi' },
    });
    console.log(customer, response.statusCode, response.json());
  }
  await app.close();
} else {
  await app.listen({ port: Number(process.env['PORT'] ?? 3000) });
}
