import type { OperationDescriptor } from '../core/operation.js';
import { readObject, readString } from '../core/readers.js';
import { converse, converseStream } from './operations/converse.js';
import {
  invokeEmbeddingModel,
  invokeModel,
  invokeModelWithResponseStream,
  isEmbeddingModel,
} from './operations/invoke-model.js';

/**
 * The Bedrock Runtime operations that run a model, by operation name. Every other command
 * (`CountTokens`, `ApplyGuardrail`, async invokes, the bidirectional stream) passes through
 * untraced.
 */
const OPERATIONS: Readonly<Record<string, OperationDescriptor>> = {
  Converse: converse,
  ConverseStream: converseStream,
  InvokeModel: invokeModel,
  InvokeModelWithResponseStream: invokeModelWithResponseStream,
};

/**
 * The operation a command runs: the SDK's operation schema names it (`[9, namespace, "Converse",
 * ...]` since 3.7xx); older commands only by their class (`ConverseCommand`).
 */
export function readOperationName(command: unknown): string | undefined {
  const record = readObject(command);
  if (!record) return undefined;
  const schema = record['schema'];
  const fromSchema = Array.isArray(schema) ? readString(schema[2]) : readString(readObject(schema)?.['name']);
  if (fromSchema) return fromSchema;
  const className = record.constructor?.name;
  return className?.endsWith('Command') ? className.slice(0, -'Command'.length) : undefined;
}

/**
 * What `send(command, ...rest)` becomes, or `undefined` for a command we do not trace and for a
 * callback-style send (its outcome goes to the callback, not to a promise).
 */
export function describeCommand(command: unknown, rest: readonly unknown[] = []): OperationDescriptor | undefined {
  if (typeof rest.at(-1) === 'function') return undefined;
  const operation = readOperationName(command);
  const descriptor = operation === undefined ? undefined : OPERATIONS[operation];
  if (descriptor !== invokeModel) return descriptor;
  const modelId = readString(readObject(readObject(command)?.['input'])?.['modelId']);
  return modelId !== undefined && isEmbeddingModel(modelId) ? invokeEmbeddingModel : descriptor;
}

/** A command's `input`, where the request params live. */
export function readCommandInput(command: unknown): unknown {
  return readObject(command)?.['input'];
}
