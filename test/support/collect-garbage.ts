/** Garbage collection on demand, for tests of spans ended when their result is collected. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Collects garbage until `isDone` or a bounded number of rounds (no timing assumption). */
export async function collectGarbageUntil(isDone: () => boolean): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let round = 0; round < 50 && !isDone(); round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
