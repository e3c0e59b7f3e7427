// Other instrumentations name cache tokens differently and disagree on whether input tokens count
// them. One span per source, with the attribute set that source writes (names, span kind and
// scope as in its code), through the real InfraPrismSpanProcessor: each is priced the same.
import { diag, DiagLogLevel, SpanKind, type Attributes } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { InfraPrismSpanProcessor } from '../../src/index.js';
import { CANARY_MARKER, makeCanaries } from '../support/canaries.js';

// claude-sonnet-4 per 1M: $3 input, $0.30 cache read, $3.75 cache write (5 minutes), $15 output.
// The call: 100 uncached input, 1000 read from the cache, 200 written to it, 500 output.
const CLAUDE_COST = (100 * 3 + 1000 * 0.3 + 200 * 3.75 + 500 * 15) / 1e6;

let provider: BasicTracerProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

/** Ends one span of `scope` (and `version`) with `attributes` and returns it as exported. */
function exportSpan(scope: string, version: string | undefined, kind: SpanKind, attributes: Attributes): ReadableSpan {
  const exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new InfraPrismSpanProcessor(), new SimpleSpanProcessor(exporter)] });
  const span = provider.getTracer(scope, version).startSpan('call', { kind });
  span.setAttributes(attributes);
  span.end();
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}

describe('usage of each source', () => {
  it('AI SDK 7 (semconv 1.45: cache_creation, input includes cache)', () => {
    const span = exportSpan('gen_ai', undefined, SpanKind.CLIENT, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-0',
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 200,
    });
    expect(span.attributes['infraprism.cost.status']).toBe('priced');
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(CLAUDE_COST, 12);
  });

  it('the Anthropic SDK\'s own spans (cache_write, input includes cache)', () => {
    const span = exportSpan('@anthropic-ai/sdk', '0.134.0', SpanKind.CLIENT, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_write.input_tokens': 200,
    });
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(CLAUDE_COST, 12);
    // Recorded under semconv's published name too, so every priced span reads the same.
    expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(200);
  });

  for (const version of ['0.26.0', '0.27.0']) {
    it(`OpenLLMetry's Anthropic instrumentation ${version} (input leaves cache reads and writes out)`, () => {
      const span = exportSpan('@traceloop/instrumentation-anthropic', version, SpanKind.CLIENT, {
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-20250514',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 500,
        'gen_ai.usage.cache_read.input_tokens': 1000,
        'gen_ai.usage.cache_creation.input_tokens': 200,
      });
      expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(CLAUDE_COST, 12);
    });
  }

  it('OpenLLMetry\'s Anthropic instrumentation after 0.27.0 (input includes them, as semconv asks)', () => {
    const span = exportSpan('@traceloop/instrumentation-anthropic', '0.28.0', SpanKind.CLIENT, {
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 200,
    });
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(CLAUDE_COST, 12);
  });

  it('any source whose input count is smaller than its own cache counts: they were left out', () => {
    const span = exportSpan('some-other-instrumentation', '1.0.0', SpanKind.CLIENT, {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_write.input_tokens': 200,
    });
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(CLAUDE_COST, 12);
  });

  it('OpenInference Anthropic (Python shape: INTERNAL LLM span, prompt includes cache_read and cache_write)', () => {
    const canaries = makeCanaries('openinference');
    const span = exportSpan('openinference.instrumentation.anthropic', '0.1.0', SpanKind.INTERNAL, {
      'openinference.span.kind': 'LLM',
      'llm.provider': 'anthropic',
      'llm.system': 'anthropic',
      'llm.model_name': 'claude-sonnet-4-20250514',
      'llm.token_count.prompt': 1300,
      'llm.token_count.completion': 500,
      'llm.token_count.total': 1800,
      'llm.token_count.prompt_details.cache_read': 1000,
      'llm.token_count.prompt_details.cache_write': 200,
      'input.value': canaries.userMessage,
      'output.value': canaries.responseContent,
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': canaries.userMessage,
      'llm.output_messages.0.message.content': canaries.responseContent,
    });
    expect(span.attributes['infraprism.cost.status']).toBe('priced');
    expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(CLAUDE_COST, 12);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 200,
    });
    expect(JSON.stringify(span.attributes)).not.toContain(CANARY_MARKER);
  });

  it('OpenInference OpenAI (JS: INTERNAL LLM span, prompt includes cached tokens, reasoning detail)', () => {
    const span = exportSpan('@arizeai/openinference-instrumentation-openai', '3.0.0', SpanKind.INTERNAL, {
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.system': 'openai',
      'llm.model_name': 'gpt-4o-2024-08-06',
      'llm.token_count.prompt': 1000,
      'llm.token_count.completion': 300,
      'llm.token_count.prompt_details.cache_read': 800,
      'llm.token_count.completion_details.reasoning': 0,
    });
    // gpt-4o: 200 × 2.5 + 800 × 1.25 + 300 × 10 per 1M
    expect(span.attributes).toMatchObject({ 'infraprism.cost.status': 'priced', 'infraprism.cost.usd': 0.0045, 'gen_ai.response.model': 'gpt-4o-2024-08-06' });
  });

  it('leaves OpenInference chain spans alone: they carry no usage of their own', () => {
    const span = exportSpan('openinference.instrumentation.langchain', '0.1.0', SpanKind.INTERNAL, {
      'openinference.span.kind': 'CHAIN',
      'llm.token_count.prompt': 1000,
    });
    expect(span.attributes['infraprism.cost.status']).toBeUndefined();
  });

  it('says other_provider_price, with one diag warning, when the span\'s provider has no price for the model', () => {
    const warnings: string[] = [];
    const collect = (...args: unknown[]): void => void warnings.push(args.join(' '));
    diag.setLogger({ error: collect, warn: collect, info: () => {}, debug: () => {}, verbose: () => {} }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    try {
      for (let i = 0; i < 2; i++) {
        const span = exportSpan('some-instrumentation', '1.0.0', SpanKind.CLIENT, {
          'gen_ai.provider.name': 'together_ai',
          'gen_ai.request.model': 'deepseek-chat',
          'gen_ai.usage.input_tokens': 1_000_000,
          'gen_ai.usage.output_tokens': 1_000_000,
        });
        expect(span.attributes['infraprism.cost.status']).toBe('other_provider_price');
        expect(span.attributes['infraprism.cost.usd']).toBeGreaterThan(0);
      }
      expect(warnings.filter((w) => w.includes('other_provider_price'))).toHaveLength(1);
      expect(warnings.join('\n')).toContain('provider "deepseek"');
    } finally {
      diag.disable();
    }
  });
});
