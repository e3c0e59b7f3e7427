import type { ProviderTarget } from './operation.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * Sets `server.address` and `server.port` of `target` from a client's base URL (the scheme's
 * default port when the URL names none); returns the port.
 */
export function setServerAddress(target: ProviderTarget, url: URL): number | undefined {
  target.serverAddress = url.hostname;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  if (port !== undefined) target.serverPort = port;
  return port;
}
