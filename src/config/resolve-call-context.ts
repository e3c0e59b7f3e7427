import { warnOnce } from '../diag.js';

/**
 * When a traced call runs inside its span's context: `auto` (default) when something would read
 * it, `always` for every call (core/call-context.ts has the rule).
 */
export type CallContextMode = 'auto' | 'always';

const ENV_NAME = 'INFRAPRISM_CALL_CONTEXT';

/** `init({ callContext })`, else env `INFRAPRISM_CALL_CONTEXT`, else `auto`; a bad env value warns. */
export function resolveCallContextMode(explicit: CallContextMode | undefined, env: NodeJS.ProcessEnv): CallContextMode {
  if (explicit !== undefined) return explicit;
  const raw = env[ENV_NAME]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (raw === 'always') return 'always';
  warnOnce(`env:${ENV_NAME}`, `${ENV_NAME}="${raw}" is not auto or always; using auto`);
  return 'auto';
}

/** Throws for a wrong explicit `init({ callContext })`: the one place a bad argument may throw. */
export function checkCallContextOption(value: unknown): CallContextMode | undefined {
  if (value === undefined || value === 'auto' || value === 'always') return value;
  throw new TypeError(`init({ callContext }) must be 'auto' or 'always', got ${JSON.stringify(value)}`);
}
