// Issue #3, items 8 and 9: init() exports through a BatchSpanProcessor and OTLP/HTTP;
// this test decodes what actually arrives on a loopback receiver.
import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { init, withEntity } from '../../src/index.js';
import { useInitBed } from '../support/init-bed.js';
import { OTLP_SPAN_KIND } from '../support/otlp-receiver.js';

const bed = useInitBed(
  OpenAI,
  {
    apiKey: 'ipk_export_test',
    serviceName: 'export-test',
    resourceAttributes: { 'deployment.environment.name': 'test' },
  },
  'sk-provider-key',
);

describe('OTLP/HTTP export', () => {
  it('delivers priced, attributed spans with the resource and the API key header on flush', async () => {
    await withEntity({ type: 'customer', id: 'acme-corp' }, () =>
      Promise.all([
        bed.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a' }], tags: { feature: 'chat' } } as never),
        bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'b' }] }),
      ]),
    );
    await bed.setup.flush();

    const spans = await bed.receiver.waitForSpans(2);
    const byModel = Object.fromEntries(spans.map((span) => [span.attributes['gen_ai.request.model'], span]));
    expect(byModel['gpt-4o']!.kind).toBe(OTLP_SPAN_KIND.CLIENT);
    expect(byModel['gpt-4o']!.attributes).toMatchObject({
      'infraprism.entity.type': 'customer',
      'infraprism.entity.id': 'acme-corp',
      'infraprism.tag.feature': 'chat',
      'infraprism.cost.usd': 0.005375,
      'gen_ai.usage.input_tokens': 150,
    });
    expect(byModel['gpt-4o-mini']!.attributes['infraprism.entity.id']).toBe('acme-corp');
    expect(byModel['gpt-4o']!.resource).toMatchObject({ 'service.name': 'export-test', 'deployment.environment.name': 'test' });
    expect(byModel['gpt-4o']!.scope.name).toBe('infraprism-openai');

    const headers = bed.receiver.requestHeaders();
    expect(headers.every((header) => header['authorization'] === 'Bearer ipk_export_test')).toBe(true);
    // The InfraPrism key goes to the InfraPrism endpoint only, never to the provider.
    expect(bed.provider.requests.every((request) => !JSON.stringify(request.headers).includes('ipk_export_test'))).toBe(true);
  });

  it('registers one global tracer provider and returns the same setup when called again', () => {
    expect(init()).toBe(bed.setup);
    expect(bed.setup.tracerProvider).toBeDefined();
    expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(bed.setup.tracerProvider);
  });

  it('keeps calls working, and our params away from the provider, after shutdown', async () => {
    await bed.setup.shutdown();
    await bed.setup.shutdown();
    const completion = await bed.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'after' }],
      entity_id: 'after-shutdown',
    } as never);
    expect((completion as { object: string }).object).toBe('chat.completion');
    expect(bed.provider.requests.at(-1)!.json).not.toHaveProperty('entity_id');
  });
});
