import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_SCOPE_ANTHROPIC } from '../../semconv.js';
import type { OperationDescriptor } from '../core/operation.js';
import { readObject } from '../core/readers.js';
import { findClientClass, type Method, type SdkDefinition } from '../core/sdk-definition.js';
import { hasNativeSpans, withNativeSpanUsageHidden } from './native-span.js';
import { completions } from './operations/completions.js';
import { messages } from './operations/messages.js';
import { readAnthropicTarget } from './provider-target.js';

export type AnthropicInstrumentationConfig = InstrumentationConfig;

/** The `@anthropic-ai/sdk` majors we patch (0.30+ and 1.x); others get one warning. */
export const SUPPORTED_ANTHROPIC_MAJORS: readonly number[] = [0, 1];

/** `messages.stream(params)` sends `params` with `stream: true`. */
const streamedMessages: OperationDescriptor = {
  ...messages,
  readRequest: (params) => messages.readRequest({ ...readObject(params), stream: true }),
};

/**
 * `@anthropic-ai/sdk` (0.30+ and 1.x), including the `AnthropicBedrock` and `AnthropicVertex`
 * clients, which reuse its resource classes. `messages.stream()`, `parse()` and the tool
 * runners all call `create`, so patching `create` gives one span per request without
 * duplicates; `MessageStream` keeps reading the SDK's own `Stream`. `stream()` itself is patched
 * only to start that span before the SDK (0.134+) starts its own, which it does before calling
 * `create`: the SDK's span is then our child, in our trace, as on `create({ stream: true })`; on
 * SDKs without their own spans, `stream()` passes through to `create`. `countTokens` is free and
 * no generation: no span and no cost, but the same params object a caller passes to `create`
 * must reach Anthropic without our `entity_*`/`tags`.
 */
export const ANTHROPIC_SDK: SdkDefinition<AnthropicInstrumentationConfig> = {
  id: 'anthropic',
  packageName: '@anthropic-ai/sdk',
  instrumentationName: INSTRUMENTATION_SCOPE_ANTHROPIC,
  supportedMajors: SUPPORTED_ANTHROPIC_MAJORS,
  rootName: 'the Anthropic class',
  findRoot: findClientClass('Anthropic', 'Messages'),
  resultKind: 'api-promise',
  tracedMarker: Symbol.for('infraprism.anthropic.traced'),
  targets: [
    { path: ['Messages'], method: 'create', descriptor: messages, isRequired: true },
    { path: ['Beta', 'Messages'], method: 'create', descriptor: messages, isRequired: false },
    { path: ['Messages'], method: 'stream', descriptor: streamedMessages, startsSpanAhead: hasNativeSpans },
    { path: ['Beta', 'Messages'], method: 'stream', descriptor: streamedMessages, startsSpanAhead: hasNativeSpans },
    { path: ['Completions'], method: 'create', descriptor: completions, isRequired: false },
    { path: ['Messages'], method: 'countTokens', descriptor: undefined, isRequired: false },
    { path: ['Beta', 'Messages'], method: 'countTokens', descriptor: undefined, isRequired: false },
  ],
  // `@anthropic-ai/bedrock-sdk` and `vertex-sdk` require these files, never the main one
  // (CommonJS; see docs/providers/anthropic.md for ESM).
  resourceFiles: [
    { file: 'resources/messages/messages.js', path: ['Messages'] },
    { file: 'resources/beta/messages/messages.js', path: ['Beta', 'Messages'] },
  ],
  readTarget: (resource) => readAnthropicTarget(resource),
  // The SDK's own span (0.134+) must start inside ours to be found, and hidden, as its child.
  needsCallContext: hasNativeSpans,
  // Inside our span's context, so the SDK's own span (0.134+) is known to have ours beside it.
  wrapOriginal: (original: Method): Method =>
    function sdkMethod(this: unknown, body: unknown, ...rest: unknown[]): unknown {
      return withNativeSpanUsageHidden(this, rest[0], () => original.call(this, body, ...rest));
    },
};
