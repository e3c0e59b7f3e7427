/**
 * Observes a streamed response while the caller consumes it.
 *
 * The SDKs' `Stream` keeps its source in an `iterator` factory that every consumer
 * goes through — `for await`, `tee()`, `toReadableStream()` and the SDK's own helpers
 * (`chat.completions.stream()`, `MessageStream`). Wrapping that one factory on the
 * instance lets us see every chunk exactly once while the caller keeps the SDK's real
 * `Stream` object, class and `controller` included. Nothing is buffered: a chunk is
 * read and handed on.
 */
import { endWhenCollected, type Lifeline } from './end-when-collected.js';
import { reportInternalError } from './errors.js';

export interface StreamObserver {
  onChunk(chunk: unknown): void;
  /** The source finished or the consumer stopped early (`break`, `return()`). */
  onEnd(): void;
  /** The source failed; the error still reaches the consumer. */
  onError(error: unknown): void;
  /**
   * The source ended quietly after the stream's `AbortSignal` fired: the SDK ends the
   * iteration without an error when the caller aborts mid-stream.
   */
  onAbort(): void;
  /**
   * True for a chunk the consumer must not see (the usage chunk we asked for on its
   * behalf). It is still handed to `onChunk` first.
   */
  shouldHide?(chunk: unknown): boolean;
}

type IteratorFactory = (...args: unknown[]) => AsyncIterator<unknown>;

interface StreamInternals {
  iterator?: IteratorFactory;
  [Symbol.asyncIterator]?: IteratorFactory;
  controller?: { signal?: { aborted?: unknown } };
  [OBSERVED]?: true;
}

// A stream parsed twice (e.g. awaited through two composed promises) is still
// observed once.
const OBSERVED = Symbol('infraprism.stream.observed');

/** True for objects we can observe with {@link observeStream}. */
export function isObservableStream(value: unknown): boolean {
  return readFactoryKey(value) !== undefined;
}

/** The SDKs' `iterator` factory where there is one (every consumer goes through it), else the iterable's own. */
function readFactoryKey(value: unknown): 'iterator' | typeof Symbol.asyncIterator | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const internals = value as StreamInternals;
  if (typeof internals.iterator === 'function') return 'iterator';
  if (typeof internals[Symbol.asyncIterator] === 'function') return Symbol.asyncIterator;
  return undefined;
}

/**
 * Returns false when `stream` has no iterator factory; it is then left untouched.
 * A stream that is dropped without being consumed, or an iterator dropped halfway,
 * ends the span when the garbage collector reclaims it: nothing of ours keeps it alive.
 */
export function observeStream(
  stream: unknown,
  observer: StreamObserver,
  lifeline: Lifeline = endWhenCollected(() => observer.onEnd()),
): boolean {
  const factoryKey = readFactoryKey(stream);
  if (factoryKey === undefined) return false;
  const internals = stream as StreamInternals;
  if (internals[OBSERVED]) return true;
  internals[OBSERVED] = true;
  lifeline.hold(internals);
  const originalIterator = internals[factoryKey] as IteratorFactory;
  const isAborted = (): boolean => internals.controller?.signal?.aborted === true;
  internals[factoryKey] = function observedIterator(this: unknown, ...args: unknown[]) {
    const source = originalIterator.apply(this, args);
    const observed = observeIterator(source, observer, isAborted);
    // An async generator's iterator is iterable itself (`for await (const e of it)`): so is ours.
    if (typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
      (observed as AsyncIterableIterator<unknown>)[Symbol.asyncIterator] = returnSelf;
    }
    lifeline.hold(observed);
    return observed;
  };
  return true;
}

function returnSelf<T>(this: T): T {
  return this;
}

/**
 * A plain iterator object rather than an async generator: a generator would queue
 * `return()` behind a pending `next()` and change when the source is released.
 */
function observeIterator(
  source: AsyncIterator<unknown>,
  observer: StreamObserver,
  isAborted: () => boolean,
): AsyncIterator<unknown> {
  // The handlers are made once per iterator, not once per chunk: a 200-chunk stream
  // otherwise allocates 400 closures (CPU per chunk).
  const onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    if (result.done) {
      if (isAborted()) observer.onAbort();
      else observer.onEnd();
      return result;
    }
    observer.onChunk(result.value);
    // The hidden chunk is the last but one frame: pull the next (the end) instead.
    if (observer.shouldHide !== undefined && isHidden(observer, result.value)) return next();
    return result;
  };
  const onError = (error: unknown): never => {
    observer.onError(error);
    throw error;
  };
  const next = (...args: [] | [unknown]): Promise<IteratorResult<unknown>> => source.next(...args).then(onResult, onError);
  const observed: AsyncIterator<unknown> = { next };
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

function isHidden(observer: StreamObserver, chunk: unknown): boolean {
  try {
    return observer.shouldHide?.(chunk) === true;
  } catch (error) {
    reportInternalError('checking a stream chunk', error);
    return false;
  }
}
