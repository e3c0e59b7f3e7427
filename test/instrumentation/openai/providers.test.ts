// Issue #4, item 5: AzureOpenAI and OpenAI-compatible services, recognized from the
// client's base URL, get the right gen_ai.provider.name; pricing looks the model up
// for that provider and falls back to the model name.
import OpenAI, { AzureOpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';
import { redirectFetch } from '../../support/redirect-fetch.js';

const bed = useOpenAITestBed(OpenAI);
const messages = [{ role: 'user' as const, content: 'hi' }];

const onlySpan = () => bed.onlySpan();

/** A client that believes it talks to `baseURL` while its requests reach the fake provider. */
function clientFor(baseURL: string): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0, fetch: redirectFetch(baseURL, bed.provider.openaiBaseURL) });
}

describe('AzureOpenAI', () => {
  function azureClient(): AzureOpenAI {
    return new AzureOpenAI({ endpoint: bed.provider.url, apiKey: 'azure-key', apiVersion: '2024-10-21', maxRetries: 0 });
  }

  it('is azure.ai.openai, and prices the model the response names, not the deployment', async () => {
    bed.provider.enqueue('/v1/chat/completions', { kind: 'success', model: 'gpt-4o-2024-08-06' });
    await azureClient().chat.completions.create({ model: 'my-prod-deployment', messages });

    expect(bed.provider.requests[0]?.path).toBe('/openai/deployments/my-prod-deployment/chat/completions');
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'my-prod-deployment',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'infraprism.cost.usd': 0.005375,
    });
  });

  it('asks Azure streams for usage by default and hides the chunk', async () => {
    bed.provider.enqueue('/v1/chat/completions', { kind: 'success', model: 'gpt-4o-2024-08-06' });
    const stream = await azureClient().chat.completions.create({ model: 'my-prod-deployment', messages, stream: true });
    const choiceCounts: number[] = [];
    for await (const chunk of stream) choiceCounts.push(chunk.choices.length);

    expect(choiceCounts.every((count) => count === 1)).toBe(true);
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.usage.output_tokens': 500, 'infraprism.cost.status': 'priced' });
  });
});

const COMPATIBLE: ReadonlyArray<readonly [baseURL: string, providerName: string]> = [
  ['https://api.openai.com/v1', 'openai'],
  ['https://my-resource.openai.azure.com/openai/v1', 'azure.ai.openai'],
  ['https://api.groq.com/openai/v1', 'groq'],
  ['https://api.deepseek.com/v1', 'deepseek'],
  ['https://api.together.xyz/v1', 'together_ai'],
  ['https://api.fireworks.ai/inference/v1', 'fireworks_ai'],
  ['https://api.mistral.ai/v1', 'mistral_ai'],
  ['https://openrouter.ai/api/v1', 'openrouter'],
  ['https://api.x.ai/v1', 'x_ai'],
  ['https://api.perplexity.ai', 'perplexity'],
  ['https://generativelanguage.googleapis.com/v1beta/openai', 'gcp.gemini'],
  ['http://localhost:11434/v1', 'ollama'],
  ['http://127.0.0.1:8000/v1', 'vllm'],
  ['https://llm-gateway.internal.example/v1', 'openai'],
];

describe('OpenAI-compatible services', () => {
  it.each(COMPATIBLE)('recognizes %s as %s', async (baseURL, providerName) => {
    await clientFor(baseURL).chat.completions.create({ model: 'some-hosted-model', messages });
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.provider.name': providerName,
      'server.address': new URL(baseURL).hostname,
    });
  });

  it('prices a model the table knows under another provider by its name', async () => {
    await clientFor('https://openrouter.ai/api/v1').chat.completions.create({ model: 'gpt-4o', messages });
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.provider.name': 'openrouter', 'infraprism.cost.usd': 0.005375 });
  });

  it("prices a call with the service's own price for its model", async () => {
    await clientFor('https://api.groq.com/openai/v1').chat.completions.create({ model: 'llama-3.3-70b-versatile', messages });
    // Groq llama-3.3-70b-versatile: 150 × $0.59/1M + 500 × $0.79/1M = $0.0000885 + $0.000395 = $0.0004835
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.provider.name': 'groq',
      'infraprism.cost.status': 'priced',
      'infraprism.cost.usd': 0.0004835,
    });
  });

  it('records unknown_model, never a guessed cost, for a model no table knows', async () => {
    await clientFor('https://api.groq.com/openai/v1').chat.completions.create({ model: 'house-model-unreleased-9000', messages });
    const { attributes } = onlySpan();
    expect(attributes['infraprism.cost.status']).toBe('unknown_model');
    expect(attributes).not.toHaveProperty('infraprism.cost.usd');
  });

  it('recognizes the provider on every endpoint, not only chat', async () => {
    await clientFor('https://api.mistral.ai/v1').embeddings.create({ model: 'mistral-embed', input: 'a' });
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.provider.name': 'mistral_ai', 'gen_ai.operation.name': 'embeddings' });
  });
});
