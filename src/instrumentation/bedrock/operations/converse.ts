import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readArray, readObject, readString } from '../../core/readers.js';
import { setNumber } from '../../core/request-summary.js';
import { normalizeConverseUsage } from '../usage.js';

/**
 * The request of every Bedrock command: `modelId` (a model id, an inference profile or an ARN) as
 * the request model, and whether the command streams. Never the messages, system or tools.
 */
export function summarizeBedrockRequest(input: unknown, isStreaming: boolean, attributes: Attributes = {}): RequestSummary {
  attributes[ATTR_GEN_AI_REQUEST_STREAM] = isStreaming;
  const summary: RequestSummary = { isStreaming, attributes };
  const modelId = readString(readObject(input)?.['modelId']);
  if (modelId) summary.requestModel = modelId;
  return summary;
}

/** Converse's `inferenceConfig` numbers, and the number of stop sequences (they can be content). */
function summarizeConverseRequest(input: unknown, isStreaming: boolean): RequestSummary {
  const config = readObject(readObject(input)?.['inferenceConfig']);
  const attributes: Attributes = {};
  setNumber(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, config?.['maxTokens']);
  setNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, config?.['temperature']);
  setNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, config?.['topP']);
  const stopCount = readArray(config?.['stopSequences'])?.length;
  if (stopCount !== undefined) attributes[ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT] = stopCount;
  return summarizeBedrockRequest(input, isStreaming, attributes);
}

export function readStopReason(value: unknown, summary: ResponseSummary): void {
  const reason = readString(value);
  if (reason) summary.finishReasons = [reason];
}

/** `Converse`: the answer's stop reason and usage; the message itself is never read. */
export const converse: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  readRequest: (input) => summarizeConverseRequest(input, false),
  readResponse(output, summary) {
    const record = readObject(output);
    readStopReason(record?.['stopReason'], summary);
    const usage = normalizeConverseUsage(record?.['usage']);
    if (usage) summary.usage = usage;
  },
  readChunk() {},
};

/**
 * `ConverseStream`: the output's `stream` is observed as the caller iterates it; `messageStop`
 * carries the stop reason and the closing `metadata` event the usage.
 */
export const converseStream: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  readRequest: (input) => summarizeConverseRequest(input, true),
  readResponse() {},
  readChunk(event, summary) {
    const record = readObject(event);
    if (!record) return;
    const stop = readObject(record['messageStop']);
    if (stop) readStopReason(stop['stopReason'], summary);
    const usage = normalizeConverseUsage(readObject(record['metadata'])?.['usage']);
    if (usage) summary.usage = usage;
  },
  readStream: (output) => readObject(output)?.['stream'],
};
