import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { splitAttributionParams } from '../../attribution/index.js';
import { logger, warnOnce } from '../../diag.js';
import { INSTRUMENTATION_SCOPE_ANTHROPIC } from '../../semconv.js';
import { PACKAGE_VERSION } from '../../version.js';
import { reportInternalError } from '../core/errors.js';
import { readObject } from '../core/readers.js';
import type { OperationDescriptor } from '../core/operation.js';
import { createTracedMethod } from '../core/traced-method.js';
import { withNativeSpanUsageHidden } from './native-span.js';
import { completions } from './operations/completions.js';
import { messages } from './operations/messages.js';
import { readAnthropicTarget } from './provider-target.js';

export type AnthropicInstrumentationConfig = InstrumentationConfig;

/** The `@anthropic-ai/sdk` majors we patch (0.30+ and 1.x); others get one warning. */
export const SUPPORTED_ANTHROPIC_MAJORS: readonly number[] = [0, 1];

// Global, so the ESM and CJS copies of this package (and two instrumentation instances)
// recognise each other's wrappers and never patch a method twice.
const TRACED_MARKER = Symbol.for('infraprism.anthropic.traced');

type Method = (this: unknown, body: unknown, ...rest: unknown[]) => unknown;
type MarkedMethod = Method & { [TRACED_MARKER]?: true; __original?: unknown };

/** A method of a resource class, by its path from the `Anthropic` class. */
interface PatchTarget {
  path: readonly string[];
  method: string;
  /** What the call becomes; `undefined`: no span, only our params kept from the provider. */
  descriptor: OperationDescriptor | undefined;
  /** Warn when the installed SDK lacks it (only for methods every supported version has). */
  isRequired: boolean;
}

