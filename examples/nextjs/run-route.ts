/**
 * Calls the route handler the way Next.js does: `register()` once, then `POST(request)`, and
 * reads the streamed body.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/nextjs/run-route.ts
 */
import { POST } from './app/api/chat/route.js';
import { register } from './instrumentation.js';

// Next calls register() before it loads any route; here the route module is loaded first, which
// is the same to InfraPrism since the route hands its own SDK copy over with instrument().
await register();

const response = await POST(
  new Request('http://localhost/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-customer-id': 'umbrella' },
    body: JSON.stringify({ message: 'Hi' }),
  }),
);
console.log(response.status, await response.text());
