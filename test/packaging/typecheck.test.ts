// Issue #3, item 5: the strict type-check is part of the test command — the sources under
// both builds' settings, the tests, and the examples against the built package (which
// proves entity_type / entity_id / tags are typed for users).
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { assertBuilt, describeRun, repoRoot, runNode } from '../support/child-apps.js';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

it.each(['tsconfig.json', 'tsconfig.cjs.json', 'test/tsconfig.json', 'examples/tsconfig.json', 'demo/tsconfig.json'])(
  'type-checks %s with no errors',
  async (project) => {
    assertBuilt();
    const result = await runNode([tsc, '-p', project, '--noEmit'], { cwd: repoRoot, timeoutMs: 120_000 });
    expect(result.code, describeRun(result)).toBe(0);
  },
  120_000,
);
