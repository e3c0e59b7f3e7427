/**
 * Decodes OTLP/protobuf trace requests with protobufjs (a well-kept decoder, not ours), into the
 * OTLP/JSON shape `flattenTraces` reads, so protobuf exports are asserted on like JSON ones. The
 * schema and decoder are the `infraprism dev` receiver's (src/cli/dev/otlp-protobuf.ts).
 */
import { decodeProtobufTraces } from '../../src/cli/dev/otlp-protobuf.js';

/** The request as OTLP/JSON would carry it (hex ids, numbers as strings), or `undefined` if malformed. */
export function decodeOtlpProtobufTraces(body: Uint8Array): unknown {
  try {
    return hexIds(decodeProtobufTraces(body));
  } catch {
    return undefined;
  }
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** protobufjs writes bytes as base64; OTLP/JSON writes trace and span ids as hex. */
function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIds);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = ID_FIELDS.has(key) && typeof field === 'string' ? Buffer.from(field, 'base64').toString('hex') : hexIds(field);
  }
  return out;
}
