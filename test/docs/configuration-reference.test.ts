// Issue #10, item 3: the README's configuration reference lists every option of `init()` and
// every environment variable src/config/ reads, so an option added in code cannot go undocumented.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const configDir = new URL('../../src/config/', import.meta.url);
const configSources = readdirSync(configDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(new URL(name, configDir), 'utf8'));

/** The section from its heading to the next `## ` heading. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

// The metrics options have their own table in the Metrics section, linked from the main one.
const reference = section('Options and environment variables') + section('Metrics');

it('documents every environment variable src/config/ reads', () => {
  const names = new Set(configSources.flatMap((source) => [...source.matchAll(/['"`]((?:OTEL|INFRAPRISM)_[A-Z0-9_]+)['"`]/g)].map((m) => m[1]!)));
  expect(names.size).toBeGreaterThan(5);
  expect([...names].filter((name) => !reference.includes(`\`${name}\``))).toEqual([]);
});

it('documents every option of init() (InitOptions, BatchOptions, InstrumentModules)', () => {
  const options = readFileSync(new URL('options.ts', configDir), 'utf8');
  // Properties of the option interfaces: two-space indent, optional, e.g. `  serviceName?: string;`.
  const keys = [...options.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]!);
  expect(keys).toContain('serviceName');
  const undocumented = keys.filter((key) => !new RegExp(`\`[^\`\\n]*\\b${key}\\b[^\`\\n]*\``).test(reference));
  expect(undocumented).toEqual([]);
});

it('links every example the examples README lists', () => {
  const examplesReadme = readFileSync(new URL('../../examples/README.md', import.meta.url), 'utf8');
  const listed = [...examplesReadme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!.replace(/\/$/, ''));
  expect(listed.length).toBeGreaterThan(10);
  const examples = section('Examples');
  expect(listed.filter((name) => !examples.includes(`](examples/${name}`))).toEqual([]);
});
