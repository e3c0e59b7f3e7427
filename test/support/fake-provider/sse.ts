/**
 * Server-sent-event framing shared by the streaming routes, exported so a test can also hand-build
 * an odd stream for a `raw` reply. Kept byte-exact with what the providers send: `data:` lines end
 * in `\n\n`, an `event:` line precedes them when the provider names events (Anthropic).
 */

/** Content type both providers answer streams with. */
export const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/** One SSE frame; `data` is JSON-encoded unless it is already a string (`[DONE]`). */
export function formatSseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}

/**
 * Splits `text` into exactly `pieces` parts (the last ones may be empty), so a test asking for
 * N chunks always gets N delta events, whatever the text length.
 */
export function splitIntoPieces(text: string, pieces: number): string[] {
  const count = Math.max(1, Math.floor(pieces));
  const size = Math.ceil(text.length / count);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(text.slice(i * size, (i + 1) * size));
  }
  return parts;
}

/**
 * Keeps the first `afterChunks` frames and ends with `errorFrame`, the way a provider that fails
 * mid-generation stops sending deltas and emits its error event instead.
 */
export function withStreamError<Frame>(
  frames: readonly Frame[],
  afterChunks: number | undefined,
  errorFrame: Frame,
): Frame[] {
  if (afterChunks === undefined) return [...frames];
  return [...frames.slice(0, Math.max(0, afterChunks)), errorFrame];
}
