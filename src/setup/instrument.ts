import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ensureContextManager } from '../attribution/index.js';
import type { InstrumentModules } from '../config/options.js';
import type { SdkDefinition } from '../instrumentation/core/sdk-definition.js';
import { SdkInstrumentation } from '../instrumentation/core/sdk-instrumentation.js';
import { PROVIDER_SDK_LIST } from '../instrumentation/registry.js';

// One instrumentation per SDK for the whole process: `init()` adopts the ones it registers,
// so `instrument()` patches with the same (and its module hooks' wrappers are recognised).
const sharedInstrumentations = new Map<string, SdkInstrumentation>();

/** The instrumentations `init()` registers, one per registered SDK, adopted for `instrument()`. */
export function createSdkInstrumentations(options: { readonly streamUsageBaseURLs?: readonly string[] }): Instrumentation[] {
  return PROVIDER_SDK_LIST.map((definition) => {
    const instrumentation = new SdkInstrumentation(definition, definition.configFromInit?.(options) ?? {});
    sharedInstrumentations.set(definition.id, instrumentation);
    return instrumentation;
  });
}

/** True once any SDK module was handed over with `instrument()` (or by `infraprism/openai`). */
export function hasHandedOverModules(): boolean {
  return handedOver.size > 0;
}
const handedOver = new Set<string>();

/**
 * Patches SDK modules you hand over: for a copy loaded before InfraPrism could hook
 * it, or bundled (Next.js, esbuild, webpack) so that no module hook ever sees it.
 * Spans go to the global tracer provider. Safe to call more than once.
 *
 * @example instrument({ openai: OpenAI, anthropic: Anthropic })
 */
export function instrument(modules: InstrumentModules): void {
  ensureContextManager();
  for (const definition of PROVIDER_SDK_LIST) {
    const moduleExports = (modules as Readonly<Record<string, unknown>>)[definition.id];
    if (moduleExports === undefined) continue;
    handedOver.add(definition.id);
    readSharedInstrumentation(definition).patchModule(moduleExports);
  }
}

function readSharedInstrumentation(definition: SdkDefinition): SdkInstrumentation {
  let instrumentation = sharedInstrumentations.get(definition.id);
  if (!instrumentation) {
    // Disabled: it patches only what it is given and installs no module hooks.
    instrumentation = new SdkInstrumentation(definition, { enabled: false });
    sharedInstrumentations.set(definition.id, instrumentation);
  }
  return instrumentation;
}
