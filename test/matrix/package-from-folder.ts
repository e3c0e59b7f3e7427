import { join, relative } from 'node:path';
import type { Plugin } from 'vitest/config';

/**
 * A vitest plugin for the version matrix: resolves `packageName` (and its subpaths) from a
 * matrix folder, where one version is installed under its real name (`npm ci --prefix <folder>`),
 * for importers outside that folder. The resolution is redone as if the import came from inside
 * the folder, so the package's own `exports` apply and Node itself loads the SDK, as in an app.
 */
export function packageFromMatrixFolder(packageName: string, folder: string): Plugin {
  const importerInside = join(folder, 'package.json');
  return {
    name: `infraprism-matrix:${packageName}`,
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source !== packageName && !source.startsWith(`${packageName}/`)) return null;
      if (importer !== undefined && !relative(folder, importer).startsWith('..')) return null;
      const resolved = await this.resolve(source, importerInside, { ...options, skipSelf: true });
      if (resolved === null) throw new Error(`${source} is not installed in ${folder}: run npm ci --prefix ${folder}`);
      return resolved;
    },
  };
}
