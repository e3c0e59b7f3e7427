import { context, createContextKey } from '@opentelemetry/api';
import type { OperationDescriptor } from '../core/operation.js';

/**
 * Set while a chat session's `sendMessage` or `sendMessageStream` runs: its requests are
 * `models.generateContent(Stream)` requests, recorded with operation `chat`.
 */
export const CHAT_SESSION = createContextKey('infraprism.google-genai.chat-session');

/** `inChat` when the request is made by a chat session, else `direct`. */
export function selectByChatSession(
  direct: OperationDescriptor,
  inChat: OperationDescriptor,
): (body: unknown) => OperationDescriptor {
  return () => (context.active().getValue(CHAT_SESSION) === true ? inChat : direct);
}
