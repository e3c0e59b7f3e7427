// The span of a real OpenAI call (real SDK, fake provider over loopback HTTP) carries
// the cost, its status and the version of the price table it was computed with.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { calculateCost, configurePrices, getBundledPriceTable, resetPriceTable } from '../../src/pricing/index.js';
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

  it('prices a flex call of a model with dated prices at the flex price: half the standard cost', async () => {
    await bed.client.chat.completions.create({ model: 'gpt-5.6-terra', service_tier: 'flex', messages: [{ role: 'user', content: 'hi' }] });
    const attributes = onlySpanAttributes();
    expect(attributes['openai.response.service_tier']).toBe('flex');
    expect(attributes['infraprism.cost.status']).toBe('priced');
    // The fake provider's 150 input / 500 output, at the price in force today.
    const standard = calculateCost({ provider: 'openai', model: 'gpt-5.6-terra', usage: { inputTokens: 150, outputTokens: 500 } }).usd!;
    expect(attributes['infraprism.cost.usd']).toBeCloseTo(standard / 2, 12);
  });

  it('says estimated, at the standard price, for a priority call of a model without priority prices', async () => {
    await bed.client.responses.create({ model: 'gpt-3.5-turbo', service_tier: 'priority', input: 'hi' });
    const attributes = onlySpanAttributes();
    expect(attributes['infraprism.cost.status']).toBe('estimated');
    const standard = calculateCost({ provider: 'openai', model: 'gpt-3.5-turbo', usage: { inputTokens: 150, outputTokens: 500 } }).usd!;
    expect(attributes['infraprism.cost.usd']).toBe(standard);
  });
});
