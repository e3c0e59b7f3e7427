/**
 * An OpenAI-compatible provider (Groq here; Together, Fireworks, DeepSeek, vLLM, Ollama alike):
 * the `openai` client with another `baseURL`. The span's `server.address` names the host;
 * a model the price table does not know is recorded as `infraprism.cost.status=unknown_model`,
 * never as $0.
 *
 *   GROQ_API_KEY=gsk_... npx tsx examples/openai-compatible.ts
 */
import { init, withEntity } from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';

const infraprism = init({ serviceName: 'openai-compatible-example' });

const groq = new InfraPrismOpenAI({
  baseURL: process.env['GROQ_BASE_URL'] ?? 'https://api.groq.com/openai/v1',
  apiKey: process.env['GROQ_API_KEY'] ?? null,
});

await withEntity({ type: 'customer', id: 'acme-corp' }, async () => {
  const completion = await groq.chat.completions.create({
    model: 'llama-3.3-70b-versatile',
    messages: [{ role: 'user', content: 'Hello' }],
    tags: { feature: 'chat', provider: 'groq' },
  });
  console.log(completion.choices[0]?.message.content);
});
await infraprism.shutdown();
