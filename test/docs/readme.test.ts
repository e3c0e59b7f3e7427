// STYLE.md §7: the README's attribute table is tested against src/semconv.ts, so a name
// added or renamed in code cannot go undocumented.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as semconv from '../../src/semconv.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it('documents every attribute name we write', () => {
  const names = Object.entries(semconv)
    .filter(([key]) => key.startsWith('ATTR_'))
    .map(([, value]) => String(value));
  expect(names.length).toBeGreaterThan(20);
  const undocumented = names.filter((name) => !readme.includes(`\`${name}`));
  expect(undocumented).toEqual([]);
});

it('gives the two fresh-clone commands', () => {
  expect(readme).toContain('npm ci && npm run demo');
  expect(readme).toContain('npm ci && npm test');
});
