/**
 * A minimal OTLP/HTTP collector on 127.0.0.1 for export tests: what our exporter sends is what a
 * real collector would receive, so tests assert on decoded spans (names, attributes, status)
 * and scan every received byte for canaries. It stores each body as received and gunzipped,
 * decodes OTLP/JSON traces into flat spans, and can answer with an error status or hang to
 * exercise retries, drops and shutdown timeouts.
 *
 * Protobuf bodies (`application/x-protobuf`) are decoded with protobufjs (`otlp-protobuf.ts`),
 * so both OTLP/HTTP encodings are asserted on alike (issue #7); byte scans cover both anyway:
 * canaries are ASCII and protobuf stores strings verbatim.
 */
import { gunzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeOtlpProtobufTraces } from './otlp-protobuf.js';
import { parseJsonOrUndefined, readArray, readField, readString } from './json-fields.js';
import { flattenHeaders, listenOnLoopback, readBody, Waiters } from './loopback-http.js';

/** An attribute value as OTLP/JSON carries it, with `intValue` turned into a number. */
export type OtlpAttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly OtlpAttributeValue[]
  | { readonly [key: string]: OtlpAttributeValue };

export type OtlpAttributes = Readonly<Record<string, OtlpAttributeValue>>;

/**
 * OTLP span kinds. Note they are the API's `SpanKind` + 1 (OTLP reserves 0 for unspecified):
 * a CLIENT span has `kind: 3` here and `SpanKind.CLIENT === 2` in `@opentelemetry/api`.
 */
export const OTLP_SPAN_KIND = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

/** Status codes; the same numbers as the API's `SpanStatusCode`. */
export const OTLP_STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface FlatSpanEvent {
  readonly name: string;
  readonly timeUnixNano: string;
  readonly attributes: OtlpAttributes;
}

/** One exported span with its resource and scope folded in. */
export interface FlatSpan {
  readonly name: string;
  /** OTLP kind, see `OTLP_SPAN_KIND`. */
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  /** `undefined` for a root span. */
  readonly parentSpanId: string | undefined;
  readonly status: { readonly code: number; readonly message: string };
  /**
   * Integers arrive as `intValue` (a string in spec JSON, a number from the JS exporter) and come
   * out as numbers; the JS exporter encodes any integral double as `intValue`, so a cost of
   * exactly 0 reads as `0` either way.
   */
  readonly attributes: OtlpAttributes;
  readonly events: readonly FlatSpanEvent[];
  readonly resource: OtlpAttributes;
  readonly scope: { readonly name: string; readonly version: string | undefined };
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
}

export type OtlpSignal = 'traces' | 'metrics' | 'other';

/** One request as received, with what the receiver answered. */
export interface OtlpRequest {
  readonly signal: OtlpSignal;
  readonly method: string;
  readonly path: string;
  /** Lower-cased names (check auth headers here; scan them for API keys too). */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  /** Bytes as on the wire; still gzipped when `content-encoding: gzip`. */
  readonly rawBody: Buffer;
  /** Bytes after content decoding: what privacy scans should read. */
  readonly body: Buffer;
  /** Parsed OTLP/JSON body (protobuf decoded into the same shape), or `undefined` (malformed). */
  readonly json: unknown;
  /** The status answered; `undefined` while hung. Spans count only from 2xx answers. */
  readonly status: number | undefined;
  /** Whether the body was decoded (JSON or protobuf traces). */
  readonly isDecoded: boolean;
  /** Spans decoded from this request (traces only). */
  readonly spans: readonly FlatSpan[];
}

export interface OtlpReceiver {
  /** Origin, `http://127.0.0.1:PORT`: the exporter's `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string;
  readonly port: number;
  /** `${url}/v1/traces`: the trace exporter's `url`. */
  readonly tracesURL: string;
  /** `${url}/v1/metrics`. */
  readonly metricsURL: string;
  /** Every request in arrival order, any path (a live array, emptied by `reset()`). */
  readonly requests: readonly OtlpRequest[];
  /** Requests to `/v1/traces`. */
  traceRequests(): OtlpRequest[];
  /** Requests to `/v1/metrics`, stored apart from traces. */
  metricsRequests(): OtlpRequest[];
  /** Headers of each request, in arrival order. */
  requestHeaders(): Array<Readonly<Record<string, string>>>;
  /** Decoded bodies (plus headers) of every request, for `findCanaries`. */
  receivedBytes(): Buffer[];
  /** Spans from trace requests answered 2xx, so an exporter's retry of a refused batch does not
   * count twice. */
  spans(): FlatSpan[];
  /** Resolves with `spans()` once it holds at least `count`; rejects naming what did arrive. */
  waitForSpans(count: number, timeoutMs?: number): Promise<FlatSpan[]>;
  /** Answers the next `count` requests with `status` (e.g. 503) and extra headers (`retry-after`). */
  respondNext(status: number, count?: number, headers?: Readonly<Record<string, string>>): void;
  /** Never answers the next `count` requests (until `close()`): exporter timeouts, shutdown. */
  hangNext(count?: number): void;
  /** Forgets requests and scripted answers. */
  reset(): void;
  /** Drops open connections (hung exports fail) and stops listening. */
  close(): Promise<void>;
}

