// Zero-code setup: an unchanged app, instrumented from the command line and the environment.
//
//   INFRAPRISM_ENDPOINT=http://localhost:4318 OPENAI_API_KEY=sk-... \
//     node --import infraprism/register examples/zero-code.mjs
//
// The OpenAI client reads OPENAI_API_KEY and OPENAI_BASE_URL itself. The per-call params below
// are removed before the request is sent; without infraprism/register they would reach the API.
import OpenAI from 'openai';

const client = new OpenAI();

const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello' }],
  entity_type: 'customer',
  entity_id: 'acme-corp',
  tags: { feature: 'zero-code' },
});
console.log(completion.choices[0]?.message.content);

// No flush needed: spans still queued are exported when the process ends normally. An app that
// ends with process.exit() skips that; use the in-code setup and `await flush()` before it.
