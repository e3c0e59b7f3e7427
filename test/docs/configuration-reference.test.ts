// The configuration reference (docs/reference.md, and docs/metrics.md for the metrics options)
// lists every option of `init()` and every environment variable src/config/ reads, so an option
// added in code cannot go undocumented.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readDoc } from './doc-pages.js';

const configDir = new URL('../../src/config/', import.meta.url);
const configSources = readdirSync(configDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(new URL(name, configDir), 'utf8'));

/** The section of a page from its heading to the next `## ` heading. */
function section(page: string, heading: string): string {
  const text = readDoc(page);
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `${page} has a "## ${heading}" section`).toBeGreaterThan(-1);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

// The metrics options have their own table on the Metrics page, linked from the main one.
const reference = section('docs/reference.md', 'Options and environment variables') + readDoc('docs/metrics.md');

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
  const examples = section('CONTRIBUTING.md', 'Examples');
  expect(listed.filter((name) => !examples.includes(`](examples/${name}`))).toEqual([]);
});
