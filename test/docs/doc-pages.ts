// The user-facing documentation the docs tests read: README.md, CONTRIBUTING.md and every page
// under docs/, as paths relative to the repository root.
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

export function readDoc(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

export function docPages(): string[] {
  const pages = ['README.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(new URL(dir, root), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}${entry.name}/`);
      else if (entry.name.endsWith('.md')) pages.push(`${dir}${entry.name}`);
    }
  };
  walk('docs/');
  return pages;
}
