/** This package's own package.json, as shipped next to dist/: the peer ranges it declares. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let ownManifest: { peerDependencies?: Record<string, string> } | undefined;

function readOwnManifest(): { peerDependencies?: Record<string, string> } {
  if (ownManifest !== undefined) return ownManifest;
  // src/cli/ or dist/esm/cli/: walk up to the package.json named infraprism.
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (json.name === 'infraprism') return (ownManifest = json as typeof ownManifest & object);
    } catch {
      // no package.json here (or dist/cjs's marker without a name): keep walking
    }
  }
  return (ownManifest = {});
}

/** The range of `name` in our peerDependencies, e.g. `>=0.30.0 <2`. */
export function readOwnPeerRange(name: string): string | undefined {
  return readOwnManifest().peerDependencies?.[name];
}

/**
 * Whether `version` meets every comparator of a space-separated range (`>=0.30.0 <2`), the form
 * our peerDependencies use. Pre-release tags compare as their release.
 */
export function isInRange(version: string, range: string): boolean {
  const actual = parseVersion(version);
  if (actual === undefined) return false;
  return range
    .trim()
    .split(/\s+/)
    .every((comparator) => {
      const match = /^(>=|<=|>|<|=)?v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
      const bound = match ? parseVersion(match[2]!) : undefined;
      if (!match || bound === undefined) return false;
      const order = compareVersions(actual, bound);
      switch (match[1]) {
        case '>=': return order >= 0;
        case '<=': return order <= 0;
        case '>': return order > 0;
        case '<': return order < 0;
        default: return order === 0;
      }
    });
}

function parseVersion(text: string): number[] | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim().replace(/^v/, ''));
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
