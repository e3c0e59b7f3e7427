/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`), as Bedrock's
 * `InvokeModelWithResponseStream` sends it, encoded with AWS's own `@smithy/eventstream-codec` (the
 * library `@anthropic-ai/bedrock-sdk` decodes with), so lengths and CRCs are the real ones.
 *
 * A Bedrock payload chunk is an `event` message of type `chunk` whose JSON body is
 * `{ "bytes": "<base64 of the model's JSON event>" }`; a failure mid-stream is an `exception`
 * message named by `:exception-type` (e.g. `modelStreamErrorException`) with a JSON body.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';

/** Content type of an event-stream response. */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function stringHeader(value: string) {
  return { type: 'string' as const, value };
}

function jsonBody(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
}

/**
 * One event of a modelled event stream: `eventType` names the union member (`chunk`,
 * `messageStart`, `metadata`, ...) and `body` is that member's JSON.
 */
export function encodeBedrockEvent(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': stringHeader(eventType),
      ':message-type': stringHeader('event'),
      ':content-type': stringHeader('application/json'),
    },
    body: jsonBody(body),
  });
}

/** A Bedrock `chunk` event carrying `payload` (the model's JSON event), base64 inside JSON. */
export function encodeBedrockChunk(payload: unknown): Uint8Array {
  return encodeBedrockEvent('chunk', { bytes: Buffer.from(JSON.stringify(payload), 'utf8').toString('base64') });
}

/** A modelled Bedrock exception frame, e.g. `modelStreamErrorException` with `{ message }`. */
export function encodeBedrockException(exceptionType: string, body: Readonly<Record<string, unknown>>): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': stringHeader(exceptionType),
      ':message-type': stringHeader('exception'),
      ':content-type': stringHeader('application/json'),
    },
    body: jsonBody(body),
  });
}
