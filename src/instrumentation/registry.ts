/**
 * Every provider SDK we instrument, by the key apps hand its module over with
 * (`instrument({ openai: OpenAI })`). `init()`, `instrument()`, `infraprism/register` and
 * `doctor` read this list and nothing else: adding a provider is its folder under
 * src/instrumentation/ (a definition and its operation descriptors) and one line here.
 */
import { ANTHROPIC_SDK } from './anthropic/definition.js';
import type { SdkDefinition } from './core/sdk-definition.js';
import { OPENAI_SDK } from './openai/definition.js';

export const PROVIDER_SDKS = {
  openai: OPENAI_SDK,
  anthropic: ANTHROPIC_SDK,
} as const satisfies Record<string, SdkDefinition>;

/** A provider's key in {@link PROVIDER_SDKS}. */
export type ProviderId = keyof typeof PROVIDER_SDKS;

/** The registered definitions, in registration order. */
export const PROVIDER_SDK_LIST: readonly SdkDefinition[] = Object.values(PROVIDER_SDKS) as readonly SdkDefinition[];
