/**
 * Canaries for the privacy promise "tokens, cost and attribution, never the content": a unique
 * string per content field, put into requests and fake responses, then searched for in every
 * exported byte, diag line and recorded error. A hit names the field that leaked.
 *
 * Values use only `[A-Za-z0-9_]`: they survive JSON, protobuf, URL and header encoding
 * byte-for-byte (so a plain substring search is exhaustive) and are valid OpenAI/Anthropic tool
 * and property names. The random part keeps parallel tests from matching each other's leaks.
 */
import { randomBytes } from 'node:crypto';

/** Marker shared by every canary: `grep -r ipcanary` finds any of them in a dump. */
export const CANARY_MARKER = 'ipcanary';

/** One unique string per content field. */
export interface Canaries {
  readonly userMessage: string;
  readonly systemMessage: string;
  /** A prior assistant turn sent back in the request. */
  readonly assistantMessage: string;
  readonly toolName: string;
  readonly toolDescription: string;
  /** Use as a property name (and/or description) inside the tool's JSON schema. */
  readonly toolParameters: string;
  /** Use inside the JSON arguments string of a tool call. */
  readonly toolCallArguments: string;
  /** The content of a tool result message. */
  readonly toolResult: string;
  /** The model's answer text. */
  readonly responseContent: string;
  readonly refusal: string;
  /** Message of a provider error (providers echo input in error messages). */
  readonly errorMessage: string;
  readonly apiKey: string;
}

export type CanaryField = keyof Canaries;

const FIELDS: readonly CanaryField[] = [
  'userMessage',
  'systemMessage',
  'assistantMessage',
  'toolName',
  'toolDescription',
  'toolParameters',
  'toolCallArguments',
  'toolResult',
  'responseContent',
  'refusal',
  'errorMessage',
  'apiKey',
];

/**
 * Makes a fresh set: `ipcanary_<prefix>_<field>_<16 hex>`. `prefix` (the test's name, say) is
 * reduced to `[A-Za-z0-9_]` and 24 characters, so every value stays within the 64-character
 * limit both providers put on tool names.
 */
export function makeCanaries(prefix = 'test'): Canaries {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 24);
  const entries = FIELDS.map((field) => {
    const unique = randomBytes(8).toString('hex');
    return [field, `${CANARY_MARKER}_${safePrefix}_${field}_${unique}`];
  });
  return Object.freeze(Object.fromEntries(entries) as Record<CanaryField, string>);
}

/** Every value of a set, for loops and for `findCanaries`. */
export function listCanaries(canaries: Canaries): string[] {
  return FIELDS.map((field) => canaries[field]);
}

/** Anything that may hold exported bytes: one body, one log line, or many of either. */
export type Haystack = Uint8Array | string | Iterable<Uint8Array | string>;

/**
 * The canaries present in `haystack`, in field order; `[]` means nothing leaked. Bytes are
 * searched as bytes (canaries are ASCII), so binary protobuf bodies need no decoding first.
 * Each piece is searched on its own: pass whole bodies or lines, not stream fragments.
 */
export function findCanaries(haystack: Haystack, canaries: Canaries | Iterable<string>): string[] {
  const needles = isCanaries(canaries) ? listCanaries(canaries) : [...canaries];
  const pieces = typeof haystack === 'string' || haystack instanceof Uint8Array ? [haystack] : [...haystack];
  const searchable = pieces.map((piece) =>
    typeof piece === 'string' ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength),
  );
  return needles.filter((needle) => searchable.some((piece) => piece.includes(needle)));
}

function isCanaries(value: Canaries | Iterable<string>): value is Canaries {
  return !(Symbol.iterator in value) && typeof (value as Partial<Canaries>).apiKey === 'string';
}
