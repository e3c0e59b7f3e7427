import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { Attribution } from '../../attribution/index.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_INFRAPRISM_ENTITY_ID,
  ATTR_INFRAPRISM_ENTITY_TYPE,
  ATTR_INFRAPRISM_TAG_PREFIX,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  INFRAPRISM_COST_STATUS_VALUE_NO_USAGE,
  INFRAPRISM_COST_STATUS_VALUE_UNPRICED_OPERATION,
  INFRAPRISM_COST_STATUS_VALUE_USAGE_UNREAD,
  INFRAPRISM_ERROR_TYPE_VALUE_ABORTED,
} from '../../semconv.js';
import { hasCallEndListeners, notifyCallEnded, type CallCost, type EndedCall } from './call-listeners.js';
import { addCostAttributes, addUsageAttributes, priceCall } from './cost-attributes.js';
import { guard, readErrorType, readHttpStatus, reportInternalError } from './errors.js';
import {
  createResponseSummary,
  type OperationDescriptor,
  type ProviderTarget,
  type RequestSummary,
  type ResponseSummary,
} from './operation.js';

/**
 * The span of one provider call, from the request to the end of its response. It is
 * ended exactly once, whichever exit path comes first; later calls are ignored.
 */
export class CallSpan {
  readonly span: Span;
  private readonly summary: ResponseSummary = createResponseSummary();
  private readonly startedAt = performance.now();
  // Dated price changes: the price in force when the call started, as a bill would. The SDK
  // takes the span's start time from Date.now() too.
  private readonly startedAtEpochMs = Date.now();
  private timeToFirstChunkSeconds: number | undefined;
  private hasEnded = false;
  private isBodyUnread = false;

  constructor(
    span: Span,
    private readonly descriptor: OperationDescriptor,
    private readonly target: ProviderTarget,
    private readonly request: RequestSummary,
    private readonly attribution: Attribution,
  ) {
    this.span = span;
  }

  get isStreaming(): boolean {
    return this.request.isStreaming;
  }

  recordResponse(response: unknown): void {
    guard('reading a response', () => this.descriptor.readResponse(response, this.summary));
  }

