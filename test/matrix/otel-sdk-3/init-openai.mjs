// Getting started's in-code path in an ES-module app on @opentelemetry/api 1.10, whose package
// has separate `import` and `require` builds: `infraprism/openai` patches the SDK when it is
// imported, before init() registers the tracer provider. MATRIX_HAND_OVER=instrument does the
// same with instrument({ openai: OpenAI }) called before init().
import OpenAI from 'openai';
import { init, instrument } from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';

if (process.env.MATRIX_HAND_OVER === 'instrument') instrument({ openai: OpenAI });
const infraprism = init({ serviceName: 'otel-sdk-3-init', metrics: false });
const Client = process.env.MATRIX_HAND_OVER === 'instrument' ? OpenAI : InfraPrismOpenAI;
const client = new Client();
const completion = await client.chat.completions.create({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Hi' }],
  entity_type: 'customer',
  entity_id: 'sdk3-init',
});
await infraprism.shutdown();
console.log(JSON.stringify({ content: completion.choices[0]?.message.content }));
