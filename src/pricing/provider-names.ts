/**
 * Which price-table providers price the calls of a span's provider. Keys are `gen_ai.provider.name`
 * values (OpenTelemetry semconv spellings, plus our own for providers semconv lacks) and common
 * variants; values are the table's provider ids (genai-prices' ids), tried in order. A provider
 * that is not listed here, or maps to no table provider (local servers), is priced by the model
 * name alone. Add a row to support a new provider.
 */
const TABLE_PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  openai: ['openai'],
  'azure.ai.openai': ['azure'],
  'azure.ai.inference': ['azure'],
  azure: ['azure'],
  anthropic: ['anthropic'],
  'aws.bedrock': ['aws'],
  aws: ['aws'],
  bedrock: ['aws'],
  'gcp.vertex_ai': ['google'],
  'gcp.gemini': ['google'],
  'gcp.gen_ai': ['google'],
  google: ['google'],
  groq: ['groq'],
  deepseek: ['deepseek'],
  mistral_ai: ['mistral'],
  mistral: ['mistral'],
  x_ai: ['x-ai'],
  xai: ['x-ai'],
  'x-ai': ['x-ai'],
  perplexity: ['perplexity'],
  together: ['together'],
  together_ai: ['together'],
  'together.ai': ['together'],
  fireworks: ['fireworks'],
  fireworks_ai: ['fireworks'],
  openrouter: ['openrouter'],
  // Local servers: free to run, and their model names are not the hosted ones'. Listed so the
  // mapping is explicit; they fall back to the model name like any unknown provider.
  ollama: [],
  vllm: [],
};

/** The table providers for a (normalized) span provider name; `[]` when there are none. */
export function tableProvidersFor(provider: string | undefined): readonly string[] {
  if (provider === undefined) return [];
  return TABLE_PROVIDERS[provider] ?? [];
}
