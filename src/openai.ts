/**
 * `InfraPrismOpenAI`: the `OpenAI` client with `entity_type`, `entity_id` and `tags`
 * type-checked on `chat.completions.create`. It is the SDK's own class, patched, so it
 * works with or without `init()` — our params are always removed before the request
 * is built. The only entry of this package that imports the SDK itself.
 */
import { OpenAI } from 'openai';
import type { AttributionParams } from './attribution/index.js';
import { instrument } from './setup/instrument.js';

instrument({ openai: OpenAI });

/** A drop-in `OpenAI` whose calls accept InfraPrism's per-call attribution params. */
export class InfraPrismOpenAI extends OpenAI {}

export type { AttributionParams };

declare module 'openai/resources/chat/completions/completions' {
  // Adds our params to every create() body type (streaming and not).
  interface ChatCompletionCreateParamsBase extends AttributionParams {}
}
