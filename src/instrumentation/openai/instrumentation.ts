import {
  InstrumentationBase,
  type InstrumentationConfig,
  type InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_SCOPE_OPENAI } from '../../semconv.js';
import { PACKAGE_VERSION } from '../../version.js';
import { createTracedMethod } from '../core/traced-method.js';
import type { OperationDescriptor } from '../core/operation.js';
import {
  defineSdkModule,
  findClientClass,
  patchPreloadedCommonJsCopies,
  patchSdkModule,
  patchTargets,
  unpatchTargets,
  type PatchTarget,
  type PatchedSdk,
} from '../core/patch-targets.js';
import { audioSpeech, audioTranscriptions } from './operations/audio.js';
import { chatCompletions } from './operations/chat-completions.js';
import { completions } from './operations/completions.js';
import { embeddings } from './operations/embeddings.js';
import { images } from './operations/images.js';
import { responses } from './operations/responses.js';
import { readOpenAITarget } from './provider-target.js';

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

const OPENAI_SDK: PatchedSdk = {
  packageName: 'openai',
  warnKey: 'openai',
  clientClassName: 'OpenAI',
  clientResourceName: 'Chat',
  supportedMajors: SUPPORTED_OPENAI_MAJORS,
  tracedMarker: Symbol.for('infraprism.openai.traced'),
};

interface OpenAIPatchTarget extends PatchTarget {
  descriptor: OperationDescriptor;
}

// Only the methods that send a request are patched. The helpers call them:
// `chat.completions.parse()`, `.stream()`, `runTools()` (and their `beta.` forms in
// openai 4) call `chat.completions.create`; `responses.parse()` and `.stream()` call
// `responses.create`. So each HTTP request is one span, without duplicates. All
// these paths exist in openai 4 to 7; one a version lacks is skipped (debug).
const PATCH_TARGETS: readonly OpenAIPatchTarget[] = [
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
    return [defineSdkModule(OPENAI_SDK, this)];
  }

  override enable(): void {
    super.enable();
    patchPreloadedCommonJsCopies(OPENAI_SDK, (moduleExports, version) => this.patchModule(moduleExports, version));
  }

  /**
   * Patches an `openai` module (its namespace, its exports, or the `OpenAI` class).
   * Used by the module hooks and by `instrument({ openai })`; safe to call twice.
   */
  patchModule(moduleExports: unknown, version?: string): void {
    patchSdkModule(OPENAI_SDK, moduleExports, version, (openAIClass) =>
      patchTargets(OPENAI_SDK, openAIClass, PATCH_TARGETS, (original, target) =>
        createTracedMethod(original, {
          descriptor: target.descriptor,
          getTracer: () => this.tracer,
          readTarget: (resource) =>
            readOpenAITarget(resource, { streamUsageBaseURLs: this.getConfig().streamUsageBaseURLs }),
        }),
      ),
    );
  }

  unpatchModule(moduleExports: unknown): void {
    const openAIClass = findClientClass(OPENAI_SDK, moduleExports);
    if (openAIClass) unpatchTargets(OPENAI_SDK, openAIClass, PATCH_TARGETS);
  }
}
