/**
 * A fake LLM provider on 127.0.0.1 that the real `openai`, `@anthropic-ai/sdk` and `@google/genai` clients talk to
 * over loopback HTTP, so tests exercise the SDKs' own parsing, retries and streams instead of
 * mocks. It records every request and answers with the providers' documented JSON and SSE
 * shapes, or with whatever failure a test scripts per path: HTTP errors, hangs, dropped sockets,
 * malformed bodies, streams cut, stalled or failing midway.
 *
 * One file per API (`openai-chat.ts`, `anthropic-messages.ts`); a new endpoint is a new route
 * file added to `ROUTES`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonOrUndefined } from '../json-fields.js';
import { flattenHeaders, listenOnLoopback, readBody, Waiters } from '../loopback-http.js';
import { bedrockRuntimeRoutes } from './bedrock-runtime.js';
import { googleGenAIRoute } from './google-genai.js';
import { openaiAudioRoutes } from './openai-audio.js';
import {
  anthropicBedrockInvokeRoute,
  anthropicBedrockStreamRoute,
  anthropicCompleteRoute,
  anthropicCountTokensRoute,
  anthropicMessagesRoute,
  anthropicVertexPredictRoute,
} from './anthropic-messages.js';
import { openaiChatRoute } from './openai-chat.js';
import { openaiCompletionsRoute } from './openai-completions.js';
import { openaiEmbeddingsRoute } from './openai-embeddings.js';
import { openaiImagesRoutes } from './openai-images.js';
import { openaiResponsesRoute } from './openai-responses.js';
import { SSE_CONTENT_TYPE } from './sse.js';
import { DEFAULT_USAGE_COUNTS } from './types.js';
import type {
  ErrorReply,
  FakeReply,
  FakeRoute,
  RecordedRequest,
  RouteRequest,
  SuccessReply,
  UsageCounts,
} from './types.js';

export { buildAnthropicUsage } from './anthropic-messages.js';
export { bedrockPath, readBedrockModelId } from './bedrock-runtime.js';
export { buildGoogleUsage } from './google-genai.js';
export { buildOpenAIChatUsage } from './openai-chat.js';
export { buildOpenAIResponsesUsage } from './openai-responses.js';
export { formatSseFrame, SSE_CONTENT_TYPE } from './sse.js';
export { DEFAULT_CONTENT, DEFAULT_USAGE_COUNTS } from './types.js';
export type {
  DestroySocketReply,
  ErrorReply,
  FakeReply,
  HangReply,
  RawReply,
  RecordedRequest,
  StreamErrorSpec,
  SuccessReply,
  ToolCallSpec,
  UsageCounts,
} from './types.js';

const ROUTES: readonly FakeRoute[] = [
  openaiChatRoute,
  openaiResponsesRoute,
  openaiEmbeddingsRoute,
  openaiCompletionsRoute,
  ...openaiImagesRoutes,
  ...openaiAudioRoutes,
  anthropicMessagesRoute,
  anthropicCountTokensRoute,
  anthropicCompleteRoute,
  // Converse, and InvokeModel for non-Anthropic model ids; before the Anthropic Bedrock routes.
  ...bedrockRuntimeRoutes,
  anthropicBedrockInvokeRoute,
  anthropicBedrockStreamRoute,
  anthropicVertexPredictRoute,
  googleGenAIRoute,
];

/**
 * Azure OpenAI paths name the deployment (`/openai/deployments/<name>/chat/completions`)
 * or live under `/openai/`; they are answered (and queued) as the OpenAI `/v1/` route.
 */
