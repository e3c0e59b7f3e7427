import {
  InstrumentationBase,
  type InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { splitAttributionParams } from '../../attribution/index.js';
import { INSTRUMENTATION_SCOPE_ANTHROPIC } from '../../semconv.js';
import { PACKAGE_VERSION } from '../../version.js';
import { reportInternalError } from '../core/errors.js';
import { readObject } from '../core/readers.js';
import type { OperationDescriptor } from '../core/operation.js';
import {
  defineSdkModule,
  findClientClass,
  isSupportedSdkVersion,
  patchPreloadedCommonJsCopies,
  patchSdkModule,
  patchTargets,
  unpatchTargets,
  type PatchTarget,
  type PatchedSdk,
} from '../core/patch-targets.js';
import { createTracedMethod, runWithCallStartedAhead, type Method } from '../core/traced-method.js';
import { hasNativeSpans, withNativeSpanUsageHidden } from './native-span.js';
import { completions } from './operations/completions.js';
import { messages } from './operations/messages.js';
import { readAnthropicTarget } from './provider-target.js';

export type AnthropicInstrumentationConfig = InstrumentationConfig;

/** The `@anthropic-ai/sdk` majors we patch (0.30+ and 1.x); others get one warning. */
export const SUPPORTED_ANTHROPIC_MAJORS: readonly number[] = [0, 1];

const ANTHROPIC_SDK: PatchedSdk = {
  packageName: '@anthropic-ai/sdk',
  warnKey: 'anthropic',
  clientClassName: 'Anthropic',
  clientResourceName: 'Messages',
  supportedMajors: SUPPORTED_ANTHROPIC_MAJORS,
  tracedMarker: Symbol.for('infraprism.anthropic.traced'),
};

interface AnthropicPatchTarget extends PatchTarget {
  /** What the call becomes; `undefined`: no span, only our params kept from the provider. */
  descriptor: OperationDescriptor | undefined;
  /** A helper that starts the SDK's own span and then calls `create`: ours starts first. */
  isStreamHelper?: boolean;
}

/** `messages.stream(params)` sends `params` with `stream: true`. */
const streamedMessages: OperationDescriptor = {
  ...messages,
  readRequest: (params) => messages.readRequest({ ...readObject(params), stream: true }),
};

// `messages.stream()`, `parse()` and the tool runners all call `create`, so patching `create`
// gives one span per request without duplicates; `MessageStream` keeps reading the SDK's own
// `Stream`. `stream()` itself is patched only to start that span before the SDK (0.134+) starts
// its own, which it does before calling `create`: the SDK's span is then our child, in our trace,
// as on `create({ stream: true })`. `countTokens` is free and no generation: no span and no cost,
// but the same params object a caller passes to `create` must reach Anthropic without our
// `entity_*`/`tags`.
const PATCH_TARGETS: readonly AnthropicPatchTarget[] = [
  { path: ['Messages'], method: 'create', descriptor: messages, isRequired: true },
  { path: ['Beta', 'Messages'], method: 'create', descriptor: messages, isRequired: false },
  { path: ['Messages'], method: 'stream', descriptor: streamedMessages, isRequired: false, isStreamHelper: true },
  { path: ['Beta', 'Messages'], method: 'stream', descriptor: streamedMessages, isRequired: false, isStreamHelper: true },
  { path: ['Completions'], method: 'create', descriptor: completions, isRequired: false },
  { path: ['Messages'], method: 'countTokens', descriptor: undefined, isRequired: false },
  { path: ['Beta', 'Messages'], method: 'countTokens', descriptor: undefined, isRequired: false },
];

/** The SDK files that define the resource classes we patch, by their path from `Anthropic`. */
const RESOURCE_FILES: readonly { file: string; path: readonly string[] }[] = [
  { file: 'resources/messages/messages.js', path: ['Messages'] },
  { file: 'resources/beta/messages/messages.js', path: ['Beta', 'Messages'] },
];

/**
 * OpenTelemetry instrumentation for `@anthropic-ai/sdk` (0.30+ and 1.x), including the
 * `AnthropicBedrock` and `AnthropicVertex` clients, which reuse its resource classes: each call
 * becomes one CLIENT span with tokens, cost and attribution. Add it to a NodeSDK's
 * `instrumentations`, or let `init()` register it.
 */
export class AnthropicInstrumentation extends InstrumentationBase<AnthropicInstrumentationConfig> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(INSTRUMENTATION_SCOPE_ANTHROPIC, PACKAGE_VERSION, config);
  }

  // Runs inside the base constructor: no subclass fields may be used here.
  protected override init(): InstrumentationNodeModuleDefinition[] {
    // The resource files too: `@anthropic-ai/bedrock-sdk` and `vertex-sdk` require
    // `@anthropic-ai/sdk/resources/index` and `/client`, never the package's main file, so an app
    // that uses only them would otherwise never be patched (CommonJS; see the README for ESM).
    const files = RESOURCE_FILES.map(
      ({ file, path }) =>
        new InstrumentationNodeModuleFile(
          `@anthropic-ai/sdk/${file}`,
          ['*'],
          (moduleExports: unknown, version?: string) => {
            this.patchResourceFile(moduleExports, path, version);
            return moduleExports;
          },
          (moduleExports: unknown) => {
            this.unpatchResourceFile(moduleExports, path);
            return moduleExports;
          },
        ),
    );
    return [defineSdkModule(ANTHROPIC_SDK, this, files)];
  }

  private patchResourceFile(moduleExports: unknown, path: readonly string[], version?: string): void {
    try {
      if (version !== undefined && !isSupportedSdkVersion(ANTHROPIC_SDK, version)) return;
      const { root, targets } = readResourceFile(moduleExports, path);
      patchTargets(ANTHROPIC_SDK, root, targets, (original, target) => this.createWrapper(original, target));
    } catch (error) {
      reportInternalError('patching an @anthropic-ai/sdk resource file', error);
    }
  }

  private unpatchResourceFile(moduleExports: unknown, path: readonly string[]): void {
    const { root, targets } = readResourceFile(moduleExports, path);
    unpatchTargets(ANTHROPIC_SDK, root, targets);
  }

  override enable(): void {
    super.enable();
    patchPreloadedCommonJsCopies(ANTHROPIC_SDK, (moduleExports, version) => this.patchModule(moduleExports, version));
  }

  /**
   * Patches an `@anthropic-ai/sdk` module (its namespace, its exports, or the `Anthropic`
   * class). Used by the module hooks and by `instrument({ anthropic })`; safe to call twice.
   */
  patchModule(moduleExports: unknown, version?: string): void {
    patchSdkModule(ANTHROPIC_SDK, moduleExports, version, (anthropicClass) =>
      patchTargets(ANTHROPIC_SDK, anthropicClass, PATCH_TARGETS, (original, target) =>
        this.createWrapper(original, target),
      ),
    );
  }

  unpatchModule(moduleExports: unknown): void {
    const anthropicClass = findClientClass(ANTHROPIC_SDK, moduleExports);
    if (anthropicClass) unpatchTargets(ANTHROPIC_SDK, anthropicClass, PATCH_TARGETS);
  }

  private createWrapper(original: Method, { descriptor, isStreamHelper }: AnthropicPatchTarget): Method {
    if (!descriptor) return createParamsStrippingMethod(original);
    const options = { descriptor, getTracer: () => this.tracer, readTarget: readAnthropicTarget };
    if (isStreamHelper) {
      return function streamHelper(this: unknown, body: unknown, ...rest: unknown[]): unknown {
        // Without the SDK's own span there is nothing to start ahead of: `create` starts ours.
        if (!hasNativeSpans(this)) return original.call(this, body, ...rest);
        return runWithCallStartedAhead(this, body, options, (sentBody) => original.call(this, sentBody, ...rest));
      };
    }
    // Inside our span's context, so the SDK's own span (0.134+) is known to have ours beside it.
    const withoutNativeUsage = function sdkMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
      return withNativeSpanUsageHidden(this, rest[0], () => original.call(this, body, ...rest));
    };
    return createTracedMethod(withoutNativeUsage, options);
  }
}

/**
 * A resource file exports its class under its own name, the last step of its path: the targets
 * of that class, relative to a root holding it under the first step.
 */
function readResourceFile(
  moduleExports: unknown,
  path: readonly string[],
): { root: object; targets: AnthropicPatchTarget[] } {
  const root = { [path[0]!]: readObject(moduleExports)?.[path.at(-1)!] };
  const relative = [path[0]!];
  const targets = PATCH_TARGETS.filter((target) => target.path.join('.') === path.join('.')).map((target) => ({
    ...target,
    path: relative,
  }));
  return { root, targets };
}

/** `countTokens`: our params never reach the provider; no span, no cost. */
function createParamsStrippingMethod(original: Method): Method {
  return function paramsStrippingMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    let sentBody = body;
    try {
      sentBody = splitAttributionParams(body).body;
    } catch (error) {
      reportInternalError('removing InfraPrism params from countTokens', error);
    }
    return original.call(this, sentBody, ...rest);
  };
}
