// Issue #6: the span of a real OpenAI call (real SDK, fake provider over loopback HTTP) carries
// the cost, its status and the version of the price table it was computed with.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { configurePrices, getBundledPriceTable, resetPriceTable } from '../../src/pricing/index.js';
import { useOpenAITestBed } from '../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);

afterEach(() => resetPriceTable());

function onlySpanAttributes() {
  const spans = bed.tracing.spans();
  expect(spans).toHaveLength(1);
  return spans[0]!.attributes;
}

describe('cost attributes on the span', () => {
  it('records the cost, its status and the bundled price table version', async () => {
    await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(onlySpanAttributes()).toMatchObject({
      // gpt-4o, the fake provider's 150 input / 500 output: 150 × 2.5 + 500 × 10 per 1M
      'infraprism.cost.usd': 0.005375,
      'infraprism.cost.status': 'priced',
      'infraprism.cost.price_table': getBundledPriceTable().version,
    });
  });

  it('prices with your own prices and says so in the table version', async () => {
    configurePrices({ prices: { 'my-fine-tune': { input: 10, output: 20 } } }, {});
    await bed.client.chat.completions.create({ model: 'my-fine-tune', messages: [{ role: 'user', content: 'hi' }] });
    const attributes = onlySpanAttributes();
    // 150 × 10 + 500 × 20 = 11500 per 1M
    expect(attributes['infraprism.cost.usd']).toBe(0.0115);
    expect(attributes['infraprism.cost.price_table']).toBe(`${getBundledPriceTable().version}+custom`);
  });

  it('records the table version with unknown_model too, so a miss can be traced to its table', async () => {
    await bed.client.chat.completions.create({ model: 'no-such-model-xyz', messages: [{ role: 'user', content: 'hi' }] });
    const attributes = onlySpanAttributes();
    expect(attributes['infraprism.cost.status']).toBe('unknown_model');
    expect(attributes).not.toHaveProperty('infraprism.cost.usd');
    expect(attributes['infraprism.cost.price_table']).toBe(getBundledPriceTable().version);
  });
});
