/**
 * The fake provider's vocabulary: what a test can script (`FakeReply`), what it records
 * (`RecordedRequest`) and the contract a route file fulfils (`FakeRoute`). Kept apart from the
 * server so a route file depends on types only, and a new API is one new route file.
 */

/** One request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** Query string including `?`, or `''`. */
  readonly search: string;
  /** Lower-cased names, values as received (repeats joined with `, `). */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** Parsed body, or `undefined` when empty or not JSON. */
  readonly json: unknown;
  /** The `x-request-id` the server answered (or will answer) with. */
  readonly requestId: string;
}

/**
 * Token counts behind the default usage objects. Each route maps them to its provider's shape
 * and rules: OpenAI's `prompt_tokens` = `input` and includes `cacheRead`; Anthropic's
 * `input_tokens` = `input` and excludes `cacheRead`/`cacheWrite`.
 */
export interface UsageCounts {
  readonly input: number;
  readonly output: number;
  /** OpenAI `cached_tokens`; Anthropic `cache_read_input_tokens`. */
  readonly cacheRead: number;
  /** Anthropic `cache_creation_input_tokens` (all counted as 5-minute writes); unused by OpenAI. */
  readonly cacheWrite: number;
  /** OpenAI `reasoning_tokens`; unused by Anthropic (its thinking is inside `output_tokens`). */
  readonly reasoning: number;
  /** Anthropic `server_tool_use.web_search_requests`. */
  readonly webSearchRequests: number;
}

/**
 * Default counts: 150 in / 500 out, so gpt-4o ($2.50 / $10 per 1M) costs exactly $0.005375 and
 * a cost assertion needs no arithmetic in the test.
 */
export const DEFAULT_USAGE_COUNTS: UsageCounts = {
  input: 150,
  output: 500,
  cacheRead: 0,
  cacheWrite: 0,
  reasoning: 0,
  webSearchRequests: 0,
};

/** Assistant text when a reply names none. */
export const DEFAULT_CONTENT = 'Hello from the fake provider.';

/** A tool call the model "makes". `arguments` is the JSON text the provider would send. */
export interface ToolCallSpec {
  readonly name: string;
  readonly arguments: string;
  /** Default: `call_fake<n>` (OpenAI) or `toolu_fake<n>` (Anthropic). */
  readonly id?: string;
}

/** A provider-shaped error event written into an open stream after `afterChunks` frames. */
export interface StreamErrorSpec {
  readonly afterChunks: number;
  readonly message?: string;
  /** Default: `server_error` (OpenAI) / `overloaded_error` (Anthropic) / the exception
   * `modelStreamErrorException` (Bedrock's event stream, which sends it as an exception frame). */
  readonly type?: string;
}

/**
 * A normal answer in the provider's documented shape. Whether it streams is the request's
 * choice (`stream: true`), as with the real API; the stream-only fields are ignored otherwise.
 * Frame counts (`cutAfterChunks`, `stallAfterChunks`, `streamError.afterChunks`) count every SSE
 * frame written: OpenAI's role chunk, content chunks, finish chunk, usage chunk and `[DONE]`;
 * every Anthropic event including `ping` (on Bedrock, one event-stream frame per event).
 */
