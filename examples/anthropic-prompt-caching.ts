/**
 * Anthropic with prompt caching: a long system prompt marked `cache_control` is written to the
 * cache by the first call and read from it by the next ones, at a tenth of the input price.
 * InfraPrism prices cache reads and writes apart (`gen_ai.usage.cache_read.input_tokens`,
 * `gen_ai.usage.cache_creation.input_tokens`).
 *
 *   ANTHROPIC_API_KEY=sk-ant-... OTEL_SERVICE_NAME=anthropic-example \
 *     npx tsx --import infraprism/register examples/anthropic-prompt-caching.ts
 *
 * Set up from the command line: this file is an ES module, and `--import infraprism/register`
 * installs the loader hook that sees its `import Anthropic` (an in-code `init()` cannot, as it
 * runs after the imports). The client reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL itself.
 * Spans still queued are exported when the process ends.
 */
import Anthropic from '@anthropic-ai/sdk';
import { withEntity } from 'infraprism';

// `openTelemetry: false`: newer SDKs emit a span of their own for each call when a tracer
// provider is registered; next to InfraPrism's it would count every token twice.
const client = new Anthropic({ openTelemetry: false });

// Caching needs a prefix of at least 1024 tokens (2048 on Haiku); a real app caches its long
// instructions, tool definitions or documents here.
const instructions = 'You answer questions about the Acme Corp employee handbook. '.repeat(200);

await withEntity({ type: 'customer', id: 'acme-corp' }, async () => {
  for (const question of ['How many vacation days do I get?', 'Can I work remotely?']) {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: [{ type: 'text', text: instructions, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: question }],
    });
    const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = message.usage;
    console.log({ input_tokens, cache_creation_input_tokens, cache_read_input_tokens });
  }
});
