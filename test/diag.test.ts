import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_WARNED_KEYS, warnOnce } from '../src/diag.js';

const lines: { level: string; message: string }[] = [];
// The component logger passes its namespace first, then the message.
const at = (level: string) => (...args: unknown[]) => lines.push({ level, message: args.join(' ') });

beforeAll(() => {
  diag.setLogger(
    { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), verbose: at('verbose') },
    DiagLogLevel.ALL,
  );
});
afterAll(() => diag.disable());

const warnings = () => lines.filter((line) => line.level === 'warn');

it('warns once per key, also past the remembered keys, and once that further new keys go to debug', () => {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < MAX_WARNED_KEYS; i++) warnOnce(`test-key:${i}`, `problem ${i}`);
  }
  expect(warnings()).toHaveLength(MAX_WARNED_KEYS);

  // A stream of new keys beyond the bound: one warning about it, each key at debug level only.
  for (let i = 0; i < 50; i++) warnOnce(`test-overflow:${i}`, `late problem ${i}`);
  expect(warnings()).toHaveLength(MAX_WARNED_KEYS + 1);
  expect(warnings().at(-1)?.message).toContain(`more than ${MAX_WARNED_KEYS} distinct problems`);
  expect(lines.filter((line) => line.level === 'debug' && line.message.includes('late problem'))).toHaveLength(50);

  // Keys remembered before the bound stay silent.
  warnOnce('test-key:0', 'problem 0');
  expect(lines.filter((line) => line.message.includes('problem 0') && !line.message.includes('late'))).toHaveLength(1);
});
