import type { TokenUsage } from '../../../pricing/index.js';
import {
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  INFRAPRISM_OPERATION_NAME_VALUE_SPEECH,
  INFRAPRISM_OPERATION_NAME_VALUE_TRANSCRIPTION,
} from '../../../semconv.js';
import type { OperationDescriptor, RequestSummary, ResponseSummary } from '../../core/operation.js';
import { readObject } from '../../core/readers.js';
import { setNumber, summarizeRequest } from '../../core/request-summary.js';
import { readTokenCount } from './fields.js';

/**
 * `audio.transcriptions.create` and `audio.translations.create`. gpt-4o transcribe
 * models report `usage: { type: "tokens", input_tokens, output_tokens,
 * input_token_details: { audio_tokens, text_tokens } }`; whisper-1 reports
 * `{ type: "duration", seconds }`, billed per minute: `unpriced_operation`. The audio
 * file, prompt and transcript are never read.
 */
export const audioTranscriptions: OperationDescriptor = {
  operationName: INFRAPRISM_OPERATION_NAME_VALUE_TRANSCRIPTION,
  isBilledBeyondTokens: true,

  readRequest(params: unknown): RequestSummary {
    const summary = readModelRequest(params);
    setNumber(summary.attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, readObject(params)?.['temperature']);
    return summary;
  },

  readResponse(response: unknown, summary: ResponseSummary): void {
    readTranscriptionUsage(readObject(response)?.['usage'], summary);
  },

  readChunk(chunk: unknown, summary: ResponseSummary): void {
    // `transcript.text.done` carries the usage of a streamed transcription.
    readTranscriptionUsage(readObject(chunk)?.['usage'], summary);
  },
};

/**
 * `audio.speech.create`: the SDK hands back the binary `Response`, whose body is the
 * caller's to read — we never touch it. Billed per character or per audio token
 * without a usage report in the body: `unpriced_operation`.
 */
export const audioSpeech: OperationDescriptor = {
  operationName: INFRAPRISM_OPERATION_NAME_VALUE_SPEECH,
  isBilledBeyondTokens: true,

  readRequest(params: unknown): RequestSummary {
    const summary = readModelRequest(params);
    // Even with `stream_format: "sse"` the SDK returns the raw Response, not a Stream.
    summary.isStreaming = false;
    summary.attributes[ATTR_GEN_AI_REQUEST_STREAM] = false;
    return summary;
  },

  readResponse() {
    // A binary Response: nothing to read without consuming the caller's body.
  },

  readChunk() {
    // Never a Stream (see readRequest).
  },
};

function readModelRequest(params: unknown): RequestSummary {
  return summarizeRequest(readObject(params) ?? {}, {});
}

function readTranscriptionUsage(value: unknown, summary: ResponseSummary): void {
  const record = readObject(value);
  if (!record || (record['type'] !== undefined && record['type'] !== 'tokens')) return;
  const input = readTokenCount(record, 'input_tokens');
  const output = readTokenCount(record, 'output_tokens');
  if (input === undefined && output === undefined) return;
  const usage: TokenUsage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  // The transcription API spells it `input_token_details` (no "s"); accept both.
  const details = record['input_token_details'] ?? record['input_tokens_details'];
  const audio = readTokenCount(details, 'audio_tokens');
  if (audio !== undefined) usage.audioInputTokens = Math.min(audio, usage.inputTokens);
  summary.usage = usage;
}
