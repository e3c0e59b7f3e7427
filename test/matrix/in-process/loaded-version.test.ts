// Issue #4, item 6: a matrix run that silently loaded the repo's own openai would test one
// version four times. This file runs only in the matrix (vitest.matrix.config.ts) and proves
// the run used the folder's pin: the module's VERSION, the file Node loaded it from, the
// User-Agent of a real request, and that our instrumentation traced that very module.
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const matrixDir = process.env['MATRIX_OPENAI_DIR'] ?? '';
const manifest = JSON.parse(readFileSync(join(matrixDir, 'package.json'), 'utf8')) as { dependencies: { openai: string } };
const pinnedVersion = manifest.dependencies.openai;

const bed = useOpenAITestBed(OpenAI);

describe(`openai from ${matrixDir.split(sep).slice(-1)[0] ?? '?'}`, () => {
  it('is the version pinned in the folder, installed under its real name', () => {
    expect(matrixDir).not.toBe('');
    expect(VERSION).toBe(pinnedVersion);
    const installed = JSON.parse(readFileSync(join(matrixDir, 'node_modules', 'openai', 'package.json'), 'utf8')) as unknown;
    expect(installed).toMatchObject({ name: 'openai', version: pinnedVersion });
  });

  it('sends real requests with that version and gets them traced', async () => {
    await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(bed.provider.requests[0]?.headers['user-agent']).toBe(`OpenAI/JS ${pinnedVersion}`);
    const [span] = bed.tracing.spans();
    expect(span?.attributes['infraprism.cost.usd']).toBe(0.005375);
  });
});
