/**
 * Issue #5, item 6: the matrix tests what it says. The SDK that made the requests (its
 * `x-stainless-package-version` header) is the version pinned in the matrix folder (or, in the
 * default run, the root devDependency), and the native-span detection the coexistence tests
 * branch on agrees with the version (0.134+ emits its own spans).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useAnthropicTestBed } from '../../support/anthropic-test-bed.js';

const bed = useAnthropicTestBed(Anthropic);

function expectedVersion(): string {
  const matrixDir = process.env['MATRIX_ANTHROPIC_DIR'];
  if (matrixDir) {
    const pin = JSON.parse(readFileSync(join(matrixDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    return pin.dependencies['@anthropic-ai/sdk']!;
  }
  const installed = JSON.parse(
    readFileSync(join(process.cwd(), 'node_modules/@anthropic-ai/sdk/package.json'), 'utf8'),
  ) as { version: string };
  return installed.version;
}

function isAtLeast(version: string, major: number, minor: number): boolean {
  const [actualMajor = 0, actualMinor = 0] = version.split('.').map(Number);
  return actualMajor > major || (actualMajor === major && actualMinor >= minor);
}

describe('the SDK under test', () => {
  it('is the pinned version, and native spans are detected from 0.134 on', async () => {
    await bed.client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] });
    const version = expectedVersion();
    expect(bed.provider.requests[0]!.headers['x-stainless-package-version']).toBe(version);
    expect('openTelemetry' in bed.client).toBe(isAtLeast(version, 0, 134));
    expect(bed.spans()).toHaveLength(1);
  });
});
