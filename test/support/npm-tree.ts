/** Packing this repo and reading what `npm ls --all --json` says an app has, for the install tests. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeRun, repoRoot, run } from './child-apps.js';

interface NpmTree {
  readonly version?: string;
  readonly dependencies?: Record<string, NpmTree>;
}

/** Every `name@version` installed anywhere in the app's tree (each once). */
export async function listInstalled(appDir: string): Promise<string[]> {
  const tree = await run('npm', ['ls', '--all', '--json'], { cwd: appDir, timeoutMs: 60_000 });
  const found = new Set<string>();
  const walk = (node: NpmTree): void => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version !== undefined) found.add(`${name}@${child.version}`);
      walk(child);
    }
  };
  walk(JSON.parse(tree.stdout) as NpmTree);
  return [...found];
}

/**
 * Our OTel SDK peers (every `@opentelemetry/*` peer but the API) as install specs of the 2.x line:
 * `^2.12.0` for the SDK, `^0.223.0` for the experimental packages. What an app on the 2.x line
 * names next to `infraprism` on Node 22+, where npm would otherwise pick the 3.x line.
 */
export function secondLinePeerSpecs(peerDependencies: Readonly<Record<string, string>>): string[] {
  return Object.keys(peerDependencies)
    .filter((name) => name.startsWith('@opentelemetry/') && name !== '@opentelemetry/api')
    .map((name) => `${name}@${peerDependencies[name]!.startsWith('^2.') ? '^2.12.0' : '^0.223.0'}`);
}

/** `npm pack`s this repo (dist/ must be built) into `dir`; resolves with the tarball's path. */
export async function packOurTarball(dir: string): Promise<string> {
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: repoRoot, timeoutMs: 60_000 });
  const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
  if (pack.code !== 0 || tarball === undefined) throw new Error(`npm pack wrote no tarball\n${describeRun(pack)}`);
  return join(dir, tarball);
}
