/**
 * Reads an app's folder for `doctor`: its package.json, tsconfig, installed SDK versions, bundler
 * configs and sources. Plain file reads, nothing executed; an unreadable file reads as absent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface AppPackageJson {
  type?: unknown;
  scripts?: Record<string, unknown>;
}

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function readAppPackageJson(dir: string): AppPackageJson | undefined {
  const text = readText(join(dir, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null ? (json as AppPackageJson) : undefined;
  } catch {
    return undefined;
  }
}

/** `compilerOptions.module` of tsconfig.json (JSONC, so read with a pattern, not JSON.parse). */
export function readTsconfigModule(dir: string): string | undefined {
  const text = readText(join(dir, 'tsconfig.json'));
  return text?.match(/"module"\s*:\s*"([^"]+)"/)?.[1];
}

/**
 * The version of `name` that Node would load from `dir`: the first node_modules/<name> found
 * walking up, as Node's resolution does. `undefined` when not installed.
 */
export function findInstalledVersion(dir: string, name: string): { version: string; path: string } | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const path = join(current, 'node_modules', name);
    const text = readText(join(path, 'package.json'));
    if (text !== undefined) {
      try {
        const version = (JSON.parse(text) as { version?: unknown }).version;
        if (typeof version === 'string') return { version, path };
      } catch {
        // a broken package.json: keep walking, as Node would fail on it anyway
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Files in `dir` (not below it) whose name starts with one of `stems` + '.', e.g. next.config.mjs. */
export function findConfigFiles(dir: string, stems: readonly string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => stems.some((stem) => name.startsWith(`${stem}.`))).sort();
}

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', '.next', 'coverage']);
const MAX_SOURCE_FILES = 2000;
const MAX_SOURCE_BYTES = 1_000_000;

/** True when any source file under `dir` matches `pattern` (bounded: 2000 files, 1 MB each). */
export function hasSourceMatching(dir: string, pattern: RegExp): boolean {
  const pending = [dir];
  let seen = 0;
  while (pending.length > 0 && seen < MAX_SOURCE_FILES) {
    const current = pending.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of entries) {
      const path = join(current, name);
      let stats;
      try {
        stats = statSync(path);
      } catch {
        continue;
      }
      if (stats.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && !name.startsWith('.')) pending.push(path);
      } else if (SOURCE_EXTENSIONS.test(name) && stats.size <= MAX_SOURCE_BYTES) {
        seen += 1;
        if (pattern.test(readText(path) ?? '')) return true;
      }
    }
  }
  return false;
}
