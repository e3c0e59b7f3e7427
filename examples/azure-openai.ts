/**
 * Azure OpenAI: the SDK's `AzureOpenAI` client, traced like `OpenAI` (it is a subclass).
 * Azure routes by deployment; name deployments after their model so the span's model prices.
 *
 *   AZURE_OPENAI_ENDPOINT=https://my-resource.openai.azure.com AZURE_OPENAI_API_KEY=... \
 *     npx tsx examples/azure-openai.ts
 */
import { init, withEntity } from 'infraprism';
import { AzureOpenAI } from 'openai';

// An ES module: hand the imported SDK over (or start with `node --import infraprism/register`).
const infraprism = init({ serviceName: 'azure-example', instrumentModules: { openai: AzureOpenAI } });

const client = new AzureOpenAI({
  endpoint: process.env['AZURE_OPENAI_ENDPOINT'] ?? 'https://my-resource.openai.azure.com',
  apiKey: process.env['AZURE_OPENAI_API_KEY'] ?? 'missing-key',
  apiVersion: process.env['OPENAI_API_VERSION'] ?? '2024-10-21',
  deployment: 'gpt-4o',
});

await withEntity({ type: 'customer', id: 'acme-corp' }, async () => {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Hello' }],
  });
  console.log(completion.choices[0]?.message.content);
});
await infraprism.shutdown();
