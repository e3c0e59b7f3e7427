/**
 * What switching on context propagation costs on this Node, and who would read a context we
 * enter: the facts behind entering a call's context only when needed (instrumentation/core/
 * call-context.ts) and exporting without `context.with` when nothing would trace the export
 * (export/delivery-processor.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { hasSubscribers } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Node 20 and 22 propagate AsyncLocalStorage with async hooks, which the first `run()` in a
 * process switches on for every promise from then on; AsyncContextFrame (default on Node 24,
 * `--experimental-async-context-frame` on 22) carries the context with each promise instead, so
 * entering one costs no more than a property write. The hook-based class has `_enable`.
 */
let isHookPropagationCache: boolean | undefined;
export function isHookPropagation(): boolean {
  isHookPropagationCache ??= typeof (new AsyncLocalStorage() as unknown as { _enable?: unknown })._enable === 'function';
  return isHookPropagationCache;
}

/** Channels that HTTP instrumentations (undici's, http's) subscribe to for the requests the SDKs send. */
const HTTP_CHANNELS = ['undici:request:create', 'http.client.request.start'] as const;

type Wrapped = { __wrapped?: unknown };
interface NetworkModules {
  readonly requests: readonly Wrapped[];
  readonly connect: Wrapped | undefined;
  readonly lookup: Wrapped | undefined;
}
let networkModules: NetworkModules | undefined;

/**
 * True when an instrumentation would make spans of the SDK's own HTTP request (children of
 * ours): a subscriber to the HTTP client diagnostics channels (undici's instrumentation, for
 * the global `fetch` of openai 5+ and the Anthropic SDK), or a shimmer-wrapped `http.request`
 * (the http instrumentation, for openai 4's node-fetch).
 */
export function hasHttpClientObservers(): boolean {
  for (const name of HTTP_CHANNELS) if (hasSubscribers(name)) return true;
  for (const request of readNetworkModules().requests) if (request?.__wrapped === true) return true;
  return false;
}

/**
 * {@link hasHttpClientObservers}, or an instrumentation of sockets or DNS (shimmer-wrapped
 * `net.Socket.prototype.connect`, `dns.lookup`): whatever would make spans of an OTLP export.
 */
export function hasNetworkObservers(): boolean {
  if (hasHttpClientObservers()) return true;
  const { connect, lookup } = readNetworkModules();
  return connect?.__wrapped === true || lookup?.__wrapped === true;
}

/**
 * The CommonJS module objects, which instrumentations patch (an ESM namespace of a builtin is a
 * copy): loaded on first use, never at import.
 */
function readNetworkModules(): NetworkModules {
  if (networkModules) return networkModules;
  try {
    const load = createRequire(join(process.cwd(), 'noop.js'));
    const http = load('node:http') as { request?: Wrapped };
    const https = load('node:https') as { request?: Wrapped };
    const net = load('node:net') as { Socket?: { prototype?: { connect?: Wrapped } } };
    const dns = load('node:dns') as { lookup?: Wrapped };
    networkModules = {
      requests: [http.request, https.request].filter((request): request is Wrapped => request !== undefined),
      connect: net.Socket?.prototype?.connect,
      lookup: dns.lookup,
    };
  } catch {
    networkModules = { requests: [], connect: undefined, lookup: undefined };
  }
  return networkModules;
}
