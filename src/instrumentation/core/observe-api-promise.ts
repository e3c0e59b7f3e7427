/**
 * Observes the result of an SDK call without consuming it.
 *
 * The openai and anthropic SDKs return an `APIPromise`: a Promise subclass whose body
 * is parsed lazily — `then` starts the parse, `_thenUnwrap` composes a new APIPromise
 * over the same parser (that is how `chat.completions.parse()` and
 * `messages.stream()` are built). Calling `.then` on the caller's promise ourselves
 * would start a second parse and read the body twice
 * (opentelemetry-js-contrib#3586). Instead we wrap the instance's own parser, so the
 * SDK parses exactly once and hands us the result on its way to the caller, and the
 * caller gets back the very same object.
 */

type Parser = (...args: unknown[]) => unknown;
type Transform = (data: unknown, props: unknown) => unknown;

interface ApiPromiseInternals {
  parse?: Parser;
  parseResponse?: Parser;
  responsePromise?: PromiseLike<unknown>;
  /** Set by the SDK's `parse()`, which `then`, `await` and `withResponse()` all go through. */
  parsedPromise?: unknown;
  asResponse?: (...args: unknown[]) => unknown;
  _thenUnwrap?: (transform: Transform) => unknown;
}

export interface ApiPromiseObserver {
  /** Called once per parse with the parsed value; returns the value to hand on. */
  onParsed(value: unknown): unknown;
  /** Called when the request or its parse fails; the error still reaches the caller. */
  onError(error: unknown): void;
  /**
   * Called when the caller first subscribes (`then`, `await`, `withResponse()`: all go
   * through the instance's `parse()`): from then on the parse chain ends the span.
   */
  onSubscribed?(): void;
  /**
   * Called when the caller took the raw `Response` with `asResponse()` and no parse of the
   * body has begun: the caller reads the body, so no usage will ever reach us.
   */
  onRawResponse?(): void;
}

/**
 * Returns false when `promise` is not an APIPromise we know how to observe; it is
 * then left untouched.
 */
export function observeApiPromise(promise: unknown, observer: ApiPromiseObserver): boolean {
  if (typeof promise !== 'object' || promise === null) return false;
  const internals = promise as ApiPromiseInternals;
  const originalParse = internals.parseResponse;
  if (typeof originalParse !== 'function') return false;

  internals.parseResponse = function observedParseResponse(this: unknown, ...args: unknown[]) {
    let parsed: unknown;
    try {
      parsed = originalParse.apply(this, args);
    } catch (error) {
      observer.onError(error);
      throw error;
    }
    return Promise.resolve(parsed).then(
      (value) => observer.onParsed(value),
      (error: unknown) => {
        observer.onError(error);
        throw error;
      },
    );
  };

  // openai 7.5+ gives each APIPromise its own `_thenUnwrap` closing over the parser
  // it was built with, so it never reads `parseResponse`: compose on it as well.
  if (Object.prototype.hasOwnProperty.call(promise, '_thenUnwrap') && typeof internals._thenUnwrap === 'function') {
    const originalThenUnwrap = internals._thenUnwrap;
    internals._thenUnwrap = function observedThenUnwrap(this: unknown, transform: Transform) {
      return originalThenUnwrap.call(this, (data, props) => transform(observer.onParsed(data), props));
    };
  }

  // A request that fails never reaches the parser. Handling the rejection here does
  // not consume anything: the caller's `then` still rejects with the same error.
  internals.responsePromise?.then(undefined, (error: unknown) => observer.onError(error));

  // openai 4 and @anthropic-ai/sdk 0.x parse with `responsePromise.then(this.parseResponse)`,
  // which does not keep the APIPromise itself alive: once awaited, the caller holds only the
  // derived promise, so the object may be collected while the request is in flight.
  const originalStartParse = internals.parse;
  if (typeof originalStartParse === 'function' && observer.onSubscribed) {
    const onSubscribed = observer.onSubscribed;
    internals.parse = function observedParse(this: unknown, ...args: unknown[]) {
      onSubscribed();
      return originalStartParse.apply(this, args);
    };
  }
  // `asResponse()` hands the caller the raw `Response`, never through the parser. As the
  // Anthropic SDK does for its own spans: when the response arrives and no parse has begun
  // (`withResponse()` starts one first), the span ends then, without the body.
  const originalAsResponse = internals.asResponse;
  if (typeof originalAsResponse === 'function' && observer.onRawResponse) {
    const onRawResponse = observer.onRawResponse;
    internals.asResponse = function observedAsResponse(this: ApiPromiseInternals, ...args: unknown[]) {
      const response = originalAsResponse.apply(this, args);
      Promise.resolve(response).then(
        () => {
          if (internals.parsedPromise === undefined) onRawResponse();
        },
        // The request's failure already reached `onError` through `responsePromise`.
        () => {},
      );
      return response;
    };
  }
  return true;
}
