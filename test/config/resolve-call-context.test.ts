import { expect, it } from 'vitest';
import { checkCallContextOption, resolveCallContextMode } from '../../src/config/resolve-call-context.js';

it('resolves callContext from the option, then INFRAPRISM_CALL_CONTEXT, then auto', () => {
  expect(resolveCallContextMode('always', { INFRAPRISM_CALL_CONTEXT: 'auto' })).toBe('always');
  expect(resolveCallContextMode(undefined, { INFRAPRISM_CALL_CONTEXT: ' Always ' })).toBe('always');
  expect(resolveCallContextMode(undefined, {})).toBe('auto');
  // A bad env value warns and falls back.
  expect(resolveCallContextMode(undefined, { INFRAPRISM_CALL_CONTEXT: 'sometimes' })).toBe('auto');
});

it('throws for a wrong explicit callContext only', () => {
  expect(checkCallContextOption('auto')).toBe('auto');
  expect(checkCallContextOption(undefined)).toBeUndefined();
  expect(() => checkCallContextOption('never')).toThrow(TypeError);
});
