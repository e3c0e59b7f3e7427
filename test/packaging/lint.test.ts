// Checks what `npm publish` would ship: publint, Are the Types Wrong?, and the packed file list.
import { describe, expect, it } from 'vitest';
import { assertBuilt, binPath, describeRun, repoRoot, run, runNode } from '../support/child-apps.js';

describe('the package as packed', () => {
  it('passes publint --strict', async () => {
    assertBuilt();
    const result = await runNode([binPath('publint', 'publint'), '--strict'], { cwd: repoRoot, timeoutMs: 60_000 });
    expect(result.code, describeRun(result)).toBe(0);
  });

  it('passes attw with the node16 profile (ESM and CommonJS consumers)', async () => {
    assertBuilt();
    // --pack runs `npm pack` here and deletes the tarball afterwards. `infraprism/register` is
    // CommonJS under both conditions by design; attw accepts that as it is (no rule ignored).
    const result = await runNode(
      [binPath('@arethetypeswrong/cli', 'attw'), '--pack', '.', '--profile', 'node16', '--no-color', '--no-emoji'],
      { cwd: repoRoot, timeoutMs: 60_000 },
    );
    expect(result.code, describeRun(result)).toBe(0);
  });

  const DEV_PAGE_DIR = 'cli/dev/page';

  it('ships dist for every src file, twice, with declarations and maps, and nothing else', async () => {
    assertBuilt();
    const result = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      timeoutMs: 60_000,
    });
    expect(result.code, describeRun(result)).toBe(0);
    const [packed] = JSON.parse(result.stdout) as [{ files: { path: string }[] }];
    const files = new Set(packed.files.map((file) => file.path));

    // Stray compiler output in src/ would ship, and would shadow the .ts files for vitest. The
    // `infraprism dev` page is static files, served as they are from the copy in dist/esm.
    const pageFiles = [...files].filter((path) => path.startsWith(`src/${DEV_PAGE_DIR}/`));
    const strays = [...files].filter(
      (path) => path.startsWith('src/') && !/(?<!\.d)\.ts$/.test(path) && !pageFiles.includes(path),
    );
    expect(strays, 'files in src/ other than .ts sources (compiler output?)').toEqual([]);
    expect(pageFiles.map((path) => path.slice(`src/${DEV_PAGE_DIR}/`.length)).sort()).toEqual(['index.html', 'page.css', 'page.js']);
    for (const path of pageFiles) expect(files, 'the dev page is copied into dist/esm').toContain(`dist/esm/${path.slice('src/'.length)}`);

    const sources = [...files].filter((path) => path.startsWith('src/') && !pageFiles.includes(path));
    expect(sources, 'src/ is shipped, so source maps and declaration maps resolve').toContain('src/index.ts');
    const missing: string[] = [];
    for (const source of sources) {
      const stem = source.slice('src/'.length, -'.ts'.length);
      // register is CommonJS only (ARCHITECTURE.md, "Build"; package.json#exports["./register"]); the CLI
      // (package.json#bin) is ESM only.
      const trees = stem === 'register' ? ['cjs'] : stem.startsWith('cli/') ? ['esm'] : ['esm', 'cjs'];
      for (const tree of trees) {
        for (const suffix of ['.js', '.js.map', '.d.ts', '.d.ts.map']) {
          const path = `dist/${tree}/${stem}${suffix}`;
          if (!files.has(path)) missing.push(path);
        }
      }
    }
    expect(missing, 'built files missing from the package').toEqual([]);
    expect(files).toContain('dist/cjs/package.json');
    expect(files).not.toContain('dist/esm/register.js');

    const unexpected = [...files].filter(
      (path) =>
        !/^(dist|src)\//.test(path) &&
        !/^(package\.json|README\.md|CHANGELOG\.md|THIRD_PARTY_NOTICES\.md|LICENSE)$/.test(path),
    );
    expect(unexpected, 'files outside dist/ and src/ in the package').toEqual([]);
  });
});
