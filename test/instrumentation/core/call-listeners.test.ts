// Issue #8 groundwork: every traced call that ends is handed to call-end listeners
// (the metrics hook), with numbers and names only, and a listener that throws never
// reaches the caller.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { withEntity } from '../../../src/index.js';
import { addCallEndListener, type EndedCall } from '../../../src/instrumentation/core/call-listeners.js';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);
const removers: Array<() => void> = [];
afterEach(() => removers.splice(0).forEach((remove) => remove()));

function collectEndedCalls(): EndedCall[] {
  const calls: EndedCall[] = [];
  removers.push(addCallEndListener((call) => calls.push(call)));
  return calls;
}

describe('call-end listeners', () => {
  it('receive one record per call with usage, cost, duration and attribution', async () => {
    const calls = collectEndedCalls();
    await withEntity({ type: 'customer', id: 'acme' }, () =>
      bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call).toMatchObject({
      operationName: 'chat',
      providerName: 'openai',
      requestModel: 'gpt-4o',
      isStreaming: false,
      usage: { inputTokens: 150, outputTokens: 500 },
      cost: { status: 'priced', usd: 0.005375 },
      attribution: { entityType: 'customer', entityId: 'acme' },
    });
    expect(call!.durationSeconds).toBeGreaterThan(0);
    expect(call!.errorType).toBeUndefined();
  });

  it('receive the error type of a failed call and time to first chunk of a stream', async () => {
    const calls = collectEndedCalls();
    bed.provider.enqueue('/v1/chat/completions', { kind: 'error', status: 429 });
    await expect(
      bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const _chunk of stream);
    expect(calls.map((call) => call.errorType)).toEqual(['RateLimitError', undefined]);
    expect(calls[1]!.timeToFirstChunkSeconds).toBeGreaterThan(0);
  });

  it('keep the caller safe from a listener that throws', async () => {
    removers.push(addCallEndListener(() => { throw new Error('listener bug'); }));
    const calls = collectEndedCalls();
    const completion = await bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.object).toBe('chat.completion');
    expect(calls).toHaveLength(1);
    expect(bed.tracing.spans()).toHaveLength(1);
  });
});
