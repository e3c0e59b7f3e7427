/**
 * Runs a command against the test suite's fake provider and a loopback OTLP/HTTP receiver, so
 * any example runs from a clone with no API key and no collector (issue #10: the README's
 * commands must work for a new user):
 *
 *   npx tsx demo/offline.ts npx tsx examples/quick-start.ts
 *
 * The command gets the variables the examples read (OPENAI_BASE_URL, ANTHROPIC_BASE_URL,
 * GROQ_BASE_URL, fake keys, INFRAPRISM_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, SMOKE_TEST=1 for the web servers); when
 * it exits, each span the receiver decoded is printed in one line. Exits with the command's code.
 */
import { spawn } from 'node:child_process';
import { startFakeProvider } from '../test/support/fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan } from '../test/support/otlp-receiver.js';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: npx tsx demo/offline.ts <command> [args...]\n  e.g. npx tsx demo/offline.ts npx tsx examples/quick-start.ts');
  process.exit(2);
}

const [provider, receiver] = await Promise.all([startFakeProvider(), startOtlpReceiver()]);
const env = {
  ...process.env,
  OPENAI_BASE_URL: provider.openaiBaseURL,
  OPENAI_API_KEY: 'sk-offline',
  ANTHROPIC_BASE_URL: provider.anthropicBaseURL,
  ANTHROPIC_API_KEY: 'sk-ant-offline',
  GROQ_BASE_URL: provider.openaiBaseURL, // examples/openai-compatible.ts
  GROQ_API_KEY: 'gsk_offline',
  INFRAPRISM_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  SMOKE_TEST: '1',
};
console.log(`fake provider ${provider.url}, OTLP receiver ${receiver.url}; running: ${command.join(' ')}\n`);

const code = await new Promise<number>((resolve) => {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`could not start ${command[0]!}: ${error.message}`);
    resolve(127);
  });
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});

const spans = receiver.spans();
console.log(`\n${spans.length} span(s) received over OTLP/HTTP:`);
for (const span of spans) console.log(`  ${describe(span)}`);
await Promise.all([provider.close(), receiver.close()]);
process.exit(code);

function describe(span: FlatSpan): string {
  const a = span.attributes;
  const parts = [`"${span.name}"`, `scope ${span.scope.name}`];
  if (a['infraprism.entity.id'] !== undefined) parts.push(`entity ${String(a['infraprism.entity.type'])}:${String(a['infraprism.entity.id'])}`);
  const tags = Object.keys(a).filter((key) => key.startsWith('infraprism.tag.')).map((key) => `${key.slice('infraprism.tag.'.length)}=${String(a[key])}`);
  if (tags.length > 0) parts.push(`tags ${tags.join(',')}`);
  if (a['gen_ai.usage.input_tokens'] !== undefined) parts.push(`tokens ${String(a['gen_ai.usage.input_tokens'])} in / ${String(a['gen_ai.usage.output_tokens'])} out`);
  if (a['infraprism.cost.status'] !== undefined) {
    parts.push(a['infraprism.cost.usd'] === undefined ? `cost ${String(a['infraprism.cost.status'])}` : `$${String(a['infraprism.cost.usd'])}`);
  }
  return parts.join(', ');
}