type ScriptedAnswer =
  | { readonly type: 'status'; readonly status: number; readonly headers: Readonly<Record<string, string>> }
  | { readonly type: 'hang' };

export interface OtlpReceiverOptions {
  /** Listen on this port (a restarted receiver in the fault tests); default an ephemeral one. */
  readonly port?: number;
  /** Called with each request as it is stored (the receiver process reports through it). */
  readonly onRequest?: (request: OtlpRequest) => void;
}

/** Starts an OTLP/HTTP receiver on 127.0.0.1, on an ephemeral port unless one is given. */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const script: ScriptedAnswer[] = [];
  const waiters = new Waiters();
  let isClosed = false;

  const acceptedSpans = (): FlatSpan[] =>
    requests.filter((r) => r.signal === 'traces' && r.status !== undefined && r.status < 300).flatMap((r) => r.spans);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const headers = flattenHeaders(req.headers);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const signal: OtlpSignal = path === '/v1/traces' ? 'traces' : path === '/v1/metrics' ? 'metrics' : 'other';
    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const body = decodeContent(rawBody, headers['content-encoding']);
    const isJson = body !== undefined && contentType === 'application/json';
    const isProtobuf = body !== undefined && contentType === 'application/x-protobuf' && signal === 'traces';
    const json = isJson ? parseJsonOrUndefined(body.toString('utf8')) : isProtobuf ? decodeOtlpProtobufTraces(body) : undefined;
    const spans = signal === 'traces' && json !== undefined ? flattenTraces(json) : [];

    const answer = script.shift();
    let status: number | undefined;
    if (body === undefined) status = 400;
    else if (signal === 'other') status = 404;
    else if (answer?.type === 'hang') status = undefined;
    else status = answer?.status ?? 200;

    const request: OtlpRequest = {
      signal,
      method: req.method ?? 'GET',
      path,
      headers,
      contentType,
      rawBody,
      body: body ?? rawBody,
      json,
      status,
      isDecoded: json !== undefined,
      spans,
    };
    requests.push(request);
    options.onRequest?.(request);
    waiters.notify();

    if (status === undefined) return;
    const extraHeaders = answer?.type === 'status' ? answer.headers : {};
    if (status < 300) {
      // An empty ExportTraceServiceResponse: no partial success to report.
      const isProtobuf = contentType === 'application/x-protobuf';
      const responseType = isProtobuf ? 'application/x-protobuf' : 'application/json';
      res.writeHead(status, { 'content-type': responseType, ...extraHeaders });
      res.end(isProtobuf ? '' : '{}');
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
    res.end(JSON.stringify({ code: 14, message: `otlp receiver answered ${status}` }));
  }

  const loopback = await listenOnLoopback(options.port ?? 0, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.stack ?? error.message : String(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`otlp receiver bug: ${message}`);
    });
  });

  return {
    url: loopback.url,
    port: loopback.port,
    tracesURL: `${loopback.url}/v1/traces`,
    metricsURL: `${loopback.url}/v1/metrics`,
    requests,
    traceRequests: () => requests.filter((r) => r.signal === 'traces'),
    metricsRequests: () => requests.filter((r) => r.signal === 'metrics'),
    requestHeaders: () => requests.map((r) => r.headers),
    receivedBytes: () => requests.flatMap((r) => [r.body, Buffer.from(JSON.stringify(r.headers))]),
    spans: acceptedSpans,
    waitForSpans(count, timeoutMs = 5000) {
      return waiters.waitFor(
        () => {
          const spans = acceptedSpans();
          return spans.length >= count ? spans : undefined;
        },
        timeoutMs,
        () => describeWait(count, requests, acceptedSpans()),
        () => isClosed,
      );
    },
    respondNext(status, count = 1, headers = {}) {
      for (let i = 0; i < count; i++) script.push({ type: 'status', status, headers });
    },
    hangNext(count = 1) {
      for (let i = 0; i < count; i++) script.push({ type: 'hang' });
    },
    reset() {
      requests.length = 0;
      script.length = 0;
    },
    async close() {
      isClosed = true;
      waiters.notify();
      await loopback.close();
    },
  };
}

