// The calls of the zero-code AI SDK apps (test/matrix/ai-v6, ai-v7): what a user writes with no
// telemetry setup at all. The app entries load `ai` and the providers their own way (ESM import,
// CommonJS require) and hand them in, so the same calls run against whichever copy was loaded.
// Prints the caller-visible results as one JSON line, with the values that differ from run to run
// (ids the fake provider numbers, timestamps, timings) left out, so a run under
// `infraprism/register` can be compared with a plain one.
import { withEntity, withTags } from 'infraprism';

const VOLATILE_KEYS = new Set(['id', 'responseId', 'timestamp', 'headers', 'performance', 'request', 'response', 'providerMetadata']);

function stable(value) {
  return JSON.parse(JSON.stringify(value, (key, item) => (VOLATILE_KEYS.has(key) ? undefined : item)));
}

export async function runZeroCodeCalls({ ai, createOpenAI, createAnthropic }) {
  const canaries = JSON.parse(process.env.CANARIES);
  const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL });
  const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY, baseURL: `${process.env.ANTHROPIC_BASE_URL}/v1` });
  const outputs = [];
  await withEntity({ type: 'customer', id: 'acme' }, () =>
    withTags({ feature: 'zero-code' }, async () => {
      for (const model of [openai.chat('gpt-4o'), anthropic('claude-sonnet-4-0')]) {
        const generated = await ai.generateText({ model, system: canaries.systemMessage, prompt: canaries.userMessage });
        outputs.push({ text: generated.text, finishReason: generated.finishReason, usage: generated.usage });
        const streamed = ai.streamText({ model, system: canaries.systemMessage, prompt: canaries.userMessage });
        const parts = [];
        for await (const part of streamed.fullStream) parts.push(part);
        outputs.push({ parts, usage: await streamed.usage });
      }
      const embedded = await ai.embed({ model: openai.embedding('text-embedding-3-small'), value: canaries.userMessage });
      outputs.push({ embedding: embedded.embedding, usage: embedded.usage });
    }),
  );
  console.log(JSON.stringify(stable(outputs)));
}
