// Issue #3, item 2: an openai version outside the supported range gets one clear diag
// warning and is left alone — never silence, never a broken app.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBuilt, describeRun, repoRoot, runNode } from '../support/child-apps.js';

let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'infraprism-old-openai-'));
  const fakeOpenAI = join(dir, 'node_modules', 'openai');
  await mkdir(fakeOpenAI, { recursive: true });
  await mkdir(join(dir, 'node_modules', '@opentelemetry'), { recursive: true });
  await symlink(repoRoot, join(dir, 'node_modules', 'infraprism'), 'dir');
  await symlink(join(repoRoot, 'node_modules', '@opentelemetry', 'api'), join(dir, 'node_modules', '@opentelemetry', 'api'), 'dir');
  // openai 3.x had a different client (OpenAIApi); a stand-in with that version is enough
  // to exercise the version check on a real require hook.
  await writeFile(join(fakeOpenAI, 'package.json'), JSON.stringify({ name: 'openai', version: '3.3.0', main: 'index.js' }));
  await writeFile(join(fakeOpenAI, 'index.js'), 'class OpenAIApi { createChatCompletion() { return "v3-result"; } }\nmodule.exports = { OpenAIApi };\n');
  await writeFile(
    join(dir, 'app.cjs'),
    `const { OpenAIApi } = require('openai');
     const again = require('openai');
     console.log(JSON.stringify({ result: new OpenAIApi().createChatCompletion(), same: again.OpenAIApi === OpenAIApi }));`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('warns once that openai 3 is outside the supported range and leaves it working', async () => {
  const result = await runNode(['-r', 'infraprism/register', 'app.cjs'], {
    cwd: dir,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
  });
  expect(result.code, describeRun(result)).toBe(0);
  expect(JSON.parse(result.stdout.trim())).toEqual({ result: 'v3-result', same: true });
  const warnings = result.stderr.split('\n').filter((line) => line.includes('openai 3.3.0 is outside the supported majors'));
  expect(warnings, describeRun(result)).toHaveLength(1);
});
