// Issue #10, item 2: `infraprism price <model>` shows the bundled per-1M prices and the cost of an
// example call, as calculateCost computes it for the spans.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calculateCost, lookupPrice } from '../../src/pricing/index.js';
import { assertBuilt, describeRun, repoRoot, runNode } from '../support/child-apps.js';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const cli = join(repoRoot, manifest.bin['infraprism']!);
const price = (...args: string[]) => runNode([cli, 'price', ...args], { cwd: repoRoot });

beforeAll(() => assertBuilt());

describe('infraprism price', () => {
  it('shows the per-1M prices of a model and the cost of an example call', async () => {
    const result = await price('gpt-4o', '--input', '2000', '--output', '300');
    expect(result.code, describeRun(result)).toBe(0);
    const expected = calculateCost({ model: 'gpt-4o', usage: { inputTokens: 2000, outputTokens: 300 } });
    const { price: perMillion } = lookupPrice({ model: 'gpt-4o' })!;
    expect(result.stdout).toContain(`input                  $${Number(perMillion.input).toFixed(2)}`);
    expect(result.stdout).toContain(`output                 $${Number(perMillion.output).toFixed(2)}`);
    expect(result.stdout).toContain(`A call with 2,000 input and 300 output tokens: $${expected.usd}`);
  });

  it('resolves a dated snapshot to its model and prints the cost result as JSON', async () => {
    const result = await price('gpt-4o-2024-08-06', '--provider', 'openai', '--json');
    expect(result.code, describeRun(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(
      calculateCost({ provider: 'openai', model: 'gpt-4o-2024-08-06', usage: { inputTokens: 1000, outputTokens: 1000 } }),
    );
  });

  it('says when the price is another provider\'s for the same model', async () => {
    const result = await price('deepseek-chat', '--provider', 'together_ai');
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('deepseek-chat (deepseek)');
    expect(result.stdout).toContain('together_ai has no price of its own for it: calls are recorded with infraprism.cost.status=other_provider_price.');
  });

  it('says a model is unknown, and that its calls carry no cost rather than $0, with exit 1', async () => {
    const result = await price('no-such-model-7');
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stdout).toContain('No price known for no-such-model-7');
    expect(result.stdout).toContain('unknown_model');
  });

  it('exits 2 with the usage on a wrong argument', async () => {
    const result = await price('gpt-4o', '--input', 'lots');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--input must be a whole number');
    expect(result.stderr).toContain('Usage:');
  });
});
