// Issue #11's finished state, as a user writes it: the Vercel AI SDK, LangChain and the openai SDK
// in one app, calls made for three customers. Run with `node --import infraprism/register app.mjs`;
// the only InfraPrism code is withEntity/withTags, the only AI SDK setup one registerTelemetry().
import { createOpenAI } from '@ai-sdk/openai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, registerTelemetry, streamText } from 'ai';
import { withEntity, withTags } from 'infraprism';
import OpenAI from 'openai';

const canaries = JSON.parse(process.env.CANARIES);
const baseURL = process.env.OPENAI_BASE_URL;

registerTelemetry(new OpenTelemetry());
const client = new OpenAI({ maxRetries: 0 });
const aiSdk = createOpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY });
const langchain = new ChatOpenAI({ model: 'gpt-4o', apiKey: process.env.OPENAI_API_KEY, configuration: { baseURL }, maxRetries: 0 });

await withEntity({ type: 'customer', id: 'acme' }, () =>
  client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: canaries.userMessage }] }),
);

await withEntity({ type: 'customer', id: 'globex' }, () =>
  withTags({ feature: 'ai-sdk' }, async () => {
    await generateText({ model: aiSdk.chat('gpt-4o'), system: canaries.systemMessage, prompt: canaries.userMessage });
    const result = streamText({ model: aiSdk.chat('gpt-4o'), prompt: canaries.userMessage });
    for await (const chunk of result.textStream) void chunk;
  }),
);

await withEntity({ type: 'customer', id: 'initech' }, () =>
  withTags({ feature: 'langchain' }, async () => {
    await langchain.invoke([
      ['system', canaries.systemMessage],
      ['human', canaries.userMessage],
    ]);
    for await (const chunk of await langchain.stream(canaries.userMessage)) void chunk;
  }),
);
console.log(JSON.stringify({ done: true }));
