import { ensureContextManager } from '../attribution/index.js';
import type { InstrumentModules } from '../config/options.js';
import { AnthropicInstrumentation } from '../instrumentation/anthropic/index.js';
import { BedrockRuntimeInstrumentation } from '../instrumentation/bedrock/index.js';
import { OpenAIInstrumentation } from '../instrumentation/openai/index.js';

let sharedOpenAIInstrumentation: OpenAIInstrumentation | undefined;
let sharedAnthropicInstrumentation: AnthropicInstrumentation | undefined;
let sharedBedrockRuntimeInstrumentation: BedrockRuntimeInstrumentation | undefined;

/** The instrumentation `init()` registered, so `instrument()` patches with the same one. */
export function adoptOpenAIInstrumentation(instrumentation: OpenAIInstrumentation): void {
  sharedOpenAIInstrumentation = instrumentation;
}

/** The Anthropic instrumentation `init()` registered, so `instrument()` patches with the same one. */
export function adoptAnthropicInstrumentation(instrumentation: AnthropicInstrumentation): void {
  sharedAnthropicInstrumentation = instrumentation;
}

/** The Bedrock Runtime instrumentation `init()` registered, so `instrument()` patches with the same one. */
export function adoptBedrockRuntimeInstrumentation(instrumentation: BedrockRuntimeInstrumentation): void {
  sharedBedrockRuntimeInstrumentation = instrumentation;
}

/** True once an `@aws-sdk/client-bedrock-runtime` module was handed over with `instrument()`. */
export function hasHandedOverBedrockRuntime(): boolean {
  return sharedBedrockRuntimeInstrumentation !== undefined;
}

/** True once an `@anthropic-ai/sdk` module was handed over with `instrument()`. */
export function hasHandedOverAnthropic(): boolean {
  return sharedAnthropicInstrumentation !== undefined;
}

/** True once a module was handed over with `instrument()` (or by `infraprism/openai`). */
export function hasHandedOverOpenAI(): boolean {
  return sharedOpenAIInstrumentation !== undefined;
}

/**
 * Patches SDK modules you hand over: for a copy loaded before InfraPrism could hook
 * it, or bundled (Next.js, esbuild, webpack) so that no module hook ever sees it.
 * Spans go to the global tracer provider. Safe to call more than once.
 *
 * @example instrument({ openai: OpenAI, anthropic: Anthropic })
 */
export function instrument(modules: InstrumentModules): void {
  ensureContextManager();
  if (modules.openai !== undefined) {
    // Disabled: it patches only what it is given and installs no module hooks.
    sharedOpenAIInstrumentation ??= new OpenAIInstrumentation({ enabled: false });
    sharedOpenAIInstrumentation.patchModule(modules.openai);
  }
  if (modules.anthropic !== undefined) {
    sharedAnthropicInstrumentation ??= new AnthropicInstrumentation({ enabled: false });
    sharedAnthropicInstrumentation.patchModule(modules.anthropic);
  }
  if (modules.bedrockRuntime !== undefined) {
    sharedBedrockRuntimeInstrumentation ??= new BedrockRuntimeInstrumentation({ enabled: false });
    sharedBedrockRuntimeInstrumentation.patchModule(modules.bedrockRuntime);
  }
}
