/**
 * Issue #5, item 1: legacy `completions.create` (`/v1/complete`), present in the 0.x SDKs (the
 * matrix runs this file against them; 1.x removed it). Its responses carry no token usage, so the
 * span says `no_usage` rather than guessing.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { hasClass, ourSpans, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';

const bed = useAnthropicTestBed(Anthropic);

interface LegacyCompletions {
  create(body: Record<string, unknown>): Promise<unknown> & PromiseLike<unknown>;
}

function completions(): LegacyCompletions {
  return (bed.client as unknown as { completions: LegacyCompletions }).completions;
}

const REQUEST = { model: 'claude-2.1', max_tokens_to_sample: 64, prompt: '\n\nHuman: Hi\n\nAssistant:' };

describe.skipIf(!hasClass(Anthropic, 'Completions'))('completions.create (legacy)', () => {
  it('records a text_completion span without usage, and says so', async () => {
    await completions().create({ ...REQUEST, entity_id: 'acme' });
    expect(Object.keys(bed.provider.requests[0]!.json as object)).not.toContain('entity_id');
    const spans = ourSpans(bed.spans());
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.request.model': 'claude-2.1',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.response.finish_reasons': ['stop_sequence'],
      'infraprism.cost.status': 'no_usage',
      'infraprism.entity.id': 'acme',
    });
  });

  it('ends a streamed completion once it is read', async () => {
    const stream = (await completions().create({ ...REQUEST, stream: true })) as AsyncIterable<{ completion: string }>;
    let text = '';
    for await (const event of stream) text += event.completion;
    expect(text).toBe('Hello from the fake provider.');
    const spans = ourSpans(bed.spans());
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes['gen_ai.request.stream']).toBe(true);
    expect(spans[0]!.attributes['gen_ai.response.finish_reasons']).toEqual(['stop_sequence']);
  });
});
