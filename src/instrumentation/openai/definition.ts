import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_SCOPE_OPENAI } from '../../semconv.js';
import { findClientClass, type SdkDefinition } from '../core/sdk-definition.js';
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

/**
 * The `openai` package (majors 4 to 7). Only the methods that send a request are patched; the
 * helpers call them: `chat.completions.parse()`, `.stream()`, `runTools()` (and their `beta.`
 * forms in openai 4) call `chat.completions.create`; `responses.parse()` and `.stream()` call
 * `responses.create`. So each HTTP request is one span, without duplicates. All these paths
 * exist in openai 4 to 7; one a version lacks is skipped (debug).
 */
export const OPENAI_SDK: SdkDefinition<OpenAIInstrumentationConfig> = {
  id: 'openai',
  packageName: 'openai',
  instrumentationName: INSTRUMENTATION_SCOPE_OPENAI,
  supportedMajors: SUPPORTED_OPENAI_MAJORS,
  rootName: 'the OpenAI class',
  findRoot: findClientClass('OpenAI', 'Chat'),
  resultKind: 'api-promise',
  tracedMarker: Symbol.for('infraprism.openai.traced'),
  targets: [
    { path: ['Chat', 'Completions'], method: 'create', descriptor: chatCompletions },
    { path: ['Responses'], method: 'create', descriptor: responses },
    { path: ['Embeddings'], method: 'create', descriptor: embeddings },
    { path: ['Completions'], method: 'create', descriptor: completions },
    { path: ['Images'], method: 'generate', descriptor: images },
    { path: ['Images'], method: 'edit', descriptor: images },
    { path: ['Audio', 'Transcriptions'], method: 'create', descriptor: audioTranscriptions },
    { path: ['Audio', 'Translations'], method: 'create', descriptor: audioTranscriptions },
    { path: ['Audio', 'Speech'], method: 'create', descriptor: audioSpeech },
  ],
  readTarget: (resource, config) => readOpenAITarget(resource, { streamUsageBaseURLs: config.streamUsageBaseURLs }),
  configFromInit: (options) => (options.streamUsageBaseURLs ? { streamUsageBaseURLs: options.streamUsageBaseURLs } : {}),
};
