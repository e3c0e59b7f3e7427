/**
 * Method patching that stacks with other instrumentations of the same SDK.
 *
 * `InstrumentationBase._wrap` unwraps any shimmer-wrapped method before wrapping it, so two
 * instrumentations of one SDK (ours and, for `openai`, the contrib
 * `@opentelemetry/instrumentation-openai`) silently remove each other: whichever patches last is the only one left. We therefore
 * (1) never unwrap a wrapper that is not ours, and (2) do not carry shimmer's `__wrapped` /
 * `__unwrap` flags, so their `_wrap` wraps on top of ours instead of removing it. `__original`
 * is kept, so chains stay walkable (our own double-patch check follows it).
 */
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `target[name]` with `makeWrapper(original)`, keeping the property's enumerability. */
export function stackWrapper(target: Record<string, unknown>, name: string, makeWrapper: (original: AnyFunction) => AnyFunction): void {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapper = makeWrapper(original as AnyFunction);
  Object.defineProperty(wrapper, '__original', { value: original, configurable: true, enumerable: false, writable: true });
  defineMethod(target, name, wrapper);
}

/**
 * Puts back the original under `wrapper` when `wrapper` is still the outermost patch. When
 * another instrumentation has wrapped on top of it, removing ours would remove theirs too;
 * ours then stays in the chain.
 */
export function removeWrapper(target: Record<string, unknown>, name: string, wrapper: unknown): void {
  if (target[name] !== wrapper) return;
  const original = (wrapper as { __original?: unknown }).__original;
  if (typeof original === 'function') defineMethod(target, name, original);
}

function defineMethod(target: Record<string, unknown>, name: string, value: unknown): void {
  const enumerable = Object.prototype.propertyIsEnumerable.call(target, name);
  Object.defineProperty(target, name, { value, configurable: true, enumerable, writable: true });
}
