/**
 * Turns one OTLP/HTTP export request (path, headers, body) into what the dev page counts, or a
 * refusal with its 4xx status. JSON is read as the OTLP/HTTP JSON encoding, protobuf through
 * protobufjs (`otlp-protobuf.ts`); both end in the same OTLP/JSON shape and the same readers.
 * Only attribute values that are strings, numbers or booleans are kept; nothing else of a span.
 */
import { gunzipSync } from 'node:zlib';
import { decodeProtobufMetrics, decodeProtobufTraces } from './otlp-protobuf.js';

export type OtlpSignal = 'traces' | 'metrics';
export type OtlpEncoding = 'json' | 'protobuf';

/** A scalar attribute value; arrays and maps are left out (our attributes never use them). */
export type ScalarValue = string | number | boolean;

/** The parts of a span the dev page reads. */
export interface ReceivedSpan {
  readonly attributes: ReadonlyMap<string, ScalarValue>;
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  /** OTLP status code 2 (error). */
  readonly isError: boolean;
}

export type DecodedRequest =
  | { readonly ok: true; readonly signal: 'traces'; readonly encoding: OtlpEncoding; readonly spans: readonly ReceivedSpan[] }
  | {
      readonly ok: true;
      readonly signal: 'metrics';
      readonly encoding: OtlpEncoding;
      readonly metricNames: readonly string[];
      readonly points: number;
    }
  | { readonly ok: false; readonly status: number; readonly reason: string };

const SIGNAL_PATHS: Readonly<Record<string, OtlpSignal>> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics' };

/** The signal a path receives, or `undefined` (answered 404). */
export function readSignal(path: string): OtlpSignal | undefined {
  return SIGNAL_PATHS[path];
}

/** The encoding a `content-type` names, or `undefined` (answered 415). */
export function readEncoding(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf') return 'protobuf';
  return undefined;
}

/** Decodes a body whose signal and encoding are known; every failure becomes a 4xx refusal. */
export function decodeRequest(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  rawBody: Buffer,
  contentEncoding: string | undefined,
  maxBodyBytes: number,
): DecodedRequest {
  const body = decodeContent(rawBody, contentEncoding, maxBodyBytes);
  if (typeof body === 'string') return { ok: false, status: body === TOO_LARGE ? 413 : 400, reason: body };
  let message: unknown;
  try {
    if (encoding === 'json') message = JSON.parse(body.toString('utf8')) as unknown;
    else message = signal === 'traces' ? decodeProtobufTraces(body) : decodeProtobufMetrics(body);
  } catch {
    return { ok: false, status: 400, reason: `not an OTLP ${signal} ${encoding === 'json' ? 'JSON' : 'protobuf'} body` };
  }
  const listKey = signal === 'traces' ? 'resourceSpans' : 'resourceMetrics';
  if (!isObject(message) || !(message[listKey] === undefined || Array.isArray(message[listKey]))) {
    return { ok: false, status: 400, reason: `JSON body is not an OTLP ${signal} request (no ${listKey} list)` };
  }
  if (signal === 'traces') return { ok: true, signal, encoding, spans: readSpans(message) };
  return { ok: true, signal, encoding, ...readMetrics(message) };
}

const TOO_LARGE = 'body too large';

/** The body after `content-encoding`, or why it cannot be read. A gzip bomb stops at the bound. */
function decodeContent(raw: Buffer, encoding: string | undefined, maxBodyBytes: number): Buffer | string {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return raw;
  if (name !== 'gzip') return `unsupported content-encoding`;
  try {
    return gunzipSync(raw, { maxOutputLength: maxBodyBytes });
  } catch (error: unknown) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? TOO_LARGE : 'body is not valid gzip';
  }
}

function readSpans(message: Record<string, unknown>): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of readList(message, 'resourceSpans')) {
    for (const scopeSpans of readList(resourceSpans, 'scopeSpans')) {
      for (const span of readList(scopeSpans, 'spans')) {
        const status = isObject(span) ? span['status'] : undefined;
        spans.push({
          attributes: readAttributes(isObject(span) ? span['attributes'] : undefined),
          startTimeMs: readNanosAsMs(isObject(span) ? span['startTimeUnixNano'] : undefined),
          endTimeMs: readNanosAsMs(isObject(span) ? span['endTimeUnixNano'] : undefined),
          isError: isObject(status) && Number(status['code']) === 2,
        });
      }
    }
  }
  return spans;
}

const METRIC_DATA_KEYS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

function readMetrics(message: Record<string, unknown>): { metricNames: string[]; points: number } {
  const names = new Set<string>();
  let points = 0;
  for (const resourceMetrics of readList(message, 'resourceMetrics')) {
    for (const scopeMetrics of readList(resourceMetrics, 'scopeMetrics')) {
      for (const metric of readList(scopeMetrics, 'metrics')) {
        if (!isObject(metric)) continue;
        if (typeof metric['name'] === 'string') names.add(metric['name']);
        for (const key of METRIC_DATA_KEYS) points += readList(metric[key], 'dataPoints').length;
      }
    }
  }
  return { metricNames: [...names], points };
}

/** OTLP/JSON `attributes` (`[{ key, value: { stringValue | intValue | ... } }]`), scalars only. */
function readAttributes(list: unknown): Map<string, ScalarValue> {
  const attributes = new Map<string, ScalarValue>();
  if (!Array.isArray(list)) return attributes;
  for (const entry of list as unknown[]) {
    if (!isObject(entry) || typeof entry['key'] !== 'string' || !isObject(entry['value'])) continue;
    const value = readScalar(entry['value']);
    if (value !== undefined) attributes.set(entry['key'], value);
  }
  return attributes;
}

function readScalar(value: Record<string, unknown>): ScalarValue | undefined {
  const { stringValue, boolValue, intValue, doubleValue } = value;
  if (typeof stringValue === 'string') return stringValue;
  if (typeof boolValue === 'boolean') return boolValue;
  // intValue is a string in the JSON encoding (int64) and from protobufjs with `longs: String`.
  for (const number of [intValue, doubleValue]) {
    const parsed = typeof number === 'string' ? Number(number) : number;
    if (typeof parsed === 'number' && Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

/** Unix nanoseconds (string or number) as milliseconds; 0 when missing. */
function readNanosAsMs(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value / 1e6;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(BigInt(value) / 1000n) / 1000;
  return 0;
}

function readList(value: unknown, key: string): unknown[] {
  const list = isObject(value) ? value[key] : undefined;
  return Array.isArray(list) ? (list as unknown[]) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
