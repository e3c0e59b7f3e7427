/**
 * A serverless function (AWS Lambda's handler shape; Vercel, Netlify and Cloud Functions alike).
 * The platform freezes or ends the process as soon as the handler returns, before any
 * scheduled export: `flush()` in `finally` sends this invocation's spans first.
 *
 *   OPENAI_API_KEY=sk-... npx tsx examples/serverless-handler.ts
 */
import { init } from 'infraprism';
import { InfraPrismOpenAI } from 'infraprism/openai';

// Once per cold start, outside the handler.
const infraprism = init({ serviceName: 'serverless-example' });
const client = new InfraPrismOpenAI();

interface Event {
  tenantId: string;
  question: string;
}

export async function handler(event: Event): Promise<{ statusCode: number; body: string }> {
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: event.question }],
      entity_type: 'tenant',
      entity_id: event.tenantId,
      tags: { trigger: 'api-gateway' },
    });
    return { statusCode: 200, body: completion.choices[0]?.message.content ?? '' };
  } finally {
    // Resolves when exported or failed for good; never rejects.
    await infraprism.flush();
  }
}

// Run directly: one invocation, then the process ends at once, as a frozen function would
// (process.exit skips the flush at a normal exit; only the flush above delivers the span).
if (process.argv[1]?.endsWith('serverless-handler.ts')) {
  console.log(await handler({ tenantId: 'tenant-42', question: 'Hello' }));
  process.exit(0);
}
