// Issue #7, item 2, in process: serverless mode exports each span as it ends (no flush, no
// batch delay); flush() resolves once all is delivered; shutdown() is idempotent; after it,
// calls still work, flush() still resolves, and nothing more is exported.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useInitBed } from '../support/init-bed.js';

const bed = useInitBed(OpenAI, {
  serverless: true,
  // A batch delay no test waits for: only the serverless export can deliver in time.
  batch: { scheduledDelayMillis: 600_000 },
});

const call = (entity: string) =>
  bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], entity_id: entity } as never);

describe('serverless mode', () => {
  it('exports a span as soon as its call ends, without flush()', async () => {
    await call('serverless-1');
    const [span] = await bed.receiver.waitForSpans(1);
    expect(span!.attributes['infraprism.entity.id']).toBe('serverless-1');
  });

  it('has every span of a handler delivered when `await flush()` resolves', async () => {
    bed.receiver.reset();
    await Promise.all([call('handler-a'), call('handler-b'), call('handler-c')]);
    await bed.setup.flush();
    const entities = bed.receiver.spans().map((span) => span.attributes['infraprism.entity.id']).sort();
    expect(entities).toEqual(['handler-a', 'handler-b', 'handler-c']);
  });
});

describe('shutdown', () => {
  it('is idempotent, and calls made afterwards work without telemetry', async () => {
    bed.receiver.reset();
    await call('before-shutdown');
    const first = bed.setup.shutdown();
    expect(bed.setup.shutdown()).toBe(first);
    await first;
    expect(bed.receiver.spans().map((span) => span.attributes['infraprism.entity.id'])).toEqual(['before-shutdown']);

    const completion = await call('after-shutdown');
    expect((completion as { object: string }).object).toBe('chat.completion');
    await bed.setup.flush();
    await bed.setup.shutdown();
    expect(bed.receiver.spans()).toHaveLength(1);
  });
});
