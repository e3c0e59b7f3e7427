/**
 * Issue #5, item 5: one cost per call. `@anthropic-ai/sdk` 0.134+ emits its own CLIENT span
 * (scope `com.anthropic.sdk.typescript`) with token usage; next to ours, a backend summing
 * `gen_ai.usage.*` over spans would count each call twice. Rule: ours carries usage and cost,
 * the SDK's span stays (as our child) without `gen_ai.usage.*`. On versions without native
 * tracing, or with it turned off, ours is the only span. The sums below hold on every version.
 */
import Anthropic from '@anthropic-ai/sdk';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ourSpans, readScopeName, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';

const bed = useAnthropicTestBed(Anthropic);

const REQUEST = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hi' }] };
const SDK_SCOPE = 'com.anthropic.sdk.typescript';

/** 0.134+ clients settle an `openTelemetry` option; older ones have no such getter. */
const hasNativeTracing = 'openTelemetry' in new Anthropic({ apiKey: 'x' });

function clientWithNativeSpans(enabled: boolean): Anthropic {
  const openTelemetry = enabled ? { tracerProvider: bed.tracerProvider } : false;
  return new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: bed.provider.anthropicBaseURL,
    maxRetries: 0,
    // Ignored by SDKs before 0.134.
    ...({ openTelemetry } as Record<string, unknown>),
  });
}

function sumOver(spans: readonly ReadableSpan[], key: string): number {
  return spans.reduce((sum, span) => sum + (typeof span.attributes[key] === 'number' ? (span.attributes[key] as number) : 0), 0);
}

function expectOneCountedCall(): void {
  const spans = bed.spans();
  // One call of 150 in / 500 out, however many spans describe it.
  expect(sumOver(spans, 'gen_ai.usage.output_tokens')).toBe(500);
  expect(sumOver(spans, 'gen_ai.usage.input_tokens')).toBe(150);
  expect(spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined)).toHaveLength(1);
  expect(ourSpans(spans)).toHaveLength(1);
  const sdkSpans = spans.filter((span) => readScopeName(span) === SDK_SCOPE);
  if (hasNativeTracing) {
    // Proves the case is exercised: the SDK's own span is there, under ours, without usage.
    expect(sdkSpans).toHaveLength(1);
    const ours = ourSpans(spans)[0]!;
    expect(sdkSpans[0]!.parentSpanContext?.spanId ?? (sdkSpans[0] as unknown as { parentSpanId?: string }).parentSpanId).toBe(
      ours.spanContext().spanId,
    );
    expect(Object.keys(sdkSpans[0]!.attributes).filter((key) => key.startsWith('gen_ai.usage.'))).toEqual([]);
    expect(sdkSpans[0]!.attributes['gen_ai.provider.name']).toBe('anthropic');
  } else {
    expect(sdkSpans).toHaveLength(0);
  }
}

describe(`one cost per call (${hasNativeTracing ? 'SDK with' : 'SDK without'} native spans)`, () => {
  it('counts a plain create once, withResponse() included', async () => {
    const { data, response } = await clientWithNativeSpans(true).messages.create(REQUEST).withResponse();
    expect(response.status).toBe(200);
    expect(data.usage.output_tokens).toBe(500);
    expectOneCountedCall();
  });

  it('counts a streamed create once', async () => {
    const stream = await clientWithNativeSpans(true).messages.create({ ...REQUEST, stream: true });
    for await (const event of stream) void event;
    await expect.poll(() => bed.spans().length).toBe(hasNativeTracing ? 2 : 1);
    expectOneCountedCall();
  });

  it('counts messages.stream() once, the SDK span under ours (the SDK passes its span down as __span)', async () => {
    const message = await clientWithNativeSpans(true).messages.stream(REQUEST).finalMessage();
    expect(message.usage.output_tokens).toBe(500);
    await expect.poll(() => bed.spans().length).toBe(hasNativeTracing ? 2 : 1);
    expectOneCountedCall();
    expect(ourSpans(bed.spans())[0]!.attributes['gen_ai.request.stream'] ?? true).toBe(true);
  });

  it('counts beta.messages.stream() once, the SDK span under ours', async () => {
    const message = await clientWithNativeSpans(true).beta.messages.stream(REQUEST).finalMessage();
    expect(message.usage.output_tokens).toBe(500);
    await expect.poll(() => bed.spans().length).toBe(hasNativeTracing ? 2 : 1);
    expectOneCountedCall();
  });

  it('ends both spans once when messages.stream() is aborted mid-stream', async () => {
    bed.provider.enqueue('/v1/messages', { stallAfterChunks: 2 });
    const stream = clientWithNativeSpans(true).messages.stream(REQUEST);
    stream.on('streamEvent', () => stream.abort());
    await expect(stream.finalMessage()).rejects.toThrow();
    await expect.poll(() => bed.spans().length).toBe(hasNativeTracing ? 2 : 1);
    expect(ourSpans(bed.spans())).toHaveLength(1);
    expect(ourSpans(bed.spans())[0]!.attributes['error.type']).toBeDefined();
  });

  it('leaves ours as the only span when the user turns native spans off', async () => {
    await clientWithNativeSpans(false).messages.create(REQUEST);
    const spans = bed.spans();
    expect(spans).toHaveLength(1);
    expect(ourSpans(spans)[0]!.attributes['gen_ai.usage.output_tokens']).toBe(500);
  });

  it.skipIf(!hasNativeTracing)('leaves the usage on the SDK span when ours is sampled out', async () => {
    const sdkExporter = new InMemorySpanExporter();
    // Not parent-based: the SDK's span records although ours does not.
    const sdkProvider = new BasicTracerProvider({
      sampler: new AlwaysOnSampler(),
      spanProcessors: [new SimpleSpanProcessor(sdkExporter)],
    });
    bed.instrumentation.setTracerProvider(new BasicTracerProvider({ sampler: new AlwaysOffSampler() }));
    try {
      const client = new Anthropic({
        apiKey: 'sk-ant-test',
        baseURL: bed.provider.anthropicBaseURL,
        maxRetries: 0,
        ...({ openTelemetry: { tracerProvider: sdkProvider } } as Record<string, unknown>),
      });
      await client.messages.create(REQUEST);
    } finally {
      bed.instrumentation.setTracerProvider(bed.tracerProvider);
    }
    const sdkSpans = sdkExporter.getFinishedSpans();
    expect(sdkSpans).toHaveLength(1);
    expect(sdkSpans[0]!.attributes['gen_ai.usage.output_tokens']).toBe(500);
  });
});
