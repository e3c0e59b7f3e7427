import type { Attributes } from '@opentelemetry/api';
import { normalizeAnthropicUsage } from '../../../pricing/index.js';
import {
  ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER,
  ATTR_INFRAPRISM_USAGE_WEB_FETCH_REQUESTS,
  ATTR_INFRAPRISM_USAGE_WEB_SEARCH_REQUESTS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readFiniteNumber, readObject, readString } from '../../core/readers.js';
import { summarizeAnthropicRequest } from './request-fields.js';

/**
 * `messages.create` and `beta.messages.create`, streamed or not; `messages.stream()`,
 * `parse()` and the tool runners go through `create`. Reads numbers and ids, never text.
 *
 * Usage: Anthropic's `input_tokens` excludes cache reads and writes; `normalizeAnthropicUsage`
 * makes the total inclusive, as semconv's `gen_ai.usage.input_tokens` is, and splits cache writes
 * by TTL for pricing. On a stream, `message_start` carries input and cache counts (and
 * `output_tokens: 1`), each `message_delta` the cumulative counts so far — output always, and in
 * newer API versions input, cache and `server_tool_use` too — so fields are overwritten, never
 * added.
 */
export const messages: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,

  readRequest(params: unknown): RequestSummary {
    return summarizeAnthropicRequest(params, 'max_tokens');
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    const message = readObject(response);
    if (!message) return;
    readMessageIdentity(message, summary);
    readStopReason(message['stop_reason'], summary);
    const usage = readObject(message['usage']);
    if (usage) applyRawUsage(summary, usage);
  },

  readChunk(chunk: unknown, summary: ResponseSummary): void {
    const event = readObject(chunk);
    if (!event) return;
    switch (event['type']) {
      case 'message_start': {
        const message = readObject(event['message']);
        if (!message) return;
        readMessageIdentity(message, summary);
        const usage = readObject(message['usage']);
        if (usage) mergeRawUsage(summary, usage);
        return;
      }
      case 'message_delta': {
        readStopReason(readObject(event['delta'])?.['stop_reason'], summary);
        const usage = readObject(event['usage']);
        if (usage) mergeRawUsage(summary, usage);
        return;
      }
      default:
        return;
    }
  },
};

// The raw usage of a stream so far, per call: message_delta overwrites what message_start said.
const streamedUsage = new WeakMap<ResponseSummary, Record<string, unknown>>();

function mergeRawUsage(summary: ResponseSummary, usage: Record<string, unknown>): void {
  const merged = streamedUsage.get(summary) ?? {};
  for (const [key, value] of Object.entries(usage)) {
    // A delta may send `null` for counts it does not repeat: keep the earlier value then.
    if (value === null || value === undefined) continue;
    merged[key] = value;
  }
  streamedUsage.set(summary, merged);
  applyRawUsage(summary, merged);
}

function applyRawUsage(summary: ResponseSummary, usage: Record<string, unknown>): void {
  const normalized = normalizeAnthropicUsage(usage);
  if (normalized) summary.usage = normalized;
  const attributes: Attributes = { ...summary.attributes };
  const serviceTier = readString(usage['service_tier']);
  if (serviceTier) {
    summary.serviceTier = serviceTier;
    attributes[ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER] = serviceTier;
  }
  const serverToolUse = readObject(usage['server_tool_use']);
  setCount(attributes, ATTR_INFRAPRISM_USAGE_WEB_SEARCH_REQUESTS, serverToolUse?.['web_search_requests']);
  setCount(attributes, ATTR_INFRAPRISM_USAGE_WEB_FETCH_REQUESTS, serverToolUse?.['web_fetch_requests']);
  // Web search is billed per request: hand the count to pricing with the tokens.
  const searches = readFiniteNumber(serverToolUse?.['web_search_requests']);
  if (summary.usage && searches !== undefined && searches >= 0) summary.usage.webSearchRequests = searches;
  summary.attributes = attributes;
}

function readMessageIdentity(message: Record<string, unknown>, summary: ResponseSummary): void {
  const id = readString(message['id']);
  const model = readString(message['model']);
  if (id) summary.responseId = id;
  if (model) summary.responseModel = model;
}

function readStopReason(value: unknown, summary: ResponseSummary): void {
  const reason = readString(value);
  // One message, one choice.
  if (reason) summary.finishReasons[0] = reason;
}

function setCount(attributes: Attributes, key: string, value: unknown): void {
  const number = readFiniteNumber(value);
  if (number !== undefined && number >= 0) attributes[key] = number;
}
