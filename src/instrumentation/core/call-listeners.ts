import type { Attribution } from '../../attribution/index.js';
import type { CostResult, CostStatus, TokenUsage } from '../../pricing/index.js';
import type {
  INFRAPRISM_COST_STATUS_VALUE_UNPRICED_OPERATION,
  INFRAPRISM_COST_STATUS_VALUE_USAGE_UNREAD,
} from '../../semconv.js';
import { reportInternalError } from './errors.js';

/**
 * The cost of a call as recorded on its span: the pricing result, except that an
 * operation billed per image, second or character without token usage is
 * `unpriced_operation`, and a call whose raw response the caller read is `usage_unread`.
 */
export interface CallCost extends Omit<CostResult, 'status'> {
  status:
    | CostStatus
    | typeof INFRAPRISM_COST_STATUS_VALUE_UNPRICED_OPERATION
    | typeof INFRAPRISM_COST_STATUS_VALUE_USAGE_UNREAD;
}

/**
 * What one traced provider call came to, handed to listeners when its span ends
 * (metrics). Numbers and names only: never content.
 */
export interface EndedCall {
  operationName: string;
  providerName: string;
  requestModel?: string;
  responseModel?: string;
  isStreaming: boolean;
  serverAddress?: string;
  serverPort?: number;
  usage?: TokenUsage;
  cost: CallCost;
  /** Wall time from the call to the end of its response (or stream), in seconds. */
  durationSeconds: number;
  /** Streams only: seconds from the call to the first chunk. */
  timeToFirstChunkSeconds?: number;
  /** Set when the call failed: the SDK error class or the HTTP status. */
  errorType?: string;
  attribution: Attribution;
}

export type CallEndListener = (call: EndedCall) => void;

// Global, so the ESM and CJS copies of this package feed the same listeners.
const LISTENERS_KEY = Symbol.for('infraprism.call-end-listeners');
type GlobalWithListeners = typeof globalThis & { [LISTENERS_KEY]?: Set<CallEndListener> };

function listeners(): Set<CallEndListener> {
  const global = globalThis as GlobalWithListeners;
  return (global[LISTENERS_KEY] ??= new Set());
}

/** Calls `listener` for every traced call that ends; returns the function that removes it. */
export function addCallEndListener(listener: CallEndListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Whether anything listens: without listeners a call's end builds no `EndedCall`. */
export function hasCallEndListeners(): boolean {
  return listeners().size > 0;
}

/** Hands `call` to every listener; a listener that throws is reported, never propagated. */
export function notifyCallEnded(call: EndedCall): void {
  for (const listener of listeners()) {
    try {
      listener(call);
    } catch (error) {
      reportInternalError('a call-end listener', error);
    }
  }
}
