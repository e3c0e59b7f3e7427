/**
 * Issue #5, item 4: `AnthropicBedrock` and `AnthropicVertex` build their `messages` from the core
 * SDK's `Messages` class over their own client, so the patched prototype covers them; the
 * provider comes from the client (`aws.bedrock`, `gcp.vertex_ai`). Both real clients run against
 * the fake provider without cloud credentials: Bedrock with `skipAuth`, Vertex with a stub
 * `authClient`. Bedrock streaming (AWS event-stream framing) is in `bedrock-streaming.test.ts`.
 *
 * These packages require @anthropic-ai/sdk 1.x, so this file runs in the default run only.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { describe, expect, it } from 'vitest';
import { ourSpans, useAnthropicTestBed } from '../../support/anthropic-test-bed.js';

const bed = useAnthropicTestBed(Anthropic);

function bedrockClient(): AnthropicBedrock {
  return new AnthropicBedrock({ baseURL: bed.provider.url, awsRegion: 'us-east-1', skipAuth: true, maxRetries: 0 });
}

function vertexClient(): AnthropicVertex {
  // Stands in for google-auth-library's AuthClient: the SDK asks it for headers only.
  const authClient = { getRequestHeaders: () => Promise.resolve(new Headers({ authorization: 'Bearer fake-token' })) };
  return new AnthropicVertex({
    baseURL: `${bed.provider.url}/v1`,
    region: 'us-east5',
    projectId: 'fake-project',
    authClient: authClient as never,
    maxRetries: 0,
  });
}

describe('AnthropicBedrock', () => {
  it('records provider aws.bedrock and prices the Bedrock model id as the model that answered', async () => {
    const modelId = 'anthropic.claude-sonnet-4-20250514-v1:0';
    const message = await bedrockClient().messages.create({
      model: modelId,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
      entity_id: 'acme',
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(message.type).toBe('message');

    const request = bed.provider.requests[0]!;
    expect(request.path).toMatch(/^\/model\/.+\/invoke$/);
    expect(Object.keys(request.json as object)).not.toContain('entity_id');

    const spans = ourSpans(bed.spans());
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': modelId,
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 150,
      'gen_ai.usage.output_tokens': 500,
      'infraprism.entity.id': 'acme',
      'infraprism.cost.status': 'priced',
    });
    // claude-sonnet-4: 150 × $3 + 500 × $15 = 450 + 7500 = 7950 per 1M = $0.00795
    expect(spans[0]!.attributes['infraprism.cost.usd']).toBeCloseTo(0.00795, 10);
  });
});

describe('AnthropicVertex', () => {
  it('records provider gcp.vertex_ai for JSON and streamed calls', async () => {
    const client = vertexClient();
    const model = 'claude-sonnet-4@20250514';
    await client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    const streamed = await client.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
    expect(streamed.usage.output_tokens).toBe(500);

    expect(bed.provider.requests.map((request) => request.path.split(':').at(-1))).toEqual(['rawPredict', 'streamRawPredict']);
    const spans = ourSpans(bed.spans());
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.attributes['gen_ai.provider.name']).toBe('gcp.vertex_ai');
      expect(span.attributes['gen_ai.request.model']).toBe(model);
      // Vertex answers with Anthropic's model name, which prices the Vertex id.
      expect(span.attributes['gen_ai.response.model']).toBe('claude-sonnet-4-20250514');
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(500);
      // claude-sonnet-4: 150 × $3 + 500 × $15 = 450 + 7500 = 7950 per 1M = $0.00795
      expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(0.00795, 10);
    }
  });
});
