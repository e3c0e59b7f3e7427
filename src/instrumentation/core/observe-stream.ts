/**
 * Observes a streamed response while the caller consumes it.
 *
 * The SDKs' `Stream` keeps its source in an `iterator` factory that every consumer
 * goes through — `for await`, `tee()`, `toReadableStream()` and the SDK's own helpers
 * (`chat.completions.stream()`, `MessageStream`). Wrapping that one factory on the
 * instance lets us see every chunk exactly once while the caller keeps the SDK's real
 * `Stream` object, class and `controller` included.
 */

export interface StreamObserver {
  onChunk(chunk: unknown): void;
  /** The source finished or the consumer stopped early (`break`, `return()`). */
  onEnd(): void;
  /** The source failed; the error still reaches the consumer. */
  onError(error: unknown): void;
}

interface StreamInternals {
  iterator?: (...args: unknown[]) => AsyncIterator<unknown>;
  [OBSERVED]?: true;
}

// A stream parsed twice (e.g. awaited through two composed promises) is still
// observed once.
const OBSERVED = Symbol('infraprism.stream.observed');

/** True for objects we can observe with {@link observeStream}. */
export function isObservableStream(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as StreamInternals).iterator === 'function';
}

/** Returns false when `stream` has no iterator factory; it is then left untouched. */
export function observeStream(stream: unknown, observer: StreamObserver): boolean {
  if (!isObservableStream(stream)) return false;
  const internals = stream as StreamInternals;
  if (internals[OBSERVED]) return true;
  internals[OBSERVED] = true;
  const originalIterator = internals.iterator as NonNullable<StreamInternals['iterator']>;
  internals.iterator = function observedIterator(this: unknown, ...args: unknown[]) {
    return observeIterator(originalIterator.apply(this, args), observer);
  };
  return true;
}

/**
 * A plain iterator object rather than an async generator: a generator would queue
 * `return()` behind a pending `next()` and change when the source is released.
 */
function observeIterator(source: AsyncIterator<unknown>, observer: StreamObserver): AsyncIterator<unknown> {
  const observed: AsyncIterator<unknown> = {
    next(...args: [] | [unknown]) {
      return source.next(...args).then(
        (result) => {
          if (result.done) observer.onEnd();
          else observer.onChunk(result.value);
          return result;
        },
        (error: unknown) => {
          observer.onError(error);
          throw error;
        },
      );
    },
  };
  if (typeof source.return === 'function') {
    const sourceReturn = source.return.bind(source);
    observed.return = (value?: unknown) => {
      observer.onEnd();
      return sourceReturn(value);
    };
  }
  if (typeof source.throw === 'function') {
    const sourceThrow = source.throw.bind(source);
    observed.throw = (error?: unknown) => {
      observer.onError(error);
      return sourceThrow(error);
    };
  }
  return observed;
}
