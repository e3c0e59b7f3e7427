/**
 * The stream of one `doStream` call, observed while the AI SDK consumes it. `ai` pipes the
 * provider's `ReadableStream` through its own transform right after the call resolves; we put one
 * pass-through stage in front of that transform, on the instance, so each part is read once and
 * handed on unchanged, with no buffering (`highWaterMark: 0`: a part is pulled only when the AI SDK
 * asks for one). The usage arrives in the `finish` part.
 *
 * Every exit ends the span with what is known by then: the end of the stream, an error, an abort
 * (the caller's `AbortSignal`), the AI SDK cancelling it (its consumer stopped early), or the
 * stream being dropped unread (garbage collected).
 */
import type { CallSpan } from '../core/call-span.js';
import { endWhenCollected } from '../core/end-when-collected.js';
import { reportInternalError } from '../core/errors.js';
import { readObject } from '../core/readers.js';

// The part the AI SDK emits before the provider has sent anything: not the first chunk.
const STREAM_START_PART = 'stream-start';

export function observeModelStream(stream: ReadableStream<unknown>, call: CallSpan): void {
  const release = endWhenCollected(() => call.end()).hold(stream);
  const prototypePipeThrough = stream.pipeThrough;
  Object.defineProperty(stream, 'pipeThrough', {
    configurable: true,
    writable: true,
    value: function pipeThrough(this: ReadableStream<unknown>, ...args: Parameters<ReadableStream<unknown>['pipeThrough']>) {
      // Once: later calls see the stream's own method again.
      delete (stream as { pipeThrough?: unknown }).pipeThrough;
      let source: ReadableStream<unknown> = this;
      try {
        source = createObservedStream(this, call);
        release();
      } catch (error) {
        reportInternalError('observing an AI SDK model stream', error);
      }
      return prototypePipeThrough.apply(source, args);
    },
  });
}

function createObservedStream(source: ReadableStream<unknown>, call: CallSpan): ReadableStream<unknown> {
  const reader = source.getReader();
  return new ReadableStream<unknown>(
    {
      async pull(controller) {
        let result: { done?: boolean; value?: unknown };
        try {
          result = await reader.read();
        } catch (error) {
          if (isAbortError(error)) call.abort();
          else call.fail(error);
          controller.error(error);
          return;
        }
        if (result.done) {
          call.end();
          controller.close();
          return;
        }
        if (readObject(result.value)?.['type'] !== STREAM_START_PART) call.recordChunk(result.value);
        controller.enqueue(result.value);
      },
      cancel(reason) {
        call.end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The caller's `AbortSignal` fired: fetch rejects with a DOMException named `AbortError`. */
export function isAbortError(error: unknown): boolean {
  return readObject(error)?.['name'] === 'AbortError';
}
