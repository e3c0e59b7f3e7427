import type { Attributes } from '@opentelemetry/api';
import type { TokenUsage } from '../../pricing/index.js';

/**
 * What a response (or the chunks of a stream) told us. Operation descriptors fill it
 * in; the core turns it into span attributes and a cost.
 */
export interface ResponseSummary {
  responseId?: string;
  responseModel?: string;
  /** One entry per choice, by choice index. */
  finishReasons: string[];
  usage?: TokenUsage;
  /** The service tier the provider says served the call; passed to pricing. */
  serviceTier?: string;
  /** `gen_ai.conversation.id`, when the response names the conversation. */
  conversationId?: string;
  /**
   * Provider-specific response attributes (numbers and enum values, never text), set on the
   * span when it ends: e.g. Anthropic's server-tool counts and service tier.
   */
  attributes?: Attributes;
}

/** What a request says, read before the call starts. */
export interface RequestSummary {
  requestModel?: string;
  isStreaming: boolean;
  /** Numeric or boolean request parameters; never text. */
  attributes: Attributes;
}

/**
 * One endpoint, declared: names and pure readers from params, response or chunk to
 * what goes on the span. It never starts or ends a span, catches, or touches a
 * promise — the core does (see ARCHITECTURE.md, "The life of one call").
 */
export interface OperationDescriptor {
  /** `gen_ai.operation.name`, e.g. `chat`. */
  readonly operationName: string;
  readRequest(params: unknown): RequestSummary;
  readResponse(response: unknown, summary: ResponseSummary): void;
  readChunk(chunk: unknown, summary: ResponseSummary): void;
  /**
   * For endpoints that report usage on streams only when asked
   * (`stream_options.include_usage`): the request to send instead, or `undefined` to
   * send the caller's own. Pure: returns a copy, never changes `params`.
   */
  requestStreamUsage?(params: unknown): unknown;
  /** True for the usage-only chunk that {@link requestStreamUsage} made the provider send. */
  isRequestedUsageChunk?(chunk: unknown): boolean;
  /**
   * For a streaming call whose resolved value holds the stream rather than being it (an AWS
   * SDK output's `stream`): the async iterable to observe. Default: the value itself.
   */
  readStream?(value: unknown): unknown;
  /**
   * Set for operations billed per image, second or character: a call without token
   * usage is then `unpriced_operation` rather than `no_usage`.
   */
  readonly isBilledBeyondTokens?: boolean;
}

/** Where the call goes, as read from the client. */
export interface ProviderTarget {
  /** `gen_ai.provider.name`. */
  providerName: string;
  serverAddress?: string;
  serverPort?: number;
  /** The endpoint accepts `stream_options.include_usage` (OpenAI, Azure, configured base URLs). */
  acceptsStreamUsageOption?: boolean;
}

export function createResponseSummary(): ResponseSummary {
  return { finishReasons: [] };
}