function routePath(pathname: string): string {
  return pathname.replace(/^\/openai\/deployments\/[^/]+\//, '/v1/').replace(/^\/openai\//, '/v1/');
}

export interface FakeProviderOptions {
  /** Counts behind every default usage object. Default `DEFAULT_USAGE_COUNTS` (150 in / 500 out). */
  readonly defaultTokens?: Partial<UsageCounts>;
}

export interface FakeProvider {
  /** Origin, `http://127.0.0.1:PORT`; also the Anthropic SDK's `baseURL`. */
  readonly url: string;
  readonly port: number;
  /** `${url}/v1`, the OpenAI SDK's `baseURL`. */
  readonly openaiBaseURL: string;
  /** Same as `url`: @anthropic-ai/sdk appends `/v1/messages` itself. */
  readonly anthropicBaseURL: string;
  /** Every request in arrival order (a live array, emptied by `reset()`). */
  readonly requests: readonly RecordedRequest[];
  /** Queues replies for `path` (e.g. `/v1/chat/completions`), used first in, first out; when the
   * queue is empty the path gets the default success answer. */
  enqueue(path: string, ...replies: FakeReply[]): void;
  /** Resolves once `count` requests have arrived (for aborting a hung call at the right time). */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly RecordedRequest[]>;
  /** Forgets recorded requests and queued replies. */
  reset(): void;
  /** Drops open connections (hung calls see a network error) and stops listening. */
  close(): Promise<void>;
}

/** Starts a fake provider on 127.0.0.1 with an ephemeral port. */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const defaultUsage: UsageCounts = { ...DEFAULT_USAGE_COUNTS, ...options.defaultTokens };
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, FakeReply[]>();
  const waiters = new Waiters();
  let sequence = 0;
  let isClosed = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = (await readBody(req)).toString('utf8');
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = routePath(target.pathname);
    const reply: FakeReply = queues.get(path)?.shift() ?? { kind: 'success' };
    sequence += 1;
    const requestId = ('requestId' in reply ? reply.requestId : undefined) ?? `req_fake${sequence}`;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: target.pathname,
      search: target.search,
      headers: flattenHeaders(req.headers),
      rawBody,
      json: parseJsonOrUndefined(rawBody),
      requestId,
    };
    requests.push(recorded);
    waiters.notify();

    const route = ROUTES.find(
      (r) => (r.matchesPath ? r.matchesPath(recorded.path) : r.path === path) && r.method === recorded.method,
    );
    switch (reply.kind) {
      case 'hang':
        // Never answered; `close()` or the client's abort ends the socket.
        return;
      case 'destroySocket':
        req.socket.destroy();
        return;
      case 'raw':
        res.writeHead(reply.status ?? 200, { 'x-request-id': requestId, ...reply.headers });
        res.end(reply.body);
        return;
      case 'error':
        sendError(res, route, reply, requestId);
        return;
      case undefined:
      case 'success':
        if (route === undefined) {
          const message = `Fake provider has no route for ${recorded.method} ${recorded.path}`;
          sendError(res, route, { kind: 'error', status: 404, message }, requestId);
          return;
        }
        await sendSuccess(res, route, reply, {
          json: recorded.json,
          rawBody,
          path: recorded.path,
          headers: recorded.headers,
          requestId,
          sequence,
          defaultUsage,
        });
        return;
    }
  }

  const loopback = await listenOnLoopback((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must fail the test loudly, not look like a provider outage.
      const message = error instanceof Error ? error.stack ?? error.message : String(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake provider bug: ${message}`);
    });
  });

  return {
    url: loopback.url,
    port: loopback.port,
    openaiBaseURL: `${loopback.url}/v1`,
    anthropicBaseURL: loopback.url,
    requests,
    enqueue(path, ...replies) {
      const key = new URL(path, 'http://127.0.0.1').pathname;
      const queue = queues.get(key) ?? [];
      queue.push(...replies);
      queues.set(key, queue);
    },
    waitForRequests(count, timeoutMs = 5000) {
      return waiters.waitFor(
        () => (requests.length >= count ? [...requests] : undefined),
        timeoutMs,
        () => {
          const seen = requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';
          return `waiting for ${count} requests to the fake provider; got ${requests.length}: ${seen}`;
        },
        () => isClosed,
      );
    },
    reset() {
      requests.length = 0;
      queues.clear();
    },
    async close() {
      isClosed = true;
      waiters.notify();
      await loopback.close();
    },
  };
}

function baseHeaders(
  route: FakeRoute | undefined,
  requestId: string,
  extra: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return { 'x-request-id': requestId, ...route?.responseHeaders(requestId), ...extra };
}

function sendError(res: ServerResponse, route: FakeRoute | undefined, reply: ErrorReply, requestId: string): void {
  // Paths without a route still answer in OpenAI's shape, the one most compatible APIs copy.
  const body = JSON.stringify((route ?? openaiChatRoute).errorBody(reply, requestId));
  const headers = baseHeaders(route, requestId, reply.headers);
  headers['content-type'] = 'application/json';
  if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
  res.writeHead(reply.status, headers);
  res.end(body);
}

async function sendSuccess(
  res: ServerResponse,
  route: FakeRoute,
  reply: SuccessReply,
  request: RouteRequest,
): Promise<void> {
  const answer = route.success(request, reply);
  const headers = baseHeaders(route, request.requestId, reply.headers);
  if (answer.type === 'json') {
    headers['content-type'] = 'application/json';
    res.writeHead(200, headers);
    res.end(JSON.stringify(answer.body));
    return;
  }
  if (answer.type === 'binary') {
    headers['content-type'] = answer.contentType;
    res.writeHead(200, headers);
    res.end(answer.body);
    return;
  }
  headers['content-type'] = answer.type === 'binaryStream' ? answer.contentType : SSE_CONTENT_TYPE;
  headers['cache-control'] = 'no-cache';
  res.writeHead(200, headers);
  // Headers go out now, so the SDK hands back its stream before the first frame arrives.
  res.flushHeaders();
  await writeFrames(res, answer.frames, reply);
}

/** Writes stream frames with the reply's pacing, then ends, cuts or stalls the stream. */
async function writeFrames(
  res: ServerResponse,
  frames: readonly (string | Uint8Array)[],
  reply: SuccessReply,
): Promise<void> {
  const cutAt = reply.cutAfterChunks === undefined ? undefined : Math.min(reply.cutAfterChunks, frames.length);
  const stallAt = reply.stallAfterChunks === undefined ? undefined : Math.min(reply.stallAfterChunks, frames.length);
  for (let i = 0; ; i++) {
    if (i === cutAt) {
      // No terminating chunk: the client's fetch fails with a network error mid-body.
      res.socket?.destroy();
      return;
    }
    if (i === stallAt || res.destroyed) return;
    const frame = frames[i];
    if (frame === undefined) break;
    if (i > 0 && reply.chunkDelayMs !== undefined && reply.chunkDelayMs > 0) {
      await pauseUnlessClosed(res, reply.chunkDelayMs);
      if (res.destroyed) return;
    }
    await writeFrame(res, frame);
  }
  res.end();
}

/** Resolves once the frame is handed to the socket, so a cut right after never loses it. */
function writeFrame(res: ServerResponse, frame: string | Uint8Array): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(frame, () => done());
  });
}

/** Waits `ms`, or less if the client goes away (abort), so no timer outlives the response. */
function pauseUnlessClosed(res: ServerResponse, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
