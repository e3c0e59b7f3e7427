import { GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION } from '../../../semconv.js';
import type { OperationDescriptor } from '../../core/operation.js';
import { chatCompletions } from './chat-completions.js';

/**
 * Legacy `completions.create`, streamed or not. Its request parameters, `choices`
 * with `finish_reason`, usage object and `stream_options.include_usage` chunk have
 * the chat shape; only the operation name differs. The prompt is never read.
 */
export const completions: OperationDescriptor = {
  ...chatCompletions,
  operationName: GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
};
