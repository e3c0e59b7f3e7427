/**
 * What the core needs to know of one provider SDK, declared once in the provider's folder and
 * read by the one generic instrumentation class (sdk-instrumentation.ts), by `init()`,
 * `instrument()`, `infraprism/register` and `doctor` through the registry
 * (src/instrumentation/registry.ts). A provider folder holds this definition and its operation
 * descriptors; it starts no span and touches no promise (see ARCHITECTURE.md).
 */
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { SplitParams } from '../../attribution/params.js';
import type { OperationDescriptor, ProviderTarget } from './operation.js';

/** An SDK method as we patch it: the request params first. */
export type Method = (this: unknown, body: unknown, ...rest: unknown[]) => unknown;

/**
 * How a patched method hands its result back:
 * - `api-promise`: the openai / Anthropic `APIPromise`, observed through its own lazy parser
 *   (core/observe-api-promise.ts); a stream is the SDK's `Stream` with an `iterator` factory.
 * - `promise`: any other promise (or thenable); a streaming call's value is, or holds (see
 *   {@link OperationDescriptor.readStream}), an async iterable such as an async generator.
 */
export type ResultKind = 'api-promise' | 'promise';

/** A method of a class reached by `path` from the SDK's root (see {@link SdkDefinition.findRoot}). */
export interface SdkPatchTarget {
  readonly path: readonly string[];
  readonly method: string;
  /**
   * What a call becomes. `undefined`: no span and no cost, but our per-call params are still
   * kept from the provider (Anthropic's `countTokens`).
   */
  readonly descriptor: OperationDescriptor | undefined;
  /**
   * Picks the descriptor per call, for a method that dispatches many operations (a `send(command)`);
   * `undefined` from it passes the call through untouched, params included. Wins over `descriptor`.
   */
  readonly selectDescriptor?: (body: unknown, rest: readonly unknown[]) => OperationDescriptor | undefined;
  /** Warn when the installed SDK lacks it (only for methods every supported version has); else debug. */
  readonly isRequired?: boolean;
  /** Overrides the definition's {@link SdkDefinition.resultKind} for this method. */
  readonly resultKind?: ResultKind;
  /**
   * Where the params are in the first argument, for SDKs that wrap them (AWS commands:
   * `command.input`). Our `entity_*`/`tags` are read there, and the argument is sent unchanged:
   * such SDKs serialize only their modelled members, so ours never reach the provider.
   */
  readonly readParams?: (firstArgument: unknown) => unknown;
  /**
   * For a helper that starts a span of its own and then calls another traced method of the SDK
   * synchronously (Anthropic's `messages.stream()` calls `create`): when true for the object the
   * helper runs on, our span starts here, before the SDK's, which is then its child; the traced
   * method called inside takes it over. Otherwise the call passes through to that method.
   */
  readonly startsSpanAhead?: (resource: unknown) => boolean;
  /**
   * No span: the method runs inside a context where this key is `true`, for a method whose
   * requests go through another target that reads it in its `selectDescriptor` (Google's chat
   * sessions send `generateContent` requests whose operation is `chat`). Wins over `descriptor`.
   */
  readonly marksContext?: symbol;
}

/** A module file of the SDK loaded on its own (not through the package's main file). */
export interface SdkResourceFile {
  /** Path inside the package, e.g. `resources/messages/messages.js`. */
  readonly file: string;
  /** The path of the class it exports (its export name is the last step), as in the targets. */
  readonly path: readonly string[];
}

