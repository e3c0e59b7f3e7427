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
import { readCachedTarget } from '../core/target-cache.js';
import { setServerAddress } from '../core/server-address.js';
import { readObject, readString } from '../core/readers.js';

interface HostRule {
  /** The host itself, or any subdomain of it. */
  readonly host: string;
  /** Only when the base URL's path starts with this (one host, several APIs). */
  readonly pathPrefix?: string;
  readonly providerName: string;
  /** The service accepts `stream_options.include_usage`. */
  readonly acceptsStreamUsageOption?: true;
}

/**
 * OpenAI-compatible services, recognized from the client's `baseURL`. Provider names
 * are semconv's `gen_ai.provider.name` values where semconv defines one, ours
 * (docs/providers/openai.md) otherwise. Pricing looks the model up under this provider,
 * then by model name alone.
 */
export const OPENAI_COMPATIBLE_HOSTS: readonly HostRule[] = [
  { host: 'api.openai.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_OPENAI, acceptsStreamUsageOption: true },
  { host: 'openai.azure.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI, acceptsStreamUsageOption: true },
  { host: 'cognitiveservices.azure.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI, acceptsStreamUsageOption: true },
  { host: 'services.ai.azure.com', providerName: GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI, acceptsStreamUsageOption: true },
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
  return readCachedTarget(client, options.streamUsageBaseURLs, readClientTarget);
}

function readClientTarget(
  client: Record<string, unknown> | undefined,
  streamUsageBaseURLs: readonly string[] | undefined,
): ProviderTarget {
  const baseURL = readString(client?.['baseURL']);
  const isAzureClient = isAzureOpenAIClient(client);
  // An unrecognized host (a proxy, a gateway, a test server) is named `openai`, the
  // API it speaks, but only a listed one is assumed to accept `stream_options`.
  const target: ProviderTarget = { providerName: GEN_AI_PROVIDER_NAME_VALUE_OPENAI, acceptsStreamUsageOption: false };
  if (baseURL && URL.canParse(baseURL)) {
    const url = new URL(baseURL);
    const port = setServerAddress(target, url);
    const rule = findHostRule(url);
    if (rule) {
      target.providerName = rule.providerName;
      target.acceptsStreamUsageOption = rule.acceptsStreamUsageOption === true;
    } else if (LOCAL_HOSTS.has(url.hostname) && port !== undefined && LOCAL_PORTS[port]) {
      target.providerName = LOCAL_PORTS[port];
    }
  }
  if (isAzureClient) {
    target.providerName = GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI;
    target.acceptsStreamUsageOption = true;
  }
  if (!target.acceptsStreamUsageOption && isListed(baseURL, streamUsageBaseURLs)) {
    target.acceptsStreamUsageOption = true;
  }
  return target;
}

function findHostRule(url: URL): HostRule | undefined {
  const host = url.hostname.toLowerCase();
  return OPENAI_COMPATIBLE_HOSTS.find(
    (rule) =>
      (host === rule.host || host.endsWith(`.${rule.host}`)) &&
      (rule.pathPrefix === undefined || url.pathname.startsWith(rule.pathPrefix)),
  );
}

function isAzureOpenAIClient(client: Record<string, unknown> | undefined): boolean {
  // The class name survives bundling less well than the field the class adds.
  return client?.constructor?.name === 'AzureOpenAI' || typeof client?.['apiVersion'] === 'string';
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
