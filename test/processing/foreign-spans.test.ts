// Issue #11, item 2: GenAI spans made by other instrumentations get our cost, entity and tags,
// and lose their content, through InfraPrismSpanProcessor.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../src/attribution/index.js';
import { InfraPrismSpanProcessor, withEntity, withTags } from '../../src/index.js';
import { CANARY_MARKER, makeCanaries } from '../support/canaries.js';

function setUp(processor: SpanProcessor = new InfraPrismSpanProcessor()) {
  ensureContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, tracer: provider.getTracer('some-genai-instrumentation') };
}

/** A processor without onEnding, as sdk-trace-base before 2.3 drives it. */
function withoutOnEnding(processor: InfraPrismSpanProcessor): SpanProcessor {
  return {
    onStart: (span, context) => processor.onStart(span, context),
    onEnd: (span) => processor.onEnd(span),
    forceFlush: () => processor.forceFlush(),
    shutdown: () => processor.shutdown(),
  };
}

function onlySpan(exporter: InMemorySpanExporter): ReadableSpan {
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

let provider: BasicTracerProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

describe('InfraPrismSpanProcessor on foreign GenAI spans', () => {
  for (const [label, makeProcessor] of [
    ['onEnding (sdk-trace-base 2.3+)', () => new InfraPrismSpanProcessor()],
    ['onEnd fallback (older SDKs)', () => withoutOnEnding(new InfraPrismSpanProcessor())],
  ] as const) {
    it(`prices a CLIENT span with usage and attributes it from the context at its start, via ${label}`, () => {
      const bed = setUp(makeProcessor());
      provider = bed.provider;
      const span = withEntity({ type: 'customer', id: 'acme-corp' }, () =>
        withTags({ feature: 'search' }, () =>
          bed.tracer.startSpan('chat claude-sonnet-4', {
            kind: SpanKind.CLIENT,
            attributes: { 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-0' },
          }),
        ),
      );
      span.setAttributes({
        'gen_ai.usage.input_tokens': 1_200,
        'gen_ai.usage.cache_read.input_tokens': 1_000,
        'gen_ai.usage.cache_write.input_tokens': 0,
        'gen_ai.usage.output_tokens': 100,
      });
      span.end();

      const attributes = onlySpan(bed.exporter).attributes;
      // claude-sonnet-4: $3 input, $0.30 cache read, $15 output per 1M tokens.
      expect(attributes['infraprism.cost.usd']).toBeCloseTo((200 * 3 + 1_000 * 0.3 + 100 * 15) / 1e6, 12);
      expect(attributes['infraprism.cost.status']).toBe('priced');
      expect(attributes['infraprism.entity.type']).toBe('customer');
      expect(attributes['infraprism.entity.id']).toBe('acme-corp');
      expect(attributes['infraprism.tag.feature']).toBe('search');
    });
  }

  it('marks the cost an upper bound when the span reports no cached input (contrib openai spans)', () => {
    const bed = setUp();
    provider = bed.provider;
    const span = bed.tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o' },
    });
    span.setAttributes({ 'gen_ai.response.model': 'gpt-4o-2024-08-06', 'gen_ai.usage.input_tokens': 150, 'gen_ai.usage.output_tokens': 500 });
    span.end();

    const attributes = onlySpan(bed.exporter).attributes;
    expect(attributes['infraprism.cost.status']).toBe('upper_bound');
    expect(attributes['infraprism.cost.usd']).toBe(0.005375);
  });

  it('reads the AI SDK raw provider spelling (openai.chat) as the semconv value', () => {
    const bed = setUp();
    provider = bed.provider;
    const span = bed.tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: { 'gen_ai.provider.name': 'openai.chat', 'gen_ai.request.model': 'gpt-4o' },
    });
    span.setAttributes({ 'gen_ai.usage.input_tokens': 150, 'gen_ai.usage.cache_read.input_tokens': 0, 'gen_ai.usage.output_tokens': 500 });
    span.end();
    expect(onlySpan(bed.exporter).attributes['infraprism.cost.status']).toBe('priced');
  });

  it('leaves spans without usage, non-CLIENT spans and unknown models without a cost', () => {
    const bed = setUp();
    provider = bed.provider;
    bed.tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET' } }).end();
    bed.tracer
      .startSpan('invoke_agent', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 150 } })
      .end();
    bed.tracer
      .startSpan('chat x', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'no-such-model-xyz', 'gen_ai.usage.input_tokens': 1 } })
      .end();

    const [http, agent, unknown] = bed.exporter.getFinishedSpans();
    expect(http!.attributes['infraprism.cost.status']).toBeUndefined();
    expect(agent!.attributes['infraprism.cost.status']).toBeUndefined();
    expect(unknown!.attributes['infraprism.cost.status']).toBe('unknown_model');
    expect(unknown!.attributes['infraprism.cost.usd']).toBeUndefined();
  });

  for (const [label, makeProcessor] of [
    ['onEnding', () => new InfraPrismSpanProcessor()],
    ['onEnd fallback', () => withoutOnEnding(new InfraPrismSpanProcessor())],
  ] as const) {
    it(`removes content attributes, content events and error text before export (${label})`, () => {
      const canaries = makeCanaries();
      const bed = setUp(makeProcessor());
      provider = bed.provider;
      const span = bed.tracer.startSpan('chat gpt-4o', {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: canaries.userMessage }] }]),
          'gen_ai.system_instructions': canaries.systemMessage,
          'gen_ai.tool.definitions': canaries.toolDescription,
          'gen_ai.prompt.0.content': canaries.assistantMessage,
          'ai.prompt.messages': canaries.userMessage,
          'ai.prompt': canaries.userMessage,
          'gen_ai.request.stop_sequences': [canaries.refusal],
        },
      }) as Span;
      span.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': canaries.userMessage });
      span.addEvent('gen_ai.choice', { content: canaries.responseContent });
      span.recordException(new Error(canaries.errorMessage));
      span.setAttributes({
        'gen_ai.output.messages': canaries.responseContent,
        'gen_ai.completion.0.content': canaries.responseContent,
        'ai.response.text': canaries.responseContent,
        'ai.response.toolCalls': canaries.toolCallArguments,
        'ai.toolCall.args': canaries.toolCallArguments,
        'ai.toolCall.result': canaries.toolResult,
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 5,
      });
      span.setStatus({ code: SpanStatusCode.ERROR, message: canaries.errorMessage });
      span.end();

      const exported = onlySpan(bed.exporter);
      const bytes = JSON.stringify({ attributes: exported.attributes, events: exported.events, status: exported.status });
      expect(bytes).not.toContain(CANARY_MARKER);
      // What is not content stays.
      expect(exported.attributes['gen_ai.request.model']).toBe('gpt-4o');
      expect(exported.attributes['gen_ai.usage.input_tokens']).toBe(10);
      expect(exported.events.map((event) => event.name)).toEqual(['gen_ai.content.prompt', 'gen_ai.choice', 'exception']);
      expect(exported.status.code).toBe(SpanStatusCode.ERROR);
    });
  }

  it('keeps content when built with scrubContent: false', () => {
    const bed = setUp(new InfraPrismSpanProcessor({ scrubContent: false }));
    provider = bed.provider;
    bed.tracer.startSpan('chat', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.input.messages': 'kept' } }).end();
    expect(onlySpan(bed.exporter).attributes['gen_ai.input.messages']).toBe('kept');
  });

  it('never throws into the instrumentation that ends the span', () => {
    const bed = setUp();
    provider = bed.provider;
    const span = bed.tracer.startSpan('chat', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.provider.name': 'openai' } });
    span.setAttribute('gen_ai.usage.input_tokens', Number.NaN);
    expect(() => span.end()).not.toThrow();
  });
});

describe('InfraPrismSpanProcessor and dated prices', () => {
  it('prices a foreign span at the price in force at its start, not at its end', () => {
    const bed = setUp();
    provider = bed.provider;
    // claude-sonnet-5 costs 2/10 USD per 1M tokens until 2026-08-31 and 3/15 from 2026-09-01 on.
    const span = bed.tracer.startSpan('chat claude-sonnet-5', {
      kind: SpanKind.CLIENT,
      startTime: Date.parse('2026-08-31T23:59:00Z'),
      attributes: { 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-5' },
    });
    span.setAttributes({ 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100, 'gen_ai.usage.cache_read.input_tokens': 0 });
    span.end(Date.parse('2026-09-01T00:01:00Z'));
    const attributes = onlySpan(bed.exporter).attributes;
    expect(attributes['infraprism.cost.status']).toBe('priced');
    expect(attributes['infraprism.cost.usd']).toBeCloseTo((1000 * 2 + 100 * 10) / 1e6, 10);
  });
});
