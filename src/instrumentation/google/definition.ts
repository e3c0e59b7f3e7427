import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_SCOPE_GOOGLE_GENAI } from '../../semconv.js';
import { findModuleWithExport, type SdkDefinition } from '../core/sdk-definition.js';
import { splitGoogleAttributionParams } from './attribution-params.js';
import { embedContent } from './operations/embed-content.js';
import { CHAT_SESSION, selectByChatSession } from './chat-session.js';
import {
  chatSendMessage,
  chatSendMessageStream,
  generateContent,
  generateContentStream,
} from './operations/generate-content.js';
import { readGoogleTarget } from './provider-target.js';

export type GoogleGenAIInstrumentationConfig = InstrumentationConfig;

/** The `@google/genai` majors we patch (1.x and 2.x run on Node 20, 3.x needs Node 22); others get one warning. */
export const SUPPORTED_GOOGLE_GENAI_MAJORS: readonly number[] = [1, 2, 3];

/**
 * `@google/genai`, Gemini API and Vertex AI modes. `GoogleGenAI` builds its `models` per
 * instance and `Models` defines `generateContent` and the other public methods as arrow-function
 * fields, out of reach of a prototype patch; each of them sends its request through a private
 * prototype method of the exported `Models` class, which is what is patched. So each HTTP request
 * is one span: automatic function calling (several rounds) and 3.x's automatic continuation make
 * several. `chats.sendMessage` and `sendMessageStream` call `models.generateContent(Stream)`; they
 * only mark their context, so those requests are recorded with operation `chat`.
 * `countTokens` is free: no span, but our params never reach Google.
 */
export const GOOGLE_GENAI_SDK: SdkDefinition<GoogleGenAIInstrumentationConfig> = {
  id: 'googleGenAI',
  packageName: '@google/genai',
  instrumentationName: INSTRUMENTATION_SCOPE_GOOGLE_GENAI,
  supportedMajors: SUPPORTED_GOOGLE_GENAI_MAJORS,
  rootName: 'the Models class',
  findRoot: findModuleWithExport('Models'),
  // Plain promises; a stream's promise resolves to an async generator.
  resultKind: 'promise',
  tracedMarker: Symbol.for('infraprism.google-genai.traced'),
  targets: [
    {
      path: ['Models'],
      method: 'generateContentInternal',
      descriptor: generateContent,
      selectDescriptor: selectByChatSession(generateContent, chatSendMessage),
      isRequired: true,
    },
    {
      path: ['Models'],
      method: 'generateContentStreamInternal',
      descriptor: generateContentStream,
      selectDescriptor: selectByChatSession(generateContentStream, chatSendMessageStream),
      isRequired: true,
    },
    { path: ['Models'], method: 'embedContentInternal', descriptor: embedContent },
    // 1.0 to 1.x: `embedContent` was a prototype method sending the request itself.
    { path: ['Models'], method: 'embedContent', descriptor: embedContent },
    { path: ['Models'], method: 'countTokens', descriptor: undefined },
    // No span of their own: their requests are the `generateContent` ones above, named `chat`.
    { path: ['Chat'], method: 'sendMessage', descriptor: undefined, marksContext: CHAT_SESSION },
    { path: ['Chat'], method: 'sendMessageStream', descriptor: undefined, marksContext: CHAT_SESSION },
  ],
  // `exports` sends a Node `require` to the Node build (`.js` before 1.x's later minors).
  commonJsMainFiles: ['dist/node/index.cjs', 'dist/node/index.js', 'dist/index.cjs', 'dist/index.js'],
  readTarget: (models) => readGoogleTarget(models),
  splitParams: splitGoogleAttributionParams,
};
