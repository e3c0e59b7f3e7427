/**
 * Ends a span whose result the caller dropped: an APIPromise never awaited, a stream
 * never iterated, an iterator abandoned halfway without `return()`. Those give us no
 * exit to observe, so the garbage collector is the last one: when every object a
 * call handed out has been reclaimed, `onCollected` runs (once; `CallSpan` ignores a
 * second end). The registry holds only the callback, never the objects, so tracking
 * pins no memory — the objects stay as collectable as without us.
 */
import { reportInternalError } from './errors.js';

export interface Lifeline {
  /**
   * Keeps the call open while `target` is reachable. Returns the release: call it when
   * another exit is sure to end the call, so collecting `target` no longer ends it.
   */
  hold(target: object): () => void;
}

interface Holders {
  live: number;
  onCollected(): void;
}

const registry: FinalizationRegistry<Holders> | undefined =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Holders>((holders) => {
        holders.live -= 1;
        if (holders.live > 0) return;
        try {
          holders.onCollected();
        } catch (error) {
          reportInternalError('ending a span after its result was collected', error);
        }
      })
    : undefined;

export function endWhenCollected(onCollected: () => void): Lifeline {
  const holders: Holders = { live: 0, onCollected };
  return {
    hold(target) {
      if (!registry) return () => {};
      holders.live += 1;
      const token = {};
      registry.register(target, holders, token);
      return () => {
        // Unregistering a target that was already collected returns false: counted there.
        if (registry.unregister(token)) holders.live -= 1;
      };
    },
  };
}
