// A call enters its span's context only when something would read it there: the first
// `context.with` of a process switches on async-hooks propagation for every promise on Node 20
// and 22, a cost an app that reads no context should never pay because of us.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, createContextKey, ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { withEntity } from '../../../src/index.js';
import { setCallContextMode } from '../../../src/instrumentation/core/call-context.js';
import { isHookPropagation } from '../../../src/context/propagation.js';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);
afterEach(() => setCallContextMode('auto'));

/** A client whose `fetch` records the span active while the SDK sends the request. */
function clientSeeingContext(): { client: OpenAI; seen: (Span | undefined)[] } {
  const seen: (Span | undefined)[] = [];
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: bed.provider.openaiBaseURL,
    maxRetries: 0,
    fetch: (url, init) => {
      seen.push(trace.getSpan(context.active()));
      return fetch(url, init);
    },
  });
  return { client, seen };
}

const chat = (client: OpenAI) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

describe.skipIf(!isHookPropagation())('entering the call context (hook-based propagation: Node 20, 22)', () => {
  it('runs a call from the root context in the caller context when nothing would read ours', async () => {
    const { client, seen } = clientSeeingContext();
    await chat(client);
    expect(seen).toEqual([undefined]);
    expect(bed.onlySpan().name).toBe('chat gpt-4o');
  });

  it('enters it inside a context the app entered, where propagation is on anyway', async () => {
    const { client, seen } = clientSeeingContext();
    await withEntity({ type: 'customer', id: 'acme' }, () => chat(client));
    expect(seen[0]?.spanContext().spanId).toBe(bed.onlySpan().spanContext().spanId);

    bed.tracing.reset();
    const key = createContextKey('app');
    await context.with(ROOT_CONTEXT.setValue(key, 1), () => chat(client));
    expect(seen[1]?.spanContext().spanId).toBe(bed.onlySpan().spanContext().spanId);
  });

  it('enters it when an HTTP instrumentation would make child spans of the request', async () => {
    const { client, seen } = clientSeeingContext();
    const onRequest = (): void => {};
    subscribe('undici:request:create', onRequest);
    try {
      await chat(client);
    } finally {
      unsubscribe('undici:request:create', onRequest);
    }
    expect(seen[0]?.spanContext().spanId).toBe(bed.onlySpan().spanContext().spanId);
  });

  it('enters it for every call with callContext always', async () => {
    setCallContextMode('always');
    const { client, seen } = clientSeeingContext();
    await chat(client);
    expect(seen[0]?.spanContext().spanId).toBe(bed.onlySpan().spanContext().spanId);
  });
});
