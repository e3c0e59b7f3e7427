// CONTRIBUTING.md's way to run an example with no key and no collector,
// `npx tsx demo/offline.ts <command>`, gives the command the fake provider and a receiver and
// prints the spans that arrived — checked here as CONTRIBUTING.md runs it, on the zero-code example.
import { expect, it } from 'vitest';
import { assertBuilt, binPath, describeRun, repoRoot, runNode } from '../support/child-apps.js';

assertBuilt();

it('demo/offline.ts runs an example against the fake provider and prints its span', async () => {
  const tsx = binPath('tsx', 'tsx');
  const result = await runNode(
    [tsx, 'demo/offline.ts', process.execPath, '--import', 'infraprism/register', 'examples/zero-code.mjs'],
    { cwd: repoRoot, timeoutMs: 30_000 },
  );
  expect(result.code, describeRun(result)).toBe(0);
  expect(result.stdout).toContain('1 span(s) received over OTLP/HTTP:');
  expect(result.stdout).toMatch(/"chat gpt-4o-mini", scope infraprism-openai, entity customer:acme-corp, tags feature=zero-code, tokens \d+ in \/ \d+ out, \$0\.\d+/);
});

it('demo/offline.ts exits with the exit code of the command it ran', async () => {
  const tsx = binPath('tsx', 'tsx');
  const result = await runNode([tsx, 'demo/offline.ts', process.execPath, '-e', 'process.exit(3)'], { cwd: repoRoot, timeoutMs: 30_000 });
  expect(result.code, describeRun(result)).toBe(3);
  expect(result.stdout).toContain('0 span(s) received');
});
