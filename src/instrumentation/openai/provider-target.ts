import { GEN_AI_PROVIDER_NAME_VALUE_OPENAI } from '../../semconv.js';
import type { ProviderTarget } from '../core/operation.js';
import { readObject, readString } from '../core/readers.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * Where an openai resource (`client.chat.completions`) sends its calls, read from its
 * client's `baseURL`. The provider is `openai` for now; telling Azure and the
 * OpenAI-compatible services apart by host is issue #4's work and belongs here.
 */
export function readOpenAITarget(resource: unknown): ProviderTarget {
  const client = readObject(readObject(resource)?.['_client']);
  const target: ProviderTarget = { providerName: GEN_AI_PROVIDER_NAME_VALUE_OPENAI };
  const baseURL = readString(client?.['baseURL']);
  if (!baseURL || !URL.canParse(baseURL)) return target;
  const url = new URL(baseURL);
  target.serverAddress = url.hostname;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  if (port !== undefined) target.serverPort = port;
  return target;
}
