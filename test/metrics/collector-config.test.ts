// collector-config.yaml's wiring and privacy patterns, read without a collector, so `npm test`
// checks them on any machine. That the real collector accepts the file and does what these
// patterns promise is proven by test/collector/*.slow.test.ts (CI builds the collector from
// collector/builder-config.yaml and runs the file unchanged).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GEN_AI_CONTENT_ATTRIBUTES, GEN_AI_CONTENT_ATTRIBUTE_PREFIXES } from '../../src/semconv.js';

type Kind = 'extensions' | 'receivers' | 'processors' | 'connectors' | 'exporters';
const KINDS: readonly Kind[] = ['extensions', 'receivers', 'processors', 'connectors', 'exporters'];

const configText = readFileSync(new URL('../../collector-config.yaml', import.meta.url), 'utf8');
type Config = Record<string, unknown> & {
  service: { extensions?: string[]; pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
};
const config = parse(configText) as Config;
const docs = readFileSync(new URL('../../docs/collector.md', import.meta.url), 'utf8');
const builderManifest = parse(readFileSync(new URL('../../collector/builder-config.yaml', import.meta.url), 'utf8')) as {
  dist: { version: string };
} & Record<string, Array<{ gomod: string }>>;

function components(source: Record<string, unknown>): Array<{ kind: Kind; id: string; type: string; body: unknown }> {
  return KINDS.flatMap((kind) =>
    Object.entries((source[kind] as Record<string, unknown> | undefined) ?? {}).map(([id, body]) => ({
      kind,
      id,
      type: id.split('/')[0]!,
      body,
    })),
  );
}

describe('collector-config.yaml', () => {
  it('names the release CI runs it with, here and in docs/collector.md, as the builder manifest pins it', () => {
    const release = `v${builderManifest.dist.version.split('-')[0]}`;
    expect(configText).toContain(`${release} release`);
    expect(docs).toContain(release);
    // One release for every component module.
    const versions = new Set(KINDS.flatMap((kind) => (builderManifest[kind] ?? []).map((m) => m.gomod.split(' ')[1])));
    expect([...versions]).toEqual([release]);
  });

  it('has in the builder manifest every component type it uses', () => {
    const modules = KINDS.flatMap((kind) => (builderManifest[kind] ?? []).map((m) => m.gomod.split(' ')[0]!));
    const expected: Record<string, string> = {
      file_storage: 'filestorage',
      otlp: 'otlpreceiver',
      memory_limiter: 'memorylimiterprocessor',
      transform: 'transformprocessor',
      filter: 'filterprocessor',
      batch: 'batchprocessor',
      deltatocumulative: 'deltatocumulativeprocessor',
      signaltometrics: 'signaltometricsconnector',
      otlp_http: 'otlphttpexporter',
      prometheus: 'prometheusexporter',
    };
    for (const component of components(config)) {
      const module = expected[component.type];
      expect(module, `${component.kind}.${component.id}`).toBeDefined();
      expect(modules.some((path) => path.endsWith(`/${module}`)), `${component.id} -> ${module}`).toBe(true);
    }
  });

  it('wires every pipeline to defined components, memory_limiter first, deltatocumulative before the Prometheus exporter', () => {
    const defined = new Set(components(config).map((c) => c.id));
    const connectors = Object.keys((config['connectors'] as Record<string, unknown>) ?? {});
    for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
      for (const id of [...pipeline.receivers, ...(pipeline.processors ?? []), ...pipeline.exporters]) {
        expect(defined.has(id), `pipeline ${name} uses undefined ${id}`).toBe(true);
      }
      expect(pipeline.processors?.[0], `pipeline ${name}`).toBe('memory_limiter');
      if (pipeline.exporters.includes('prometheus')) expect(pipeline.processors).toContain('deltatocumulative');
    }
    // Each connector is an exporter of exactly one pipeline (no fan-out counting twice) and a
    // receiver of another.
    for (const connector of connectors) {
      const pipelines = Object.values(config.service.pipelines);
      expect(pipelines.filter((p) => p.exporters.includes(connector))).toHaveLength(1);
      expect(pipelines.filter((p) => p.receivers.includes(connector))).toHaveLength(1);
    }
    // Queues persist to a storage extension the service starts.
    for (const c of components(config).filter((c) => c.kind === 'exporters')) {
      const storage = (c.body as { sending_queue?: { storage?: string } }).sending_queue?.storage;
      if (storage !== undefined) expect(config.service.extensions).toContain(storage);
    }
  });

  it('sends the InfraPrism API key from the environment only', () => {
    const exporter = (config['exporters'] as Record<string, { headers?: Record<string, string> }>)['otlp_http/infraprism'];
    expect(exporter?.headers?.['authorization']).toBe('Bearer ${env:INFRAPRISM_API_KEY}');
    expect(configText).not.toMatch(/ipk_[A-Za-z0-9]{6,}/);
  });

  it('deletes GenAI content attributes and events but keeps counts, cost and attribution', () => {
    const statements = JSON.stringify(config['processors']);
    // OTTL string literals: "..." with \\ for one backslash.
    const patterns = [...configText.matchAll(/delete_matching_keys\(attributes, "([^"]+)"\)/g)].map((m) => new RegExp(m[1]!.replaceAll('\\\\', '\\')));
    // Three span statements, then two span-event ones (content keys; exception text on GenAI spans).
    expect(patterns).toHaveLength(5);
    const spanPatterns = patterns.slice(0, 3);
    expect(statements).toContain('delete_matching_keys');
    const deleted = (key: string) => spanPatterns.some((pattern) => pattern.test(key));
    // What InfraPrism's own span processor removes in the app, the collector removes too.
    for (const key of [
      ...GEN_AI_CONTENT_ATTRIBUTES,
      ...GEN_AI_CONTENT_ATTRIBUTE_PREFIXES.flatMap((prefix) => [prefix, `${prefix}.0.content`]),
      'ai.prompt.messages', 'ai.prompt.tools', 'gen_ai.prompt.0.content', 'gen_ai.completion.0.content',
      'llm.input_messages.0.message.content', 'traceloop.entity.input', 'input.value', 'output.value',
    ]) expect(deleted(key), key).toBe(true);
    for (const key of [
      'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.request.model', 'gen_ai.response.model',
      'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.response.finish_reasons', 'infraprism.cost.usd',
      'infraprism.entity.id', 'infraprism.tag.feature', 'gen_ai.tool.name', 'gen_ai.tool.call.id',
      'ai.usage.inputTokens', 'ai.response.model', 'ai.model.id', 'ai.operationId', 'ai.telemetry.metadata.entity_id',
    ]) expect(deleted(key), key).toBe(false);

    const eventCondition = /IsMatch\(name, "([^"]+)"\)/.exec(configText)![1]!.replaceAll('\\\\', '\\');
    const dropsEvent = (name: string) => new RegExp(eventCondition).test(name);
    for (const name of ['gen_ai.user.message', 'gen_ai.choice', 'gen_ai.client.inference.operation.details', 'gen_ai.content.prompt']) {
      expect(dropsEvent(name), name).toBe(true);
    }
    expect(dropsEvent('exception')).toBe(false);
  });
});
