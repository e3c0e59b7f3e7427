// The README is the page a stranger reads in one sitting: short, with every link it gives landing
// on a file of this repository. The reference it links to is tested against src/semconv.ts, so a
// name added or renamed in code cannot go undocumented.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as semconv from '../../src/semconv.js';
import { docPages, readDoc } from './doc-pages.js';

const readme = readDoc('README.md');

it('keeps the README under 15 KB', () => {
  expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(15 * 1024);
});

it('documents every attribute name of src/semconv.ts in the reference or the metrics page', () => {
  const reference = readDoc('docs/reference.md') + readDoc('docs/metrics.md');
  const names = Object.entries(semconv)
    .filter(([key]) => key.startsWith('ATTR_'))
    .map(([, value]) => String(value));
  expect(names.length).toBeGreaterThan(20);
  const undocumented = names.filter((name) => !reference.includes(`\`${name}`));
  expect(undocumented).toEqual([]);
});

it('gives the two fresh-clone commands', () => {
  const contributing = readDoc('CONTRIBUTING.md');
  expect(contributing).toContain('npm ci && npm run demo');
  expect(contributing).toContain('npm ci && npm test');
});

it('shows the flow picture, and the picture is an SVG in the repository', () => {
  const picture = /!\[[^\]]+\]\((docs\/images\/[\w-]+\.svg)\)/.exec(readme);
  expect(picture, 'README shows an image from docs/images/').not.toBeNull();
  const svg = readDoc(picture![1]!);
  expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});

// Pages other work streams write from the README sections this one moved out; until they land,
// a link to one of them is not a broken link.
const pagesWrittenElsewhere = new Set<string>([]);

it('links only to files and headings that exist', () => {
  const broken: string[] = [];
  for (const page of docPages()) {
    const text = readDoc(page);
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
      const [path, fragment] = target!.split('#') as [string, string | undefined];
      const file = path === '' ? page : new URL(path, new URL(page, 'file:///r/')).pathname.slice(3);
      if (pagesWrittenElsewhere.has(file)) continue;
      if (!existsSync(new URL(`../../${file}`, import.meta.url))) {
        broken.push(`${page}: ${target}`);
        continue;
      }
      if (fragment && file.endsWith('.md') && !statSync(new URL(`../../${file}`, import.meta.url)).isDirectory()) {
        const anchors = headingAnchors(readDoc(file));
        if (!anchors.has(fragment)) broken.push(`${page}: ${target}`);
      }
    }
  }
  expect(broken).toEqual([]);
});

/** GitHub's anchors: the heading lowercased, punctuation other than `-` and `_` dropped, spaces to `-`. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = !inFence && /^#{1,6} (.*)$/.exec(line);
    if (heading) anchors.add(heading[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}
