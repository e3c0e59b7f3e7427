/** Readers shared by the OpenAI operation descriptors. Numbers and ids, never text. */
import type { Attributes } from '@opentelemetry/api';
import type { ResponseSummary } from '../../core/operation.js';
import { readFiniteNumber, readObject, readString } from '../../core/readers.js';

/** `id`, `model` and `service_tier`, shared by every OpenAI response shape. */
export function readIdentity(body: Record<string, unknown>, summary: ResponseSummary): void {
  const id = readString(body['id']);
  const model = readString(body['model']);
  const serviceTier = readString(body['service_tier']);
  if (id) summary.responseId = id;
  if (model) summary.responseModel = model;
  if (serviceTier) summary.serviceTier = serviceTier;
}

export function readFinishReason(choice: unknown, summary: ResponseSummary): void {
  const record = readObject(choice);
  const reason = readString(record?.['finish_reason']);
  if (!record || !reason) return;
  const index = readFiniteNumber(record['index']) ?? 0;
  // Bounded: a malformed index must not allocate a huge array.
  if (Number.isInteger(index) && index >= 0 && index < 128) summary.finishReasons[index] = reason;
}

export function setNumber(attributes: Attributes, key: string, value: unknown): void {
  const number = readFiniteNumber(value);
  if (number !== undefined) attributes[key] = number;
}
