// A call is priced at the price in force when it started (CostInput.at = the span's start time):
// claude-sonnet-5's price rises on 2026-09-01 in the bundled table (input 2 -> 3, output 10 -> 15
// USD per 1M tokens), so a stream started on 2026-08-31 and read to its end after midnight is
// billed at the August price.
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, expect, it, vi } from 'vitest';
import { ourSpans, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';

const bed = useAnthropicTestBed(Anthropic);
const BEFORE_CHANGE = Date.parse('2026-08-31T23:59:00Z');
const AFTER_CHANGE = Date.parse('2026-09-01T00:01:00Z');

afterEach(() => {
  vi.restoreAllMocks();
});

it('prices a stream that crosses a dated price change at the price of its start', async () => {
  const now = vi.spyOn(Date, 'now').mockReturnValue(BEFORE_CHANGE);
  const stream = await bed.client.messages.create({
    model: 'claude-sonnet-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  now.mockReturnValue(AFTER_CHANGE);
  for await (const event of stream) void event;

  const spans = ourSpans(bed.spans());
  expect(spans).toHaveLength(1);
  const attributes = spans[0]!.attributes;
  const input = Number(attributes['gen_ai.usage.input_tokens']);
  const output = Number(attributes['gen_ai.usage.output_tokens']);
  expect(input).toBeGreaterThan(0);
  expect(output).toBeGreaterThan(0);
  expect(attributes['infraprism.cost.status']).toBe('priced');
  expect(attributes['infraprism.cost.usd']).toBeCloseTo((input * 2 + output * 10) / 1e6, 10);
});