/** What a timed-out `waitForSpans` saw, so the failure explains itself. */
function describeWait(count: number, requests: readonly OtlpRequest[], spans: readonly FlatSpan[]): string {
  const undecoded = requests.filter((r) => r.signal === 'traces' && !r.isDecoded).length;
  const refused = requests.filter((r) => r.signal === 'traces' && (r.status === undefined || r.status >= 300)).length;
  const names = spans.map((s) => s.name).join(', ') || 'none';
  return (
    `waiting for ${count} spans at the OTLP receiver; got ${spans.length} (${names}) from ` +
    `${requests.filter((r) => r.signal === 'traces').length} trace requests` +
    (refused > 0 ? `, ${refused} refused or hung` : '') +
    (undecoded > 0 ? `, ${undecoded} not decoded (protobuf or malformed JSON)` : '')
  );
}

/** Gunzips when asked to; `undefined` for a body that claims gzip but is not. */
function decodeContent(raw: Buffer, encoding: string | undefined): Buffer | undefined {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return raw;
  if (encoding.toLowerCase() !== 'gzip') return undefined;
  try {
    return gunzipSync(raw);
  } catch {
    return undefined;
  }
}

/** `resourceSpans[].scopeSpans[].spans[]` flattened, resource and scope copied onto each span. */
export function flattenTraces(json: unknown): FlatSpan[] {
  const spans: FlatSpan[] = [];
  for (const resourceSpans of readArray(json, 'resourceSpans')) {
    const resource = decodeAttributes(readField(readField(resourceSpans, 'resource'), 'attributes'));
    for (const scopeSpans of readArray(resourceSpans, 'scopeSpans')) {
      const scopeJson = readField(scopeSpans, 'scope');
      const scope = { name: readString(scopeJson, 'name') ?? '', version: readString(scopeJson, 'version') };
      for (const span of readArray(scopeSpans, 'spans')) {
        const status = readField(span, 'status');
        const parentSpanId = readString(span, 'parentSpanId');
        spans.push({
          name: readString(span, 'name') ?? '',
          kind: decodeKind(readField(span, 'kind')),
          traceId: readString(span, 'traceId') ?? '',
          spanId: readString(span, 'spanId') ?? '',
          parentSpanId: parentSpanId === '' ? undefined : parentSpanId,
          status: { code: decodeStatusCode(readField(status, 'code')), message: readString(status, 'message') ?? '' },
          attributes: decodeAttributes(readField(span, 'attributes')),
          events: readArray(span, 'events').map((event) => ({
            name: readString(event, 'name') ?? '',
            timeUnixNano: String(readField(event, 'timeUnixNano') ?? ''),
            attributes: decodeAttributes(readField(event, 'attributes')),
          })),
          resource,
          scope,
          startTimeUnixNano: String(readField(span, 'startTimeUnixNano') ?? ''),
          endTimeUnixNano: String(readField(span, 'endTimeUnixNano') ?? ''),
        });
      }
    }
  }
  return spans;
}

/** OTLP/JSON `KeyValue[]` to a record. */
function decodeAttributes(list: unknown): OtlpAttributes {
  const attributes: Record<string, OtlpAttributeValue> = {};
  for (const entry of Array.isArray(list) ? (list as unknown[]) : []) {
    const key = readString(entry, 'key');
    if (key !== undefined) attributes[key] = decodeAnyValue(readField(entry, 'value'));
  }
  return attributes;
}

/** OTLP/JSON `AnyValue` to a plain value; `bytesValue` stays base64, empty values are `null`. */
function decodeAnyValue(value: unknown): OtlpAttributeValue {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v['stringValue'] === 'string') return v['stringValue'];
  if (typeof v['boolValue'] === 'boolean') return v['boolValue'];
  // Spec JSON writes 64-bit ints as strings; the JS exporter writes numbers.
  if (typeof v['intValue'] === 'string' || typeof v['intValue'] === 'number') return Number(v['intValue']);
  if (typeof v['doubleValue'] === 'number') return v['doubleValue'];
  // Spec JSON writes NaN and infinities as strings.
  if (typeof v['doubleValue'] === 'string') return Number(v['doubleValue']);
  if (typeof v['bytesValue'] === 'string') return v['bytesValue'];
  if ('arrayValue' in v) return readArray(v['arrayValue'], 'values').map(decodeAnyValue);
  if ('kvlistValue' in v) return decodeAttributes(readField(v['kvlistValue'], 'values'));
  return null;
}

const SPAN_KIND_NAMES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

const STATUS_CODE_NAMES: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** Enums are numbers in OTLP/JSON, but some encoders write their names; proto3 omits 0. */
function decodeKind(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? (SPAN_KIND_NAMES[value] ?? Number(value)) : 0;
}

function decodeStatusCode(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? (STATUS_CODE_NAMES[value] ?? Number(value)) : 0;
}
