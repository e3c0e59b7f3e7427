/** Readers shared by the OpenAI operation descriptors. Numbers and ids, never text. */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_OPENAI_RESPONSE_SERVICE_TIER } from '../../../semconv.js';
import type { ResponseSummary } from '../../core/operation.js';
import { readFiniteNumber, readObject, readString } from '../../core/readers.js';

/** `id`, `model` and `service_tier`, shared by every OpenAI response shape. */
export function readIdentity(body: Record<string, unknown>, summary: ResponseSummary): void {
  const id = readString(body['id']);
  const model = readString(body['model']);
  const serviceTier = readString(body['service_tier']);
  if (id) summary.responseId = id;
  if (model) summary.responseModel = model;
  if (serviceTier) {
    summary.serviceTier = serviceTier;
    summary.attributes = { ...summary.attributes, [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: serviceTier };
  }
}

export function readFinishReason(choice: unknown, summary: ResponseSummary): void {
  const record = readObject(choice);
  const reason = readString(record?.['finish_reason']);
  if (!record || !reason) return;
  const index = readFiniteNumber(record['index']) ?? 0;
  // Bounded: a malformed index must not allocate a huge array.
  if (Number.isInteger(index) && index >= 0 && index < 128) summary.finishReasons[index] = reason;
}

/** A token count (finite, >= 0) at `details[key]`, or undefined. */
export function readTokenCount(details: unknown, key: string): number | undefined {
  const value = readFiniteNumber(readObject(details)?.[key]);
  return value !== undefined && value >= 0 ? value : undefined;
}
