import type { ProviderTarget } from './operation.js';

interface CachedTarget {
  reader: unknown;
  baseURL: unknown;
  options: unknown;
  target: ProviderTarget;
}

// Keyed by the SDK client: the cache lives as long as the client and pins nothing.
const cache = new WeakMap<object, CachedTarget>();

/**
 * The provider target of `client`, read once per client rather than once per call (a
 * `new URL()` and host-rule scans per call showed in the profile). `read` must
 * depend only on the client's constant shape, its `baseURL` and `options`: the cached
 * target is used again only while all three are the same (`baseURL` by value, `options`
 * by identity). The target is frozen, as every call of that client shares it.
 */
export function readCachedTarget<Options>(
  client: Record<string, unknown> | undefined,
  options: Options,
  read: (client: Record<string, unknown> | undefined, options: Options) => ProviderTarget,
): ProviderTarget {
  if (client === undefined) return read(client, options);
  const baseURL = client['baseURL'];
  const cached = cache.get(client);
  if (cached !== undefined && cached.reader === read && cached.baseURL === baseURL && cached.options === options) {
    return cached.target;
  }
  const target = Object.freeze(read(client, options));
  cache.set(client, { reader: read, baseURL, options, target });
  return target;
}