export interface SuccessReply {
  readonly kind?: 'success';
  /** Assistant text. Default `DEFAULT_CONTENT`, or none when `toolCalls` or `refusal` is set. */
  readonly content?: string;
  /** Default: the request's `model`. */
  readonly model?: string;
  /** Default: `chatcmpl-fake<n>` / `msg_fake<n>`. */
  readonly id?: string;
  /** Counts for the documented usage shape, merged over the server's defaults. */
  readonly tokens?: Partial<UsageCounts>;
  /**
   * Replaces the usage field verbatim: an object is sent as given (odd proxy shapes), `null`
   * sends `"usage": null`, `'omit'` leaves the field (and OpenAI's usage chunk) out.
   */
  readonly usage?: Readonly<Record<string, unknown>> | null | 'omit';
  /** OpenAI `finish_reason` / Anthropic `stop_reason`. Default derives from content. */
  readonly finishReason?: string;
  readonly toolCalls?: readonly ToolCallSpec[];
  /** OpenAI `refusal` text; Anthropic: the text, with `stop_reason: "refusal"`. */
  readonly refusal?: string;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default: `req_fake<n>`. */
  readonly requestId?: string;
  /** Pieces the content (and each tool call's arguments) is split into. Default 3. */
  readonly chunks?: number;
  /** Pause between frames; the headers and first frame go out at once. */
  readonly chunkDelayMs?: number;
  /** Destroy the socket after this many frames: a network error mid-stream. */
  readonly cutAfterChunks?: number;
  /** Stop writing after this many frames and keep the socket open: for aborts mid-stream. */
  readonly stallAfterChunks?: number;
  /** End the stream cleanly without its terminator (OpenAI `[DONE]`, Anthropic `message_stop`). */
  readonly omitDone?: boolean;
  /** Replace the rest of the stream with the provider's error event. */
  readonly streamError?: StreamErrorSpec;
}

/** An HTTP error with the provider's error body. */
export interface ErrorReply {
  readonly kind: 'error';
  readonly status: number;
  readonly message?: string;
  /** Default derives from the status (e.g. 429 -> `rate_limit_error`). */
  readonly type?: string;
  /** OpenAI only. Default `null`. */
  readonly param?: string | null;
  /** OpenAI only. Default derives from the status or `null`. */
  readonly code?: string | null;
  /** Sent as `retry-after`. Note the SDKs retry 408/409/429/5xx unless `maxRetries: 0`. */
  readonly retryAfter?: string | number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly requestId?: string;
}

/** Read the request, then never answer until the client gives up or the server closes. */
export interface HangReply {
  readonly kind: 'hang';
}

/** Read the request, then destroy the socket without a response: a network error. */
export interface DestroySocketReply {
  readonly kind: 'destroySocket';
}

/** Exactly these bytes, for malformed answers (truncated JSON, HTML from a proxy, odd SSE). */
export interface RawReply {
  readonly kind: 'raw';
  /** Default 200. */
  readonly status?: number;
  /** Sent as given, plus `x-request-id` unless named here. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

export type FakeReply = SuccessReply | ErrorReply | HangReply | DestroySocketReply | RawReply;

/** What a route receives about the request it answers. */
export interface RouteRequest {
  readonly json: unknown;
  /** The body as text: multipart uploads (audio, image edits) are not JSON. */
  readonly rawBody: string;
  /** Path without the query string (routes with ids in it read them here). */
  readonly path?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** 1, 2, 3... per server, for deterministic ids. */
  readonly sequence: number;
  /** The server's default counts, before the reply's `tokens`. */
  readonly defaultUsage: UsageCounts;
}

/** A route's answer to a success reply; the server writes it (timing, cuts and stalls). */
export type RouteAnswer =
  | { readonly type: 'json'; readonly body: unknown }
  | { readonly type: 'sse'; readonly frames: readonly string[] }
  /** A streamed answer in a binary framing (AWS event-stream): written like SSE frames, one by one. */
  | { readonly type: 'binaryStream'; readonly contentType: string; readonly frames: readonly Uint8Array[] }
  | { readonly type: 'binary'; readonly contentType: string; readonly body: Buffer };

/** One API endpoint of one provider: pure functions from request and reply to bodies. */
export interface FakeRoute {
  readonly method: string;
  readonly path: string;
  /** For routes with ids in the path (Bedrock, Vertex): matches instead of `path`. */
  matchesPath?(path: string): boolean;
  /** Provider-specific headers on every answer of this route, besides `x-request-id`. */
  responseHeaders(requestId: string): Record<string, string>;
  success(request: RouteRequest, reply: SuccessReply): RouteAnswer;
  /** The provider's error body for an HTTP error. */
  errorBody(reply: ErrorReply, requestId: string): unknown;
}
