import { GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI, GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI } from '../../semconv.js';
import type { ProviderTarget } from '../core/operation.js';
import { readObject, readString } from '../core/readers.js';
import { readCachedTarget } from '../core/target-cache.js';
import { setServerAddress } from '../core/server-address.js';

/**
 * Where a `Models` instance sends its calls, from its `apiClient`'s options (plain fields, so no
 * SDK method runs on our behalf): `vertexai: true` is Vertex AI (`gcp.vertex_ai`), else the
 * Gemini API (`gcp.gemini`); the host and port from `httpOptions.baseUrl`, which the SDK
 * always sets (`generativelanguage.googleapis.com`, a regional `aiplatform` host, or the
 * caller's own). Read once per client while the base URL stays the same.
 */
export function readGoogleTarget(models: unknown): ProviderTarget {
  const options = readObject(readObject(readObject(models)?.['apiClient'])?.['clientOptions']);
  const baseUrl = readString(readObject(options?.['httpOptions'])?.['baseUrl']);
  return readCachedTarget(options, baseUrl, readOptionsTarget);
}

function readOptionsTarget(options: Record<string, unknown> | undefined, baseUrl: string | undefined): ProviderTarget {
  const providerName = options?.['vertexai'] === true ? GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI : GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI;
  const target: ProviderTarget = { providerName };
  if (!baseUrl || !URL.canParse(baseUrl)) return target;
  setServerAddress(target, new URL(baseUrl));
  return target;
}