export interface SdkDefinition<Config extends InstrumentationConfig = InstrumentationConfig> {
  /** Key of this SDK in `instrument({ ... })` and `init({ instrumentModules })`, and of its warn-once keys. */
  readonly id: string;
  /** The package name, as under `node_modules`, in the ESM hook list and in diag messages. */
  readonly packageName: string;
  /** The instrumentation scope name of its spans. */
  readonly instrumentationName: string;
  /** The majors we patch; another version gets one warning and is left alone. */
  readonly supportedMajors: readonly number[];
  /** The client's name in diag messages when {@link findRoot} finds nothing (`the OpenAI class`). */
  readonly rootName: string;
  /**
   * From a loaded module (its namespace, its exports, a default export or the client class
   * handed to `instrument()`) to the object the targets' paths start from; `undefined` when
   * this is not the SDK.
   */
  findRoot(moduleExports: unknown): object | undefined;
  readonly targets: readonly SdkPatchTarget[];
  readonly resourceFiles?: readonly SdkResourceFile[];
  /**
   * The files `require(packageName)` loads, relative to the package folder, by which a copy
   * required before `init()` is found in the require cache. Default `['index.js']` (AWS:
   * `dist-cjs/index.js`).
   */
  readonly commonJsMainFiles?: readonly string[];
  /** How the targets hand back results, unless a target says otherwise. */
  readonly resultKind: ResultKind;
  /**
   * Set on our wrappers. A `Symbol.for`, so the ESM and CJS copies of this package (and two
   * instrumentation instances) recognise each other's wrappers and never patch a method twice.
   */
  readonly tracedMarker: symbol;
  /** Where a call goes, read from the object the method runs on (`this`). */
  readTarget(resource: unknown, config: Config): ProviderTarget;
  /**
   * Takes our per-call params (`entity_type`, `entity_id`, `tags`) out of a call's params, for an
   * SDK whose params carry them somewhere else than at the top level (Google: in `config`).
   * Pure: returns a copy without them, never changes the caller's object. Default: the top level.
   */
  splitParams?(body: unknown): SplitParams<unknown>;
  /** Wraps the SDK's method once, inside our span's context (e.g. to silence the SDK's own span's usage). */
  wrapOriginal?(original: Method): Method;
  /**
   * True when the SDK reads our span from the active context for this call (the Anthropic SDK's
   * own span): the call then always runs inside it (core/call-context.ts).
   */
  needsCallContext?(resource: unknown): boolean;
  /** This instrumentation's config from `init()`'s options (e.g. the stream-usage base URLs). */
  configFromInit?(options: { readonly streamUsageBaseURLs?: readonly string[] }): Config;
}

/** What the module hooks call: an instrumentation's own patch and unpatch of the SDK module. */
export interface SdkModulePatcher {
  patchModule(moduleExports: unknown, version?: string): void;
  unpatchModule(moduleExports: unknown): void;
}

/** {@link SdkDefinition.findRoot} for SDKs whose resource classes hang off the client class as statics. */
export function findClientClass(exportName: string, staticResourceName: string): (moduleExports: unknown) => object | undefined {
  return (moduleExports) => {
    const candidates = [moduleExports];
    if (typeof moduleExports === 'object' || typeof moduleExports === 'function') {
      const record = moduleExports as Record<string, unknown>;
      candidates.unshift(record[exportName], record['default']);
    }
    return candidates.find(
      (candidate): candidate is object =>
        typeof candidate === 'function' &&
        typeof (candidate as unknown as Record<string, unknown>)[staticResourceName] === 'function',
    );
  };
}

/**
 * {@link SdkDefinition.findRoot} for SDKs that export their resource classes from the module
 * itself (`Models` next to `GoogleGenAI`): the module namespace (or its CommonJS exports, or
 * its default) that has `exportName` as a class.
 */
export function findModuleWithExport(exportName: string): (moduleExports: unknown) => object | undefined {
  return (moduleExports) => {
    if (typeof moduleExports !== 'object' && typeof moduleExports !== 'function') return undefined;
    if (moduleExports === null) return undefined;
    const record = moduleExports as Record<string, unknown>;
    const candidates = [record, record['default']];
    return candidates.find(
      (candidate): candidate is object =>
        (typeof candidate === 'object' || typeof candidate === 'function') &&
        candidate !== null &&
        typeof (candidate as Record<string, unknown>)[exportName] === 'function',
    );
  };
}
