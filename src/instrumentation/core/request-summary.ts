/** Request readers shared by the operation descriptors of every provider. Numbers and ids, never text. */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_GEN_AI_REQUEST_STREAM } from '../../semconv.js';
import type { RequestSummary } from './operation.js';
import { readFiniteNumber, readString } from './readers.js';

/** Sets `attributes[key]` to `value` when it is a finite number. */
export function setNumber(attributes: Attributes, key: string, value: unknown): void {
  const number = readFiniteNumber(value);
  if (number !== undefined) attributes[key] = number;
}

/**
 * The request summary every operation ends with: `model`, and whether the call streams
 * (`stream: true`), also as `gen_ai.request.stream` unless the endpoint never streams.
 */
export function summarizeRequest(body: Record<string, unknown>, attributes: Attributes, canStream = true): RequestSummary {
  const isStreaming = canStream && body['stream'] === true;
  if (canStream) attributes[ATTR_GEN_AI_REQUEST_STREAM] = isStreaming;
  const summary: RequestSummary = { isStreaming, attributes };
  const model = readString(body['model']);
  if (model) summary.requestModel = model;
  return summary;
}
