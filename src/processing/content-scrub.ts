import type { Attributes } from '@opentelemetry/api';
import { GEN_AI_CONTENT_ATTRIBUTE_PREFIXES, GEN_AI_CONTENT_ATTRIBUTES, GEN_AI_ERROR_TEXT_ATTRIBUTES } from '../semconv.js';

const CONTENT_KEYS = new Set(GEN_AI_CONTENT_ATTRIBUTES);

/** True for an attribute that carries prompts, responses, instructions, tool data or error text. */
export function isContentAttribute(key: string): boolean {
  if (CONTENT_KEYS.has(key)) return true;
  return GEN_AI_CONTENT_ATTRIBUTE_PREFIXES.some((prefix) => key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}_`));
}

/** The parts of an SDK span the scrubber edits: plain objects the SDK exports as they are. */
export interface ScrubbableSpan {
  readonly attributes: Attributes;
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes?: Attributes }>;
  readonly status: { code: number; message?: string };
}

/**
 * Removes content from a span of another instrumentation, in place. The SDK's `Span` has no
 * `removeAttribute`, but its `attributes`, `events` and `status` are the very objects the exporter
 * serializes, so deleting keys from them before export is enough. Returns how many were removed.
 */
export function scrubContent(span: ScrubbableSpan): number {
  const isGenAi = isGenAiLike(span.attributes);
  let removed = removeKeys(span.attributes, isContentAttribute);
  // Error text is only content on GenAI spans; an HTTP or database span keeps its own.
  if (!isGenAi) return removed;
  for (const event of span.events) {
    if (event.attributes) removed += removeKeys(event.attributes, isContentOrErrorText);
    // Events like `gen_ai.content.prompt` or `gen_ai.user.message` exist to carry content.
    if (event.name.startsWith('gen_ai.') && event.attributes && 'content' in event.attributes) {
      delete (event.attributes as Record<string, unknown>)['content'];
      removed += 1;
    }
  }
  // A provider error echoed into the status message can quote the prompt.
  if (typeof span.status.message === 'string' && span.status.message !== '') {
    delete span.status.message;
    removed += 1;
  }
  return removed;
}

const ERROR_TEXT_KEYS = new Set(GEN_AI_ERROR_TEXT_ATTRIBUTES);

function isContentOrErrorText(key: string): boolean {
  return ERROR_TEXT_KEYS.has(key) || isContentAttribute(key);
}

/** Any `gen_ai.*`, AI SDK `ai.*` or OpenInference `llm.*` attribute marks a span as GenAI. */
function isGenAiLike(attributes: Attributes): boolean {
  return Object.keys(attributes).some((key) => key.startsWith('gen_ai.') || key.startsWith('ai.') || key.startsWith('llm.'));
}

function removeKeys(attributes: Attributes, shouldRemove: (key: string) => boolean): number {
  let removed = 0;
  for (const key of Object.keys(attributes)) {
    if (shouldRemove(key)) {
      delete (attributes as Record<string, unknown>)[key];
      removed += 1;
    }
  }
  return removed;
}
