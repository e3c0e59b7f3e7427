import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { logger, warnOnce } from '../../diag.js';
import { INSTRUMENTATION_SCOPE_OPENAI } from '../../semconv.js';
import { PACKAGE_VERSION } from '../../version.js';
import { reportInternalError } from '../core/errors.js';
import { createTracedMethod } from '../core/traced-method.js';
import type { OperationDescriptor } from '../core/operation.js';
import { audioSpeech, audioTranscriptions } from './operations/audio.js';
import { chatCompletions } from './operations/chat-completions.js';
import { completions } from './operations/completions.js';
import { embeddings } from './operations/embeddings.js';
import { images } from './operations/images.js';
import { responses } from './operations/responses.js';
import { readOpenAITarget } from './provider-target.js';
import { removeWrapper, stackWrapper } from './stack-wrapper.js';

export interface OpenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * Base URLs (matched as prefixes) of OpenAI-compatible servers that accept
   * `stream_options.include_usage`, besides OpenAI and Azure, which always do. For
   * these, a stream the caller did not ask usage for is sent with it, and the extra
   * usage chunk is hidden from the caller. Default none.
   */
  streamUsageBaseURLs?: readonly string[];
}

/** The openai majors we patch; others get one warning and are left alone. */
export const SUPPORTED_OPENAI_MAJORS: readonly number[] = [4, 5, 6, 7];

// Global, so the ESM and CJS copies of this package (and two instrumentation
// instances) recognise each other's wrappers and never patch a method twice.
const TRACED_MARKER = Symbol.for('infraprism.openai.traced');

type Method = (this: unknown, body: unknown, ...rest: unknown[]) => unknown;
type MarkedMethod = Method & { [TRACED_MARKER]?: true; __original?: unknown };

/** A resource class of the SDK and the path to it from the `OpenAI` class. */
interface PatchTarget {
  path: readonly string[];
  method: string;
  descriptor: OperationDescriptor;
}

// Only the methods that send a request are patched. The helpers call them:
// `chat.completions.parse()`, `.stream()`, `runTools()` (and their `beta.` forms in
// openai 4) call `chat.completions.create`; `responses.parse()` and `.stream()` call
// `responses.create`. So each HTTP request is one span, without duplicates. All
// these paths exist in openai 4 to 7; one a version lacks is skipped (debug).
const PATCH_TARGETS: readonly PatchTarget[] = [
  { path: ['Chat', 'Completions'], method: 'create', descriptor: chatCompletions },
  { path: ['Responses'], method: 'create', descriptor: responses },
  { path: ['Embeddings'], method: 'create', descriptor: embeddings },
  { path: ['Completions'], method: 'create', descriptor: completions },
  { path: ['Images'], method: 'generate', descriptor: images },
  { path: ['Images'], method: 'edit', descriptor: images },
  { path: ['Audio', 'Transcriptions'], method: 'create', descriptor: audioTranscriptions },
  { path: ['Audio', 'Translations'], method: 'create', descriptor: audioTranscriptions },
  { path: ['Audio', 'Speech'], method: 'create', descriptor: audioSpeech },
];

/**
 * OpenTelemetry instrumentation for the `openai` package (majors 4 to 7): each call
 * becomes one CLIENT span with tokens, cost and attribution. Add it to a NodeSDK's
 * `instrumentations`, or let `init()` register it.
 */
