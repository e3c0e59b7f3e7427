/**
 * `stream_options.include_usage`, shared by chat and legacy completions: without it
 * an OpenAI stream carries no usage at all; with it the provider sends one extra
 * chunk with empty `choices` and the usage before `[DONE]`.
 */
import { readArray, readObject } from '../../core/readers.js';

/**
 * The request with `include_usage: true` added, as a copy; `undefined` when the call
 * does not stream or the caller set `include_usage` either way (never overridden).
 */
export function requestStreamUsage(params: unknown): unknown {
  const body = readObject(params);
  if (!body || body['stream'] !== true) return undefined;
  const options = body['stream_options'];
  if (options !== undefined && options !== null && readObject(options) === undefined) return undefined;
  const streamOptions = readObject(options) ?? {};
  if (streamOptions['include_usage'] !== undefined) return undefined;
  return { ...body, stream_options: { ...streamOptions, include_usage: true } };
}

/** The usage-only chunk: empty `choices` and a `usage` object. */
export function isUsageOnlyChunk(chunk: unknown): boolean {
  const body = readObject(chunk);
  return body !== undefined && readArray(body['choices'])?.length === 0 && readObject(body['usage']) !== undefined;
}
