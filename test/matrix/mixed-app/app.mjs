// Issue #11's finished state, as a user writes it: the Vercel AI SDK, LangChain (OpenAI and
// Anthropic chat models) and the openai and @anthropic-ai/sdk SDKs in one app, calls made for three
// customers. @langchain/anthropic pins @anthropic-ai/sdk 0.122.x, so npm nests that copy under it
// next to the app's own 1.x: both must be traced. Run with `node --import infraprism/register app.mjs`;
// the only InfraPrism code is withEntity/withTags, the only AI SDK setup one registerTelemetry().
import { createOpenAI } from '@ai-sdk/openai';
import { OpenTelemetry } from '@ai-sdk/otel';
import Anthropic from '@anthropic-ai/sdk';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, registerTelemetry, streamText } from 'ai';
import { withEntity, withTags } from 'infraprism';
import OpenAI from 'openai';

const canaries = JSON.parse(process.env.CANARIES);
const baseURL = process.env.OPENAI_BASE_URL;

registerTelemetry(new OpenTelemetry());
const client = new OpenAI({ maxRetries: 0 });
const aiSdk = createOpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY });
const anthropic = new Anthropic({ baseURL: process.env.ANTHROPIC_BASE_URL, maxRetries: 0 });
const langchainClaude = new ChatAnthropic({
  model: 'claude-sonnet-4-0',
  apiKey: process.env.ANTHROPIC_API_KEY,
  anthropicApiUrl: process.env.ANTHROPIC_BASE_URL,
  maxRetries: 0,
});
const langchain = new ChatOpenAI({ model: 'gpt-4o', apiKey: process.env.OPENAI_API_KEY, configuration: { baseURL }, maxRetries: 0 });

await withEntity({ type: 'customer', id: 'acme' }, async () => {
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: canaries.userMessage }] });
  await anthropic.messages.create({
    model: 'claude-sonnet-4-0',
    max_tokens: 100,
    system: canaries.systemMessage,
    messages: [{ role: 'user', content: canaries.userMessage }],
  });
});

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
    await langchainClaude.invoke([
      ['system', canaries.systemMessage],
      ['human', canaries.userMessage],
    ]);
    for await (const chunk of await langchainClaude.stream(canaries.userMessage)) void chunk;
  }),
);
console.log(JSON.stringify({ done: true }));
