import {
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_DEEPSEEK,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
  GEN_AI_PROVIDER_NAME_VALUE_GROQ,
  GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_PERPLEXITY,
  GEN_AI_PROVIDER_NAME_VALUE_X_AI,
  INFRAPRISM_PROVIDER_NAME_VALUE_FIREWORKS_AI,
  INFRAPRISM_PROVIDER_NAME_VALUE_OLLAMA,
  INFRAPRISM_PROVIDER_NAME_VALUE_OPENROUTER,
  INFRAPRISM_PROVIDER_NAME_VALUE_TOGETHER_AI,
  INFRAPRISM_PROVIDER_NAME_VALUE_VLLM,
} from '../../semconv.js';
import type { ProviderTarget } from '../core/operation.js';
import { readObject, readString } from '../core/readers.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

interface HostRule {
  /** The host itself, or any subdomain of it. */
  readonly host: string;
  /** Only when the base URL's path starts with this (one host, several APIs). */
  readonly pathPrefix?: string;
  readonly providerName: string;
}

/**
 * OpenAI-compatible services, recognized from the client's `baseURL`. Provider names
 * are semconv's `gen_ai.provider.name` values where semconv defines one, ours
 * (README, "Providers") otherwise. Pricing looks the model up under this provider,
 * then by model name alone.
 */
export const OPENAI_COMPATIBLE_HOSTS: readonly HostRule[] = [
  { host: 'api.openai.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_OPENAI },
  { host: 'openai.azure.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI },
  { host: 'cognitiveservices.azure.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI },
  { host: 'services.ai.azure.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI },
  { host: 'api.groq.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_GROQ },
  { host: 'api.deepseek.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_DEEPSEEK },
  { host: 'api.together.xyz', providerName: INFRAPRISM_PROVIDER_NAME_VALUE_TOGETHER_AI },
  { host: 'api.together.ai', providerName: INFRAPRISM_PROVIDER_NAME_VALUE_TOGETHER_AI },
  { host: 'api.fireworks.ai', providerName: INFRAPRISM_PROVIDER_NAME_VALUE_FIREWORKS_AI },
  { host: 'api.mistral.ai', providerName: GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI },
  { host: 'openrouter.ai', providerName: INFRAPRISM_PROVIDER_NAME_VALUE_OPENROUTER },
  { host: 'api.x.ai', providerName: GEN_AI_PROVIDER_NAME_VALUE_X_AI },
  { host: 'api.perplexity.ai', providerName: GEN_AI_PROVIDER_NAME_VALUE_PERPLEXITY },
  {
    host: 'generativelanguage.googleapis.com',
    pathPrefix: '/v1beta/openai',
    providerName: GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
  },
];

/** Local servers on their default ports: Ollama's 11434, vLLM's 8000. */
const LOCAL_PORTS: Readonly<Record<number, string>> = {
  11434: INFRAPRISM_PROVIDER_NAME_VALUE_OLLAMA,
  8000: INFRAPRISM_PROVIDER_NAME_VALUE_VLLM,
};
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Providers that accept `stream_options.include_usage` whatever their base URL. */
const STREAM_USAGE_PROVIDERS = new Set([GEN_AI_PROVIDER_NAME_VALUE_OPENAI, GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI]);

export interface OpenAITargetOptions {
  /** Base URLs (prefixes) besides OpenAI and Azure whose endpoints accept `stream_options`. */
  streamUsageBaseURLs?: readonly string[] | undefined;
}

/**
 * Where an openai resource (`client.chat.completions`) sends its calls, read from its
 * client's `baseURL`: the provider, the server, and whether streamed usage can be
 * asked for. An `AzureOpenAI` client is Azure whatever its host (a private endpoint
 * or proxy), and its request names a deployment, so the response's model is priced.
 */
export function readOpenAITarget(resource: unknown, options: OpenAITargetOptions = {}): ProviderTarget {
  const client = readObject(readObject(resource)?.['_client']);
  const baseURL = readString(client?.['baseURL']);
  const isAzureClient = isAzureOpenAIClient(client);
  const target: ProviderTarget = {
    providerName: isAzureClient ? GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI : GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  };
  if (baseURL && URL.canParse(baseURL)) {
    const url = new URL(baseURL);
    target.serverAddress = url.hostname;
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    if (port !== undefined) target.serverPort = port;
    if (!isAzureClient) target.providerName = readProviderName(url, port);
  }
  target.acceptsStreamUsageOption =
    STREAM_USAGE_PROVIDERS.has(target.providerName) && (baseURL === undefined || !isLocal(baseURL))
      ? true
      : isListed(baseURL, options.streamUsageBaseURLs);
  return target;
}

function readProviderName(url: URL, port: number | undefined): string {
  const host = url.hostname.toLowerCase();
  for (const rule of OPENAI_COMPATIBLE_HOSTS) {
    if (host !== rule.host && !host.endsWith(`.${rule.host}`)) continue;
    if (rule.pathPrefix !== undefined && !url.pathname.startsWith(rule.pathPrefix)) continue;
    return rule.providerName;
  }
  if (LOCAL_HOSTS.has(host) && port !== undefined) {
    const local = LOCAL_PORTS[port];
    if (local) return local;
  }
  return GEN_AI_PROVIDER_NAME_VALUE_OPENAI;
}

function isAzureOpenAIClient(client: Record<string, unknown> | undefined): boolean {
  // The class name survives bundling less well than the field the class adds.
  return client?.constructor?.name === 'AzureOpenAI' || typeof client?.['apiVersion'] === 'string';
}

function isLocal(baseURL: string): boolean {
  return URL.canParse(baseURL) && LOCAL_HOSTS.has(new URL(baseURL).hostname);
}

function isListed(baseURL: string | undefined, listed: readonly string[] | undefined): boolean {
  if (!baseURL || !listed) return false;
  const normalized = withoutTrailingSlash(baseURL);
  return listed.some((prefix) => {
    const entry = withoutTrailingSlash(prefix);
    return normalized === entry || normalized.startsWith(`${entry}/`);
  });
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
