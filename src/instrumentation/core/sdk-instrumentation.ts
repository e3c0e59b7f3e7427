import { context, type Context } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleFile,
  type InstrumentationConfig,
  type InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { splitAttributionParams } from '../../attribution/index.js';
import { PACKAGE_VERSION } from '../../version.js';
import { reportInternalError } from './errors.js';
import {
  defineSdkModule,
  isSupportedSdkVersion,
  patchPreloadedCommonJsCopies,
  patchSdkModule,
  patchTargets,
  unpatchTargets,
} from './patch-targets.js';
import { readObject } from './readers.js';
import type { Method, SdkDefinition, SdkModulePatcher, SdkPatchTarget } from './sdk-definition.js';
import { createTracedMethod } from './traced-method.js';

// `InstrumentationBase`'s constructor runs `init()` and `enable()` before a subclass's own
// constructor body and field initializers: the definition reaches them through this slot,
// set just before `super()` and read once by `init()`.
let definitionUnderConstruction: SdkDefinition | undefined;

/**
 * The one instrumentation class of every provider SDK: it hooks the definition's package (and
 * its resource files loaded on their own), checks the version, finds the root, and wraps each
 * target so every call becomes one CLIENT span (core/traced-method.ts). Everything specific to
 * an SDK is in its {@link SdkDefinition}.
 */
export class SdkInstrumentation<Config extends InstrumentationConfig = InstrumentationConfig>
  extends InstrumentationBase<Config>
  implements SdkModulePatcher
{
  declare private definition: SdkDefinition<Config>;

  constructor(definition: SdkDefinition<Config>, config: Config = {} as Config) {
    definitionUnderConstruction = definition as unknown as SdkDefinition;
    try {
      super(definition.instrumentationName, PACKAGE_VERSION, config);
    } finally {
      definitionUnderConstruction = undefined;
    }
  }

  /** The definition this instrumentation patches by. */
  get sdk(): SdkDefinition<Config> {
    return this.definition;
  }

  // Runs inside the base constructor: only the definition slot may be read here.
  protected override init(): InstrumentationNodeModuleDefinition[] {
    const definition = (this.definition ??= definitionUnderConstruction as unknown as SdkDefinition<Config>);
    // Resource files too: a companion package may require them and never the package's main
    // file (`@anthropic-ai/bedrock-sdk` requires `@anthropic-ai/sdk/resources/index`), so an app
    // using only it would otherwise never be patched (CommonJS).
    const files = (definition.resourceFiles ?? []).map(
      ({ file, path }) =>
        new InstrumentationNodeModuleFile(
          `${definition.packageName}/${file}`,
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
    return [defineSdkModule(definition, this, files)];
  }

  override enable(): void {
    super.enable();
    patchPreloadedCommonJsCopies(this.definition, (moduleExports, version) => this.patchModule(moduleExports, version));
  }

  /**
   * Patches the SDK's module (its namespace, its exports, or its client class). Used by the
   * module hooks and by `instrument({ ... })`; safe to call twice.
   */
  patchModule(moduleExports: unknown, version?: string): void {
    const { definition } = this;
    patchSdkModule(definition, moduleExports, version, (root) =>
      patchTargets(definition, root, definition.targets, (original, target) => this.createWrapper(original, target)),
    );
  }

  unpatchModule(moduleExports: unknown): void {
    const root = this.definition.findRoot(moduleExports);
    if (root) unpatchTargets(this.definition, root, this.definition.targets);
  }

  private patchResourceFile(moduleExports: unknown, path: readonly string[], version?: string): void {
    try {
      if (version !== undefined && !isSupportedSdkVersion(this.definition, version)) return;
      const { root, targets } = readResourceFile(this.definition, moduleExports, path);
      patchTargets(this.definition, root, targets, (original, target) => this.createWrapper(original, target));
    } catch (error) {
      reportInternalError(`patching a ${this.definition.packageName} resource file`, error);
    }
  }

  private unpatchResourceFile(moduleExports: unknown, path: readonly string[]): void {
    const { root, targets } = readResourceFile(this.definition, moduleExports, path);
    unpatchTargets(this.definition, root, targets);
  }

  private createWrapper(original: Method, target: SdkPatchTarget): Method {
    const { definition } = this;
    if (target.marksContext) return createContextMarkingMethod(original, target.marksContext);
    if (!target.descriptor && !target.selectDescriptor) return createParamsStrippingMethod(original, definition);
    return createTracedMethod(definition.wrapOriginal ? definition.wrapOriginal(original) : original, {
      target,
      resultKind: target.resultKind ?? definition.resultKind,
      getTracer: () => this.tracer,
      readTarget: (resource) => definition.readTarget(resource, this.getConfig()),
      ...(definition.needsCallContext ? { needsCallContext: definition.needsCallContext } : {}),
      splitParams: definition.splitParams ?? splitAttributionParams,
    });
  }
}

/**
 * A resource file exports its class under its own name, the last step of its path: the targets
 * of that class, relative to a root holding it under the first step.
 */
function readResourceFile(
  definition: SdkDefinition,
  moduleExports: unknown,
  path: readonly string[],
): { root: object; targets: SdkPatchTarget[] } {
  const root = { [path[0]!]: readObject(moduleExports)?.[path.at(-1)!] };
  const relative = [path[0]!];
  const key = path.join('.');
  const targets = definition.targets
    .filter((target) => target.path.join('.') === key)
    .map((target) => ({ ...target, path: relative }));
  return { root, targets };
}

/** A target that only marks the context its calls run in (see `SdkPatchTarget.marksContext`). */
function createContextMarkingMethod(original: Method, key: symbol): Method {
  return function contextMarkingMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    let marked: Context | undefined;
    try {
      marked = context.active().setValue(key, true);
    } catch (error) {
      reportInternalError('marking a call context', error);
    }
    return marked ? context.with(marked, () => original.call(this, body, ...rest)) : original.call(this, body, ...rest);
  };
}

/** A target without a span (`countTokens`): our params never reach the provider; no span, no cost. */
function createParamsStrippingMethod(original: Method, definition: SdkDefinition): Method {
  const splitParams = definition.splitParams ?? splitAttributionParams;
  return function paramsStrippingMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    let sentBody = body;
    try {
      sentBody = splitParams(body).body;
    } catch (error) {
      reportInternalError(`removing InfraPrism params from a ${definition.packageName} call`, error);
    }
    return original.call(this, sentBody, ...rest);
  };
}
