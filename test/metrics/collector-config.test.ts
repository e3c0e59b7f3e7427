// Issue #8, item 2: collector-config.yaml is what users copy into production, so every
// component and key in it must exist in the contrib release the README names. No otelcol-contrib
// binary installs offline (not in Debian, not on npm), so `otelcol-contrib validate` cannot run
// here: this test checks the file against the component types and config keys extracted from
// that release's sources (test/metrics/fixtures/otelcol-contrib-v0.159.0.json), then the pipeline
// wiring and the privacy patterns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComponentSpec {
  module: string;
  keys: string[];
}
type Kind = 'extensions' | 'receivers' | 'processors' | 'connectors' | 'exporters';
const KINDS: readonly Kind[] = ['extensions', 'receivers', 'processors', 'connectors', 'exporters'];

const fixture = JSON.parse(readFileSync(new URL('./fixtures/otelcol-contrib-v0.159.0.json', import.meta.url), 'utf8')) as {
  components: Record<Kind, Record<string, ComponentSpec>>;
};
const configText = readFileSync(new URL('../../collector-config.yaml', import.meta.url), 'utf8');
type Config = Record<string, unknown> & {
  service: { extensions?: string[]; pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
};
const config = parse(configText) as Config;
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every key path in `value`: maps as `a.b`, list elements as `a[]`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const element = `${prefix}[]`;
    return [element, ...value.flatMap((item) => keyPaths(item, element))];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...keyPaths(child, path)];
  });
}

function isAllowed(path: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    const patternParts = pattern.split('.');
    const pathParts = path.split('.');
    return patternParts.length === pathParts.length && patternParts.every((part, i) => part === '*' || part === pathParts[i]);
  });
}

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

/** The scale-out example is commented out; it is checked all the same. */
function commentedLoadBalancingExample(): Record<string, unknown> {
  const lines = configText.split('\n');
  const start = lines.findIndex((line) => line.trim() === '#   exporters:');
  expect(start).toBeGreaterThan(0);
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('#   ')) break;
    block.push(line.slice(4));
  }
  return parse(block.join('\n')) as Record<string, unknown>;
}

describe('collector-config.yaml against otelcol-contrib v0.159.0', () => {
  it('names the checked release in its header and in the README', () => {
    expect(configText).toContain('otelcol-contrib v0.159.0');
    expect(readme).toContain('otelcol-contrib v0.159.0');
  });

  it('uses only components of that release, with keys their config structs have', () => {
    const all = [...components(config), ...components(commentedLoadBalancingExample())];
    expect(all.map((c) => c.type)).toEqual(expect.arrayContaining(['signaltometrics', 'deltatocumulative', 'file_storage', 'transform', 'loadbalancing', 'memory_limiter']));
    for (const component of all) {
      const spec = fixture.components[component.kind][component.type];
      expect(spec, `${component.kind}.${component.id}: no ${component.type} ${component.kind.slice(0, -1)} in the release`).toBeDefined();
      const unknown = keyPaths(component.body).filter((path) => !isAllowed(path, spec!.keys));
      expect(unknown, `${component.kind}.${component.id}: keys not in ${spec!.module}`).toEqual([]);
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
    const spanPatterns = patterns.slice(0, 2);
    expect(patterns).toHaveLength(3);
    expect(statements).toContain('delete_matching_keys');
    const deleted = (key: string) => spanPatterns.some((pattern) => pattern.test(key));
    for (const key of [
      'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.definitions',
      'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'gen_ai.prompt.0.content', 'gen_ai.completion.0.content',
      'llm.input_messages.0.message.content', 'traceloop.entity.input', 'input.value', 'output.value',
    ]) expect(deleted(key), key).toBe(true);
    for (const key of [
      'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.request.model', 'gen_ai.response.model',
      'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.response.finish_reasons', 'infraprism.cost.usd',
      'infraprism.entity.id', 'infraprism.tag.feature', 'gen_ai.tool.name', 'gen_ai.tool.call.id',
    ]) expect(deleted(key), key).toBe(false);

    const eventCondition = /IsMatch\(name, "([^"]+)"\)/.exec(configText)![1]!.replaceAll('\\\\', '\\');
    const dropsEvent = (name: string) => new RegExp(eventCondition).test(name);
    for (const name of ['gen_ai.user.message', 'gen_ai.choice', 'gen_ai.client.inference.operation.details', 'gen_ai.content.prompt']) {
      expect(dropsEvent(name), name).toBe(true);
    }
    expect(dropsEvent('exception')).toBe(false);
  });
});