// `messages.stream()`, `parse()` and the tool runners all call `create`, so patching `create`
// gives one span per request without duplicates; `MessageStream` keeps reading the SDK's own
// `Stream`. `countTokens` is free and no generation: no span and no cost, but the same params
// object a caller passes to `create` must reach Anthropic without our `entity_*`/`tags`.
const PATCH_TARGETS: readonly PatchTarget[] = [
  { path: ['Messages'], method: 'create', descriptor: messages, isRequired: true },
  { path: ['Beta', 'Messages'], method: 'create', descriptor: messages, isRequired: false },
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
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        ['*'],
        (moduleExports: unknown, version?: string) => {
          this.patchModule(moduleExports, version);
          return moduleExports;
        },
        (moduleExports: unknown) => {
          this.unpatchModule(moduleExports);
          return moduleExports;
        },
        files,
      ),
    ];
  }

  private patchResourceFile(moduleExports: unknown, path: readonly string[], version?: string): void {
    try {
      if (version !== undefined && !isSupportedVersion(version)) return;
      // The file exports the resource class under its own name, the last step of its path.
      const root = { [path[0]!]: readObject(moduleExports)?.[path.at(-1)!] };
      const relative = [path[0]!];
      for (const target of PATCH_TARGETS) {
        if (target.path.join('.') === path.join('.')) this.patchTarget(root, { ...target, path: relative });
      }
    } catch (error) {
      reportInternalError('patching an @anthropic-ai/sdk resource file', error);
    }
  }

  private unpatchResourceFile(moduleExports: unknown, path: readonly string[]): void {
    const resourceClass = readObject(moduleExports)?.[path.at(-1)!];
    const prototype = typeof resourceClass === 'function' ? (resourceClass.prototype as Record<string, unknown>) : undefined;
    if (!prototype) return;
    for (const target of PATCH_TARGETS) {
      if (target.path.join('.') !== path.join('.')) continue;
      const current = prototype[target.method] as MarkedMethod | undefined;
      if (current?.[TRACED_MARKER]) this._unwrap(prototype, target.method);
    }
  }

  override enable(): void {
    super.enable();
    this.patchPreloadedCommonJsCopies();
  }

  /**
   * Patches an `@anthropic-ai/sdk` module (its namespace, its exports, or the `Anthropic`
   * class). Used by the module hooks and by `instrument({ anthropic })`; safe to call twice.
   */
  patchModule(moduleExports: unknown, version?: string): void {
    try {
      if (version !== undefined && !isSupportedVersion(version)) {
        warnOnce(
          `anthropic-version:${version}`,
          `@anthropic-ai/sdk ${version} is outside the supported majors (${SUPPORTED_ANTHROPIC_MAJORS.join(', ')}); its calls are not traced`,
        );
        return;
      }
      const anthropicClass = findAnthropicClass(moduleExports);
      if (!anthropicClass) {
        warnOnce('anthropic-shape', 'could not find the Anthropic class in @anthropic-ai/sdk; its calls are not traced');
        return;
      }
      for (const target of PATCH_TARGETS) this.patchTarget(anthropicClass, target);
    } catch (error) {
      reportInternalError('patching @anthropic-ai/sdk', error);
    }
  }

  unpatchModule(moduleExports: unknown): void {
    const anthropicClass = findAnthropicClass(moduleExports);
    if (!anthropicClass) return;
    for (const target of PATCH_TARGETS) {
      const prototype = readPrototype(anthropicClass, target.path);
      const current = prototype?.[target.method] as MarkedMethod | undefined;
      // Only our own wrapper is removed; one stacked on top of it stays as it is.
      if (prototype && current?.[TRACED_MARKER]) this._unwrap(prototype, target.method);
    }
  }

  private patchTarget(anthropicClass: object, target: PatchTarget): void {
    const prototype = readPrototype(anthropicClass, target.path);
    const original = prototype?.[target.method];
    const name = `${target.path.join('.')}.${target.method}`;
    if (!prototype || typeof original !== 'function') {
      if (target.isRequired) warnOnce(`anthropic-missing:${name}`, `@anthropic-ai/sdk has no ${name}; not traced`);
      else logger.debug(`@anthropic-ai/sdk has no ${name} in this version`);
      return;
    }
    if (isTracedByUs(original as MarkedMethod)) return;
    this._wrap(prototype, target.method, (unwrapped: unknown) => {
      const wrapped = this.createWrapper(unwrapped as Method, target.descriptor) as MarkedMethod;
      wrapped[TRACED_MARKER] = true;
      return wrapped;
    });
  }

  private createWrapper(original: Method, descriptor: OperationDescriptor | undefined): Method {
    if (!descriptor) return createParamsStrippingMethod(original);
    // Inside our span's context, so the SDK's own span (0.134+) is known to have ours beside it.
    const withoutNativeUsage = function sdkMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
      return withNativeSpanUsageHidden(this, rest[0], () => original.call(this, body, ...rest));
    };
    return createTracedMethod(withoutNativeUsage, {
      descriptor,
      getTracer: () => this.tracer,
      readTarget: readAnthropicTarget,
    });
  }

  /**
   * An app that required the SDK before enabling us already holds the module; the require hook
   * would only see later requires. Prototype patches reach existing clients, so patch the cached
   * copies now. (An ESM copy imported before the loader hook is out of reach:
   * `instrument({ anthropic: Anthropic })` covers it.)
   */
  private patchPreloadedCommonJsCopies(): void {
    try {
      const cache = createRequire(join(process.cwd(), 'noop.js')).cache;
      for (const [path, entry] of Object.entries(cache)) {
        if (!entry?.loaded || !path.endsWith(ANTHROPIC_MAIN_SUFFIX)) continue;
        logger.debug(`patching @anthropic-ai/sdk already loaded from ${dirname(path)}`);
        this.patchModule(entry.exports, readPackageVersion(dirname(path)));
      }
    } catch (error) {
      reportInternalError('patching preloaded @anthropic-ai/sdk', error);
    }
  }
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

function isSupportedVersion(version: string): boolean {
  const major = Number.parseInt(version, 10);
  return SUPPORTED_ANTHROPIC_MAJORS.includes(major);
}

function isTracedByUs(method: MarkedMethod): boolean {
  // Another instrumentation may have wrapped ours; follow shimmer's chain.
  for (let current: unknown = method, depth = 0; typeof current === 'function' && depth < 10; depth++) {
    if ((current as MarkedMethod)[TRACED_MARKER]) return true;
    current = (current as MarkedMethod).__original;
  }
  return false;
}

function findAnthropicClass(moduleExports: unknown): object | undefined {
  const candidates = [moduleExports];
  if (typeof moduleExports === 'object' || typeof moduleExports === 'function') {
    const record = moduleExports as Record<string, unknown>;
    candidates.unshift(record['Anthropic'], record['default']);
  }
  return candidates.find(
    (candidate): candidate is object =>
      typeof candidate === 'function' && typeof (candidate as { Messages?: unknown }).Messages === 'function',
  );
}

function readPrototype(root: object, path: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = root;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  const prototype = typeof current === 'function' ? (current as { prototype?: unknown }).prototype : undefined;
  return typeof prototype === 'object' && prototype !== null ? (prototype as Record<string, unknown>) : undefined;
}

const ANTHROPIC_MAIN_SUFFIX = `${sep}node_modules${sep}@anthropic-ai${sep}sdk${sep}index.js`;

function readPackageVersion(directory: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