  recordChunk(chunk: unknown): void {
    // Called once per chunk: no closure, and the clock is read for the first chunk only.
    try {
      if (this.timeToFirstChunkSeconds === undefined) {
        const seconds = (performance.now() - this.startedAt) / 1000;
        this.timeToFirstChunkSeconds = seconds;
        this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, seconds);
      }
      this.descriptor.readChunk(chunk, this.summary);
    } catch (error) {
      reportInternalError('reading a stream chunk', error);
    }
  }

  /** Ends the span with what the response told us, priced. */
  end(): void {
    this.finish();
  }

  /**
   * Ends the span of a call whose raw response the caller took (`asResponse()`): the caller
   * reads the body, so its usage never reaches us and the cost status says so.
   */
  endUnread(): void {
    this.isBodyUnread = true;
    this.finish();
  }

  /** Ends the span as failed. The error itself goes to the caller untouched. */
  fail(error: unknown): void {
    this.finish({ readType: () => readErrorType(error), readStatus: () => readHttpStatus(error) });
  }

  /**
   * Ends the span of a stream the caller aborted with its `AbortSignal` once it had
   * started: the SDK then ends the iteration quietly, so there is no error object.
   */
  abort(): void {
    this.finish({ readType: () => INFRAPRISM_ERROR_TYPE_VALUE_ABORTED, readStatus: () => undefined });
  }

  /** The one way a call ends, exactly once: what the response told us, priced, and how it failed. */
  private finish(failure?: Failure): void {
    if (this.hasEnded) return;
    this.hasEnded = true;
    // Once per call: a plain try/catch rather than guard()'s closure.
    try {
      const attributes: Attributes = {};
      const cost = this.addResponseAttributes(attributes);
      let errorType: string | undefined;
      if (failure) {
        errorType = failure.readType();
        attributes[ATTR_ERROR_TYPE] = errorType;
        const status = failure.readStatus();
        if (status !== undefined) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
      }
      this.span.setAttributes(attributes);
      // No message and no recordException: both would copy the provider's error text,
      // which can echo the prompt.
      if (failure) this.span.setStatus({ code: SpanStatusCode.ERROR });
      this.span.end();
      this.notifyListeners(cost, errorType);
    } catch (error) {
      reportInternalError(failure ? 'ending a failed span' : 'ending a span', error);
    }
  }

  private notifyListeners(cost: CallCost, errorType?: string): void {
    // No metrics and no other listener (`init({ metrics: false })`): nothing to build.
    if (!hasCallEndListeners()) return;
    const { responseModel, usage } = this.summary;
    const call: EndedCall = {
      operationName: this.descriptor.operationName,
      providerName: this.target.providerName,
      isStreaming: this.request.isStreaming,
      cost,
      durationSeconds: (performance.now() - this.startedAt) / 1000,
      attribution: this.attribution,
    };
    if (this.request.requestModel !== undefined) call.requestModel = this.request.requestModel;
    if (responseModel !== undefined) call.responseModel = responseModel;
    if (this.target.serverAddress !== undefined) call.serverAddress = this.target.serverAddress;
    if (this.target.serverPort !== undefined) call.serverPort = this.target.serverPort;
    if (usage !== undefined) call.usage = usage;
    if (this.timeToFirstChunkSeconds !== undefined) call.timeToFirstChunkSeconds = this.timeToFirstChunkSeconds;
    if (errorType !== undefined) call.errorType = errorType;
    notifyCallEnded(call);
  }

  /** Writes the response's attributes and its cost's into `attributes`; returns the cost. */
  private addResponseAttributes(attributes: Attributes): CallCost {
    const { responseId, responseModel, finishReasons, usage, serviceTier, conversationId } = this.summary;
    if (conversationId) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
    if (responseId) attributes[ATTR_GEN_AI_RESPONSE_ID] = responseId;
    if (responseModel) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
    // The array as read when every reason is a string (the usual case), else a filtered copy.
    const reasons = finishReasons.every(isString) ? finishReasons : (finishReasons as unknown[]).filter(isString);
    if (reasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = reasons;
    if (usage) addUsageAttributes(attributes, usage);
    if (this.summary.attributes) Object.assign(attributes, this.summary.attributes);

    const model = responseModel ?? this.request.requestModel;
    const cost: CallCost = priceCall({
      provider: this.target.providerName,
      model,
      usage,
      serviceTier,
      at: this.startedAtEpochMs,
    });
    if (cost.status === INFRAPRISM_COST_STATUS_VALUE_NO_USAGE && this.isBodyUnread) {
      cost.status = INFRAPRISM_COST_STATUS_VALUE_USAGE_UNREAD;
    } else if (cost.status === INFRAPRISM_COST_STATUS_VALUE_NO_USAGE && this.descriptor.isBilledBeyondTokens) {
      cost.status = INFRAPRISM_COST_STATUS_VALUE_UNPRICED_OPERATION;
    }
    addCostAttributes(attributes, cost);
    return cost;
  }
}

/** How a failed call failed; read inside the guarded end, never before it. */
interface Failure {
  readType(): string;
  readStatus(): number | undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export interface StartCallSpanInput {
  tracer: Tracer;
  descriptor: OperationDescriptor;
  params: unknown;
  target: ProviderTarget;
  attribution: Attribution;
}

/**
 * Starts the CLIENT span of a call with everything the request says, so samplers
 * see the model, provider and entity.
 */
export function startCallSpan({ tracer, descriptor, params, target, attribution }: StartCallSpanInput): CallSpan {
  const request = descriptor.readRequest(params);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: descriptor.operationName,
    [ATTR_GEN_AI_PROVIDER_NAME]: target.providerName,
    ...request.attributes,
  };
  if (request.requestModel) attributes[ATTR_GEN_AI_REQUEST_MODEL] = request.requestModel;
  if (target.serverAddress) attributes[ATTR_SERVER_ADDRESS] = target.serverAddress;
  if (target.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = target.serverPort;
  if (attribution.entityType !== undefined) attributes[ATTR_INFRAPRISM_ENTITY_TYPE] = attribution.entityType;
  if (attribution.entityId !== undefined) attributes[ATTR_INFRAPRISM_ENTITY_ID] = attribution.entityId;
  // for...in, not Object.entries: no array per call, and none at all for the usual no tags.
  const { tags } = attribution;
  for (const key in tags) {
    if (Object.prototype.hasOwnProperty.call(tags, key)) attributes[`${ATTR_INFRAPRISM_TAG_PREFIX}${key}`] = tags[key];
  }

  const name = request.requestModel
    ? `${descriptor.operationName} ${request.requestModel}`
    : descriptor.operationName;
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
  return new CallSpan(span, descriptor, target, request, attribution);
}
