import { normalizeOpenAIChatUsage } from '../../../pricing/index.js';
import { GEN_AI_OPERATION_NAME_VALUE_CHAT, GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS } from '../../../semconv.js';
import type { OperationDescriptor, ResponseSummary } from '../../core/operation.js';
import { readArray, readObject, readString } from '../../core/readers.js';
import { messages as anthropicMessages } from '../../anthropic/operations/messages.js';
import {
  normalizeConverseUsage,
  normalizeInvocationMetrics,
  normalizeLlamaUsage,
  normalizeTitanEmbeddingUsage,
} from '../usage.js';
import { readStopReason, summarizeBedrockRequest } from './converse.js';

/**
 * `InvokeModel` and `InvokeModelWithResponseStream`: the body is the model vendor's own JSON, so
 * it is read by its shape: Anthropic Messages (`type: "message"`, or an event with a `type`, read
 * by the Anthropic descriptor, cache reads and writes included), Amazon Nova (`output.message`,
 * `usage.inputTokens`), Meta Llama (`generation`, `prompt_token_count`), OpenAI-style bodies
 * (`usage.prompt_tokens`), Amazon Titan embeddings (`inputTextTokenCount`). On a stream, the last
 * chunk's `amazon-bedrock-invocationMetrics` (every model) stands in when no other usage came.
 * The request body is never parsed: it is the prompt.
 */
const decoder = new TextDecoder();

/** The JSON of a body or chunk (`Uint8Array`, or a string), or `undefined`. */
function parseBytes(bytes: unknown): Record<string, unknown> | undefined {
  let text: string | undefined;
  if (typeof bytes === 'string') text = bytes;
  else if (bytes instanceof Uint8Array) text = decoder.decode(bytes);
  if (text === undefined) return undefined;
  try {
    return readObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function readOpenAIShape(body: Record<string, unknown>, summary: ResponseSummary): void {
  const id = readString(body['id']);
  if (id) summary.responseId = id;
  const model = readString(body['model']);
  if (model) summary.responseModel = model;
  const reasons = (readArray(body['choices']) ?? [])
    .map((choice) => readString(readObject(choice)?.['finish_reason']))
    .filter((reason): reason is string => reason !== undefined);
  if (reasons.length > 0) summary.finishReasons = reasons;
  const usage = normalizeOpenAIChatUsage(body['usage']);
  if (usage) summary.usage = usage;
}

/** A whole InvokeModel response body, by its shape. */
function readModelBody(body: Record<string, unknown>, summary: ResponseSummary): void {
  const usage = readObject(body['usage']);
  if (body['type'] === 'message' || usage?.['input_tokens'] !== undefined) {
    anthropicMessages.readResponse(body, summary);
  } else if (usage?.['prompt_tokens'] !== undefined) {
    readOpenAIShape(body, summary);
  } else if (usage?.['inputTokens'] !== undefined || readObject(body['output'])) {
    readStopReason(body['stopReason'], summary);
    const normalized = normalizeConverseUsage(usage);
    if (normalized) summary.usage = normalized;
  } else if (body['prompt_token_count'] !== undefined || body['generation'] !== undefined) {
    readStopReason(body['stop_reason'], summary);
    const normalized = normalizeLlamaUsage(body);
    if (normalized) summary.usage = normalized;
  } else {
    const normalized = normalizeTitanEmbeddingUsage(body);
    if (normalized) summary.usage = normalized;
  }
}

/** One streamed chunk's JSON, by its shape; Bedrock's own counts only when nothing else gave usage. */
function readModelChunk(payload: Record<string, unknown>, summary: ResponseSummary): void {
  if (typeof payload['type'] === 'string') {
    anthropicMessages.readChunk(payload, summary);
  } else if (readArray(payload['choices'])) {
    readOpenAIShape(payload, summary);
  } else {
    const stop = readObject(payload['messageStop']);
    if (stop) readStopReason(stop['stopReason'], summary);
    const usage = normalizeConverseUsage(readObject(payload['metadata'])?.['usage']);
    if (usage) summary.usage = usage;
    readStopReason(payload['stop_reason'], summary);
  }
  if (summary.usage === undefined) {
    const metrics = normalizeInvocationMetrics(payload['amazon-bedrock-invocationMetrics']);
    if (metrics) summary.usage = metrics;
  }
}

export const invokeModel: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  readRequest: (input) => summarizeBedrockRequest(input, false),
  readResponse(output, summary) {
    const body = parseBytes(readObject(output)?.['body']);
    if (body) readModelBody(body, summary);
  },
  readChunk() {},
};

/** `InvokeModel` on an embedding model (`amazon.titan-embed-*`, `cohere.embed-*`). */
export const invokeEmbeddingModel: OperationDescriptor = {
  ...invokeModel,
  operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
};

/** `InvokeModelWithResponseStream`: the output's `body` streams `{ chunk: { bytes } }` events. */
export const invokeModelWithResponseStream: OperationDescriptor = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  readRequest: (input) => summarizeBedrockRequest(input, true),
  readResponse() {},
  readChunk(event, summary) {
    const payload = parseBytes(readObject(readObject(event)?.['chunk'])?.['bytes']);
    if (payload) readModelChunk(payload, summary);
  },
  readStream: (output) => readObject(output)?.['body'],
};

/** Embedding models answer with vectors, not text; their calls are `embeddings`. */
export function isEmbeddingModel(modelId: string): boolean {
  return /(?:^|[.:/])(?:amazon\.titan-embed|cohere\.embed|twelvelabs\.marengo-embed|amazon\.nova-.*embed)/.test(modelId);
}
