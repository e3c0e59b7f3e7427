import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { resolveCallContextMode, type CallContextMode } from '../../config/resolve-call-context.js';
import { hasHttpClientObservers, isHookPropagation } from '../../context/propagation.js';

// Process-wide and shared by the ESM and CJS copies of this package: `init({ callContext })`
// sets it for instrumentations registered any way; without init, env `INFRAPRISM_CALL_CONTEXT`.
const MODE_KEY = Symbol.for('infraprism.call-context-mode');
type GlobalWithMode = typeof globalThis & { [MODE_KEY]?: CallContextMode };

/** Sets the mode for every call from now on (`init({ callContext })`). */
export function setCallContextMode(mode: CallContextMode): void {
  (globalThis as GlobalWithMode)[MODE_KEY] = mode;
}

function readCallContextMode(): CallContextMode {
  const global = globalThis as GlobalWithMode;
  return (global[MODE_KEY] ??= resolveCallContextMode(undefined, process.env));
}

/**
 * Whether a call enters its span's context for the SDK's work. Entering is what lets HTTP spans,
 * the Anthropic SDK's own span and the app's code inside the SDK's `fetch` find our span as
 * their parent; on Node 20 and 22 the first `context.with` in a process also switches on
 * async-hooks propagation for every promise from then on — a cost paid by every later call of
 * the app, not only ours. So in `auto` (the default) a call enters when:
 *
 * - the app already runs inside a context it entered (a server span, `withEntity`):
 *   propagation is on anyway and entering ours is cheap;
 * - propagation does not use async hooks (AsyncContextFrame: Node 24, or 22 with the flag);
 * - an HTTP instrumentation would make child spans of the SDK's request;
 * - the SDK makes a span of its own for this call (`needsContext`: the Anthropic SDK's).
 *
 * Otherwise nothing would read the context, and the call runs in the caller's: its span is
 * exported all the same. `always` (env `INFRAPRISM_CALL_CONTEXT=always`, `init({ callContext })`)
 * enters for every call — for an app whose own `fetch` passed to the SDK reads the active span.
 */
export function shouldEnterCallContext(active: Context, needsContext: boolean): boolean {
  return (
    active !== ROOT_CONTEXT ||
    needsContext ||
    readCallContextMode() === 'always' ||
    !isHookPropagation() ||
    hasHttpClientObservers()
  );
}
