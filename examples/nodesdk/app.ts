/** The app itself knows nothing of InfraPrism, apart from the customer it works for. */
import OpenAI from 'openai';
import { withEntity } from 'infraprism';

const client = new OpenAI();

await withEntity({ type: 'customer', id: 'initech' }, async () => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello' }],
  });
  console.log(completion.choices[0]?.message.content);
});
