import type { IncomingMessage } from 'node:http';
import { context } from '@opentelemetry/api';
import { globalErrorHandler, suppressTracing } from '@opentelemetry/core';
import { logger } from '../diag.js';
import { getActivePriceTable, swapPriceData } from './active-price-table.js';

/** Opt-in loading of a newer price table document (the bundled table's JSON format). */
export interface PricesRefreshOptions {
  /** Where the table is served. HTTPS; plain HTTP only to a loopback host (a local sidecar). */
  url: string;
  /** Load it again every this many ms. Default 86 400 000 (a day); at least 60 000. */
  intervalMs?: number;
  /** Give up on one load after this many ms. Default 10 000. */
  timeoutMs?: number;
}

export const DEFAULT_PRICES_REFRESH_INTERVAL_MS = 86_400_000;
export const MIN_PRICES_REFRESH_INTERVAL_MS = 60_000;
export const DEFAULT_PRICES_REFRESH_TIMEOUT_MS = 10_000;
// The bundled table is about 200 KB; anything far larger is not a price table.
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A running refresh: `stop()` ends it; `refreshNow()` loads at once (tests, manual refresh). */
export interface PriceRefresh {
  stop(): void;
  /** Loads now; resolves to undefined when the new table is in use, else to why not. */
  refreshNow(): Promise<string | undefined>;
}

/**
 * Checks the refresh options; throws a TypeError for a bad one (they are explicit `init()`
 * arguments). Returns the URL and the clamped interval and timeout.
 */
export function checkRefreshOptions(options: PricesRefreshOptions): Required<PricesRefreshOptions> & { parsed: URL } {
  if (typeof options !== 'object' || options === null || typeof options.url !== 'string' || !URL.canParse(options.url)) {
    throw new TypeError('init: pricesRefresh.url must be an absolute URL');
  }
  const parsed = new URL(options.url);
  const isLoopbackHttp = parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !isLoopbackHttp) {
    throw new TypeError('init: pricesRefresh.url must be https: (http: only for localhost)');
  }
  const intervalMs = readPositive(options.intervalMs, 'intervalMs') ?? DEFAULT_PRICES_REFRESH_INTERVAL_MS;
  const timeoutMs = readPositive(options.timeoutMs, 'timeoutMs') ?? DEFAULT_PRICES_REFRESH_TIMEOUT_MS;
  return {
    url: options.url,
    parsed,
    intervalMs: Math.max(intervalMs, MIN_PRICES_REFRESH_INTERVAL_MS),
    timeoutMs,
  };
}

/**
 * Starts loading the table from `url`: once now, in the background, then every `intervalMs` on an
 * `unref()`ed timer (it never keeps the process alive). Each load has a timeout, a size limit, is
 * validated whole and swapped in atomically; on any failure the current table stays and one diag
 * warning names the origin (never the full URL, which may carry a token) and the reason.
 */
export function startPriceRefresh(options: PricesRefreshOptions): PriceRefresh {
  const { parsed, intervalMs, timeoutMs } = checkRefreshOptions(options);
  const origin = parsed.origin;
  let stopped = false;

  const refreshNow = async (): Promise<string | undefined> => {
    let failure: string | undefined;
    try {
      const body = await download(parsed, timeoutMs);
      let data: unknown;
      try {
        data = JSON.parse(body) as unknown;
      } catch {
        throw new RefreshError('the response is not JSON');
      }
      if (stopped) return 'stopped';
      failure = swapPriceData(data);
    } catch (error: unknown) {
      failure = error instanceof RefreshError ? error.message : describeNetworkError(error);
    }
    if (failure !== undefined) {
      logger.warn(`price table refresh from ${origin} failed (${failure}): keeping table ${getActivePriceTable().version}`);
    } else {
      logger.info(`price table refreshed from ${origin}: now ${getActivePriceTable().version}`);
    }
    return failure;
  };

  // refreshNow() reports its own failures; anything else ends in the OTel error handler.
  const inBackground = (): void => void refreshNow().catch(globalErrorHandler);
  const timer = setInterval(inBackground, intervalMs);
  timer.unref();
  inBackground();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    refreshNow,
  };
}

class RefreshError extends Error {}

async function download(url: URL, timeoutMs: number): Promise<string> {
  // Loaded on the first refresh only: importing the package must not pay for TLS.
  const { get } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    // Our own request must not become a span of the app's HTTP instrumentation.
    context.with(suppressTracing(context.active()), () => {
      const request = get(url, { timeout: timeoutMs, headers: { accept: 'application/json' } }, (response: IncomingMessage) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new RefreshError(`HTTP ${response.statusCode ?? '?'}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            request.destroy(new RefreshError('the response is too large'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new RefreshError(`no answer within ${timeoutMs} ms`)));
      request.on('error', reject);
    });
  });
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}

function readPositive(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`init: pricesRefresh.${name} must be a positive number of milliseconds`);
  }
  return value;
}
