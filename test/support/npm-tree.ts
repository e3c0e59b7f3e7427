/** What `npm ls --all --json` says is installed in an app, for the install-layout tests. */
import { run } from './child-apps.js';

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
