import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  isWrapped,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_SCOPE_AI_SDK } from '../../semconv.js';
import { PACKAGE_VERSION } from '../../version.js';
import { reportInternalError } from '../core/errors.js';
import { readObject } from '../core/readers.js';
import { createStreamSpanCloser } from './stream-span-closer.js';
import { subscribeToAiSdkTelemetry, unsubscribeFromAiSdkTelemetry } from './telemetry-channel.js';

export type AiSdkInstrumentationConfig = InstrumentationConfig;

/**
 * The `ai` 6 functions whose telemetry we switch on: each of their provider calls is then an
 * `ai.*.do*` span the span processor prices (`InfraPrismSpanProcessor`).
 */
export const AI_SDK_6_TELEMETRY_FUNCTIONS: readonly string[] = ['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany'];

// `ai` 6 has no telemetry channel; `ai` 7 publishes on it and needs no patch.
const AI_SDK_6_VERSIONS = ['>=6.0.0 <7'];

/**
 * What a call without `experimental_telemetry` gets: spans on, and no prompt or output recorded
 * on them (the AI SDK's defaults record both; the span processor would only remove them again).
 */
function createTelemetryDefault(name: string): Record<string, unknown> {
  const telemetry: Record<string, unknown> = { isEnabled: true, recordInputs: false, recordOutputs: false };
  // A stream's provider-call span must end even when the caller aborts it (stream-span-closer.ts).
  if (STREAMING_FUNCTIONS.has(name)) telemetry['tracer'] = createStreamSpanCloser();
  return telemetry;
}

const STREAMING_FUNCTIONS = new Set(['streamText', 'streamObject']);

type AiFunction = (this: unknown, options: unknown, ...rest: unknown[]) => unknown;

/** The Vercel AI SDK's package, as `infraprism/register` hooks its ESM imports. */
export const AI_SDK_PACKAGE_NAME = 'ai';

/**
 * The Vercel AI SDK, with no code of the user's: on `ai` 7 a subscriber of its `ai:telemetry`
 * channel makes each provider call one CLIENT span of ours; on `ai` 6, whose spans exist only
 * when a call asks for them, the calls that set no `experimental_telemetry` run with telemetry
 * on and content recording off. A caller's own `experimental_telemetry` is left as it is.
 */
export class AiSdkInstrumentation extends InstrumentationBase<AiSdkInstrumentationConfig> {
  constructor(config: AiSdkInstrumentationConfig = {}) {
    super(INSTRUMENTATION_SCOPE_AI_SDK, PACKAGE_VERSION, config);
  }

  // Runs inside the base constructor: no subclass fields may be used here.
  protected override init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        AI_SDK_PACKAGE_NAME,
        AI_SDK_6_VERSIONS,
        (moduleExports: unknown) => this.patchModule(moduleExports),
        (moduleExports: unknown) => {
          this.unpatchModule(moduleExports);
          return moduleExports;
        },
      ),
    ];
  }

  override enable(): void {
    super.enable();
    // Read on every call, so a tracer provider set later (registerInstrumentations) is used.
    subscribeToAiSdkTelemetry(() => this.tracer);
  }

  override disable(): void {
    super.disable();
    unsubscribeFromAiSdkTelemetry();
  }

  /**
   * Switches telemetry on in an `ai` 6 module. Its ESM namespace (through the loader hook) is
   * patched in place; its CommonJS exports are getters that cannot be replaced, so the module
   * hook hands the app a copy that delegates every other export to them.
   */
  patchModule(moduleExports: unknown): unknown {
    try {
      const namespace = readObject(moduleExports);
      if (!namespace || typeof namespace['generateText'] !== 'function') return moduleExports;
      if (canPatchInPlace(namespace)) {
        for (const name of AI_SDK_6_TELEMETRY_FUNCTIONS) {
          if (typeof namespace[name] === 'function' && !isWrapped(namespace[name])) this._wrap(namespace, name, (original: unknown) => wrapWithTelemetryDefault(original as AiFunction, name));
        }
        return moduleExports;
      }
      return createPatchedCopy(namespace);
    } catch (error) {
      reportInternalError('patching the ai module', error);
      return moduleExports;
    }
  }

  unpatchModule(moduleExports: unknown): void {
    const namespace = readObject(moduleExports);
    if (!namespace) return;
    for (const name of AI_SDK_6_TELEMETRY_FUNCTIONS) {
      if (isWrapped(namespace[name])) this._unwrap(namespace, name);
    }
  }
}

/** The ESM namespace proxy takes a new value; esbuild's CommonJS exports are fixed getters. */
function canPatchInPlace(namespace: Record<string, unknown>): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(namespace, 'generateText');
  return descriptor === undefined || descriptor.writable === true || descriptor.configurable === true;
}

function createPatchedCopy(namespace: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(namespace)) {
    const descriptor = Object.getOwnPropertyDescriptor(namespace, key)!;
    const original = namespace[key];
    if (AI_SDK_6_TELEMETRY_FUNCTIONS.includes(key) && typeof original === 'function') {
      Object.defineProperty(copy, key, { value: wrapWithTelemetryDefault(original as AiFunction, key), enumerable: true });
    } else if (descriptor.get) {
      // Live, as the original getter is.
      Object.defineProperty(copy, key, { get: () => namespace[key], enumerable: descriptor.enumerable === true });
    } else {
      Object.defineProperty(copy, key, descriptor);
    }
  }
  return copy;
}

function wrapWithTelemetryDefault(original: AiFunction, name: string): AiFunction {
  return function withTelemetryDefault(this: unknown, options: unknown, ...rest: unknown[]): unknown {
    let sent = options;
    try {
      const record = readObject(options);
      if (record && record['experimental_telemetry'] === undefined) {
        sent = { ...record, experimental_telemetry: createTelemetryDefault(name) };
      }
    } catch (error) {
      reportInternalError('switching on AI SDK telemetry', error);
    }
    return original.call(this, sent, ...rest);
  };
}
