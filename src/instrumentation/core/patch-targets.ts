import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import {
  InstrumentationNodeModuleDefinition,
  type InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { logger, warnOnce } from '../../diag.js';
import { reportInternalError } from './errors.js';
import { removeWrapper, stackWrapper } from './stack-wrapper.js';
import type { Method, SdkDefinition, SdkModulePatcher, SdkPatchTarget } from './sdk-definition.js';

/** The module hooks' definition of the SDK (every version: unsupported ones warn in `patchModule`). */
export function defineSdkModule(
  sdk: SdkDefinition,
  patcher: SdkModulePatcher,
  files: InstrumentationNodeModuleFile[] = [],
): InstrumentationNodeModuleDefinition {
  return new InstrumentationNodeModuleDefinition(
    sdk.packageName,
    ['*'],
    (moduleExports: unknown, version?: string) => {
      patcher.patchModule(moduleExports, version);
      return moduleExports;
    },
    (moduleExports: unknown) => {
      patcher.unpatchModule(moduleExports);
      return moduleExports;
    },
    files,
  );
}

type MarkedMethod = Method & { [marker: symbol]: true | undefined; __original?: unknown };

/**
 * Patches an SDK module (its namespace, its exports, or the client class): a version outside
 * the supported majors or a module without the SDK's root gets one warning and is left alone.
 */
export function patchSdkModule(
  sdk: SdkDefinition,
  moduleExports: unknown,
  version: string | undefined,
  patchRoot: (root: object) => void,
): void {
  try {
    if (version !== undefined && !isSupportedSdkVersion(sdk, version)) {
      warnOnce(
        `${sdk.id}-version:${version}`,
        `${sdk.packageName} ${version} is outside the supported majors (${sdk.supportedMajors.join(', ')}); its calls are not traced`,
      );
      return;
    }
    const root = sdk.findRoot(moduleExports);
    if (!root) {
      warnOnce(`${sdk.id}-shape`, `could not find ${sdk.rootName} in ${sdk.packageName}; its calls are not traced`);
      return;
    }
    patchRoot(root);
  } catch (error) {
    reportInternalError(`patching ${sdk.packageName}`, error);
  }
}

export function isSupportedSdkVersion(sdk: SdkDefinition, version: string): boolean {
  return sdk.supportedMajors.includes(Number.parseInt(version, 10));
}

/**
 * Wraps each target's method on its class prototype with `makeTraced(original, target)`, so
 * existing clients are traced too. A method already traced by us (ours, or ours under another
 * instrumentation's wrapper) is left as it is; a missing one is skipped.
 */
export function patchTargets<Target extends SdkPatchTarget>(
  sdk: SdkDefinition,
  root: object,
  targets: readonly Target[],
  makeTraced: (original: Method, target: Target) => Method,
): void {
  for (const target of targets) {
    const prototype = readPrototype(root, target.path);
    const original = prototype?.[target.method];
    if (!prototype || typeof original !== 'function') {
      // Expected for endpoints newer than the installed major: a warning only for required ones.
      const name = `${target.path.join('.')}.${target.method}`;
      if (target.isRequired) warnOnce(`${sdk.id}-missing:${name}`, `${sdk.packageName} has no ${name}; not traced`);
      else logger.debug(`${sdk.packageName} has no ${name}; not traced`);
      continue;
    }
    if (isTracedByUs(sdk, original)) continue;
    // Not `InstrumentationBase._wrap`: it would unwrap another instrumentation's patch.
    stackWrapper(prototype, target.method, (unwrapped) => {
      const traced = makeTraced(unwrapped as Method, target) as MarkedMethod;
      traced[sdk.tracedMarker] = true;
      return traced;
    });
  }
}

/** Removes our wrappers; one another instrumentation stacked on top of ours stays as it is. */
export function unpatchTargets(sdk: SdkDefinition, root: object, targets: readonly SdkPatchTarget[]): void {
  for (const target of targets) {
    const prototype = readPrototype(root, target.path);
    const current = prototype?.[target.method] as MarkedMethod | undefined;
    if (prototype && current?.[sdk.tracedMarker]) removeWrapper(prototype, target.method, current);
  }
}

function isTracedByUs(sdk: SdkDefinition, method: unknown): boolean {
  // Another instrumentation may have wrapped ours; follow shimmer's chain.
  for (let current: unknown = method, depth = 0; typeof current === 'function' && depth < 10; depth++) {
    if ((current as MarkedMethod)[sdk.tracedMarker]) return true;
    current = (current as MarkedMethod).__original;
  }
  return false;
}

function readPrototype(root: object, path: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = root;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  const prototype = typeof current === 'function' ? (current as { prototype?: unknown }).prototype : undefined;
  return typeof prototype === 'object' && prototype !== null ? (prototype as Record<string, unknown>) : undefined;
}

/**
 * An app that required the SDK before enabling us already holds the module; the require hook
 * would only see later requires. Prototype patches reach existing clients, so the cached copies
 * are patched now. (An ESM copy imported before the loader hook is out of reach:
 * `instrument({ ... })` covers it.)
 */
export function patchPreloadedCommonJsCopies(
  sdk: SdkDefinition,
  patchModule: (moduleExports: unknown, version: string | undefined) => void,
): void {
  try {
    const mainFileSuffix = `${sep}node_modules${sep}${sdk.packageName.split('/').join(sep)}${sep}index.js`;
    const cache = createRequire(join(process.cwd(), 'noop.js')).cache;
    for (const [path, entry] of Object.entries(cache)) {
      if (!entry?.loaded || !path.endsWith(mainFileSuffix)) continue;
      logger.debug(`patching ${sdk.packageName} already loaded from ${dirname(path)}`);
      patchModule(entry.exports, readPackageVersion(dirname(path)));
    }
  } catch (error) {
    reportInternalError(`patching preloaded ${sdk.packageName}`, error);
  }
}

function readPackageVersion(directory: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
