// src/semconv.ts keeps its own copies of the GenAI and standard names (so a semconv release cannot
// break the package); this test holds them to the latest published @opentelemetry/semantic-conventions
// (its incubating entry, a devDependency), so a rename upstream or a typo here fails a test. Test-only
// import: src/ never imports the package.
import * as published from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/semconv.js';

const PUBLISHED_VALUES: ReadonlySet<string> = new Set((Object.values(published) as unknown[]).filter((value): value is string => typeof value === 'string'));

/**
 * Names we use that the published package does not have (yet), each with why. Anything else that
 * is missing fails the test.
 */
const NOT_PUBLISHED_YET: Readonly<Record<string, string>> = {
  // Ours, on Anthropic spans, named like semconv's `openai.response.service_tier`; semconv's
  // Anthropic page defines no service tier attribute.
  ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER: 'anthropic.response.service_tier',
  // Read from other spans only: the GenAI conventions' newer name for cache writes (the Anthropic
  // SDK's own spans write it); 1.45 publishes `gen_ai.usage.cache_creation.input_tokens`, which we write.
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS: 'gen_ai.usage.cache_write.input_tokens',
  // Read from the Anthropic SDK's own spans only: its TTL split of cache writes.
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS: 'anthropic.usage.cache_creation.ephemeral_5m_input_tokens',
  ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS: 'anthropic.usage.cache_creation.ephemeral_1h_input_tokens',
  // The OpenTelemetry metrics SDK specification's overflow attribute, not a semantic convention.
  ATTR_OTEL_METRIC_OVERFLOW: 'otel.metric.overflow',
};

/**
 * Our constants that name semconv attributes, metrics or enum values: every `ATTR_*` and `METRIC_*`
 * and every `GEN_AI_*_VALUE_*`, except our own namespace (`infraprism.*`) and the names of other
 * instrumentations we only read (the AI SDK's `ai.*`, OpenInference's `llm.*` and
 * `openinference.*`).
 */
function semconvNames(): [string, string][] {
  return Object.entries(ours).flatMap(([name, value]): [string, string][] => {
    if (typeof value !== 'string') return [];
    const isName = /^(ATTR|METRIC)_/.test(name) || /^(GEN_AI_[A-Z_]+_VALUE_|ERROR_TYPE_VALUE_)/.test(name);
    if (!isName) return [];
    if (/^(infraprism|ai|llm|openinference)\./.test(value) || /^ATTR_(INFRAPRISM|AI)_/.test(name)) return [];
    return [[name, value]];
  });
}

describe('our semconv names against the published @opentelemetry/semantic-conventions', () => {
  it('checks every GenAI and standard name we use', () => {
    const names = semconvNames().map(([name]) => name);
    expect(names.length).toBeGreaterThan(40);
    for (const name of ['ATTR_GEN_AI_USAGE_INPUT_TOKENS', 'ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS', 'ATTR_ERROR_TYPE', 'METRIC_GEN_AI_CLIENT_TOKEN_USAGE', 'GEN_AI_PROVIDER_NAME_VALUE_OPENAI']) {
      expect(names).toContain(name);
    }
  });

  it('finds each of them in the published package, except the commented allow-list', () => {
    const missing = semconvNames()
      .filter(([name, value]) => !PUBLISHED_VALUES.has(value) && NOT_PUBLISHED_YET[name] !== value)
      .map(([name, value]) => `${name} = ${value}`);
    expect(missing).toEqual([]);
  });

  it('keeps the allow-list honest: every entry is still ours and still unpublished', () => {
    const ourValues = new Map(semconvNames());
    for (const [name, value] of Object.entries(NOT_PUBLISHED_YET)) {
      expect(ourValues.get(name), name).toBe(value);
      expect(PUBLISHED_VALUES.has(value), `${value} is published now: drop it from the allow-list`).toBe(false);
    }
  });

  it('spells each name as the published constant of the same name does, where there is one', () => {
    const renamed = semconvNames()
      .filter(([name, value]) => name in published && (published as Record<string, unknown>)[name] !== value)
      .map(([name, value]) => `${name}: ours ${value}, published ${String((published as Record<string, unknown>)[name])}`);
    expect(renamed).toEqual([]);
  });
});
