// The fenced code blocks of the documentation, with their language tag, for the tests that check
// each block by its language (test/docs/code-blocks.test.ts) or run it (the PromQL ones, in
// test/metrics/prometheus.slow.test.ts).
import { docPages, readDoc } from './doc-pages.js';

export interface FencedBlock {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word, lowercased; '' for an untagged block. */
  lang: string;
  code: string;
}

export function fencedBlocks(pages: string[] = docPages()): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (const page of pages) {
    const lines = readDoc(page).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^(\s*)(`{3,})\s*([\w+-]*)/.exec(lines[i]!);
      if (!open) continue;
      const [, indent, fence, lang] = open as unknown as [string, string, string, string];
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence); j++) {
        body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
      }
      blocks.push({ page, line: i + 1, lang: lang.toLowerCase(), code: body.join('\n') + '\n' });
      i = j;
    }
  }
  return blocks;
}
