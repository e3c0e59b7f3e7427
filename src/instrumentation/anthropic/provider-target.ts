import {
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
} from '../../semconv.js';
import type { ProviderTarget } from '../core/operation.js';
import { readCachedTarget } from '../core/target-cache.js';
import { setServerAddress } from '../core/server-address.js';
import { readObject, readString } from '../core/readers.js';

const KNOWN_PROVIDERS: ReadonlySet<string> = new Set([
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI,
]);

/**
 * Where an Anthropic resource (`client.messages`) sends its calls. `AnthropicBedrock` and
 * `AnthropicVertex` build their resources from the core SDK's classes over their own client, so
 * the provider is read from `resource._client`: the SDK's own `_genAIProviderName` (1.x:
 * `anthropic`, `aws.bedrock`, `gcp.vertex_ai`), else the client's shape (older Bedrock clients
 * have `awsRegion`, Vertex ones `projectId` and `region`).
 */
export function readAnthropicTarget(resource: unknown): ProviderTarget {
  return readCachedTarget(readObject(readObject(resource)?.['_client']), undefined, readClientTarget);
}

function readClientTarget(client: Record<string, unknown> | undefined): ProviderTarget {
  const target: ProviderTarget = { providerName: readProviderName(client) };
  const baseURL = readString(client?.['baseURL']);
  if (!baseURL || !URL.canParse(baseURL)) return target;
  const url = new URL(baseURL);
  setServerAddress(target, url);
  return target;
}

function readProviderName(client: Record<string, unknown> | undefined): string {
  const declared = readString(client?.['_genAIProviderName']);
  if (declared && KNOWN_PROVIDERS.has(declared)) return declared;
  if (!client) return GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC;
  const className = client.constructor?.name;
  if (className === 'AnthropicBedrock' || 'awsRegion' in client) return GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK;
  if (className === 'AnthropicVertex' || ('projectId' in client && 'region' in client)) {
    return GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI;
  }
  return GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC;
}
