// The instrumentation scope version is a constant (reading package.json at run time
// differs between the ESM and CJS builds); this keeps it honest.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { PACKAGE_VERSION } from '../../src/version.js';

it('reports the version in package.json as the instrumentation scope version', () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(PACKAGE_VERSION).toBe(version);
});