export class OpenAIInstrumentation extends InstrumentationBase<OpenAIInstrumentationConfig> {
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(INSTRUMENTATION_SCOPE_OPENAI, PACKAGE_VERSION, config);
  }

  // Runs inside the base constructor: no subclass fields may be used here.
  protected override init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        ['*'],
        (moduleExports: unknown, version?: string) => {
          this.patchModule(moduleExports, version);
          return moduleExports;
        },
        (moduleExports: unknown) => {
          this.unpatchModule(moduleExports);
          return moduleExports;
        },
      ),
    ];
  }

  override enable(): void {
    super.enable();
    this.patchPreloadedCommonJsCopies();
  }

  /**
   * Patches an `openai` module (its namespace, its exports, or the `OpenAI` class).
   * Used by the module hooks and by `instrument({ openai })`; safe to call twice.
   */
  patchModule(moduleExports: unknown, version?: string): void {
    try {
      if (version !== undefined && !isSupportedVersion(version)) {
        warnOnce(
          `openai-version:${version}`,
          `openai ${version} is outside the supported majors (${SUPPORTED_OPENAI_MAJORS.join(', ')}); its calls are not traced`,
        );
        return;
      }
      const openAIClass = findOpenAIClass(moduleExports);
      if (!openAIClass) {
        warnOnce('openai-shape', 'could not find the OpenAI class in the openai module; its calls are not traced');
        return;
      }
      for (const target of PATCH_TARGETS) this.patchTarget(openAIClass, target);
    } catch (error) {
      reportInternalError('patching openai', error);
    }
  }

  unpatchModule(moduleExports: unknown): void {
    const openAIClass = findOpenAIClass(moduleExports);
    if (!openAIClass) return;
    for (const target of PATCH_TARGETS) {
      const prototype = readPrototype(openAIClass, target.path);
      const current = prototype?.[target.method] as MarkedMethod | undefined;
      // Only our own wrapper is removed; one stacked on top of it stays as it is.
      if (prototype && current?.[TRACED_MARKER]) removeWrapper(prototype, target.method, current);
    }
  }

  private patchTarget(openAIClass: object, target: PatchTarget): void {
    const prototype = readPrototype(openAIClass, target.path);
    const original = prototype?.[target.method];
    if (!prototype || typeof original !== 'function') {
      // Expected for endpoints newer than the installed major: not worth a warning.
      logger.debug(`openai has no ${target.path.join('.')}.${target.method}; not traced`);
      return;
    }
    if (isTracedByUs(original as MarkedMethod)) return;
    // Not `this._wrap`: it would unwrap another instrumentation's patch (see stack-wrapper.ts).
    stackWrapper(prototype, target.method, (unwrapped) => {
      const traced = createTracedMethod(unwrapped as Method, {
        descriptor: target.descriptor,
        getTracer: () => this.tracer,
        readTarget: (resource) =>
          readOpenAITarget(resource, { streamUsageBaseURLs: this.getConfig().streamUsageBaseURLs }),
      }) as MarkedMethod;
      traced[TRACED_MARKER] = true;
      return traced;
    });
  }

  /**
   * An app that required `openai` before enabling us already holds the module; the
   * require hook would only see later requires. Prototype patches reach existing
   * clients, so patch the cached copies now. (An ESM copy imported before the loader
   * hook is out of reach: `instrument({ openai: OpenAI })` covers it.)
   */
  private patchPreloadedCommonJsCopies(): void {
    try {
      const cache = createRequire(join(process.cwd(), 'noop.js')).cache;
      for (const [path, entry] of Object.entries(cache)) {
        if (!entry?.loaded || !isOpenAIMainFile(path)) continue;
        logger.debug(`patching openai already loaded from ${dirname(path)}`);
        this.patchModule(entry.exports, readPackageVersion(dirname(path)));
      }
    } catch (error) {
      reportInternalError('patching preloaded openai', error);
    }
  }
}

function isSupportedVersion(version: string): boolean {
  const major = Number.parseInt(version, 10);
  return SUPPORTED_OPENAI_MAJORS.includes(major);
}

function isTracedByUs(method: MarkedMethod): boolean {
  // Another instrumentation may have wrapped ours; follow shimmer's chain.
  for (let current: unknown = method, depth = 0; typeof current === 'function' && depth < 10; depth++) {
    if ((current as MarkedMethod)[TRACED_MARKER]) return true;
    current = (current as MarkedMethod).__original;
  }
  return false;
}

function findOpenAIClass(moduleExports: unknown): object | undefined {
  const candidates = [moduleExports];
  if (typeof moduleExports === 'object' || typeof moduleExports === 'function') {
    const record = moduleExports as Record<string, unknown>;
    candidates.unshift(record['OpenAI'], record['default']);
  }
  return candidates.find(
    (candidate): candidate is object =>
      typeof candidate === 'function' && typeof (candidate as { Chat?: unknown }).Chat === 'function',
  );
}

function readPrototype(root: object, path: readonly string[]): Record<string, unknown> | undefined {
  let current: unknown = root;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  const prototype = typeof current === 'function' ? (current as { prototype?: unknown }).prototype : undefined;
  return typeof prototype === 'object' && prototype !== null ? (prototype as Record<string, unknown>) : undefined;
}

const OPENAI_MAIN_SUFFIX = `${sep}node_modules${sep}openai${sep}index.js`;

function isOpenAIMainFile(path: string): boolean {
  return path.endsWith(OPENAI_MAIN_SUFFIX);
}

function readPackageVersion(directory: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
