/**
 * Express: one shared client for the whole app, the customer set per request by a middleware.
 * Every LLM call a request makes, however deep and across awaits, is attributed to its customer.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/express-server.ts
 *   curl -X POST localhost:3000/chat -H 'x-customer-id: acme-corp' -H 'content-type: application/json' -d '{"message":"Hi"}'
 *
 * With SMOKE_TEST=1 it listens on a free port, sends itself two requests and exits.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { init, withEntity } from 'infraprism';
import OpenAI from 'openai';
// Types only: adds entity_type / entity_id / tags to the params of chat.completions.create.
import type {} from 'infraprism/openai';

// This file is an ES module: no loader hook saw `import OpenAI`, so hand the SDK over
// (not needed when started with `node --import infraprism/register`).
const infraprism = init({ serviceName: 'express-example', instrumentModules: { openai: OpenAI } });

const client = new OpenAI();
const app = express();
app.use(express.json());

// After body parsing, so the route handler runs inside this context.
app.use((req, _res, next) => {
  const customerId = req.header('x-customer-id') ?? 'anonymous';
  withEntity({ type: 'customer', id: customerId }, next);
});

app.post('/chat', async (req, res) => {
  const message = typeof req.body?.message === 'string' ? req.body.message : 'Hello';
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: message }],
    tags: { feature: 'chat', route: '/chat' },
  });
  res.json({ reply: completion.choices[0]?.message.content ?? '' });
});

const isSmokeTest = process.env['SMOKE_TEST'] === '1';
const server = app.listen(isSmokeTest ? 0 : Number(process.env['PORT'] ?? 3000), async () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://localhost:${port}`);
  if (!isSmokeTest) return;
  for (const customer of ['acme-corp', 'globex']) {
    const response = await fetch(`http://127.0.0.1:${port}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-customer-id': customer },
      body: JSON.stringify({ message: 'Hi' }),
    });
    console.log(customer, response.status, await response.json());
  }
  server.close();
  await infraprism.shutdown();
});
