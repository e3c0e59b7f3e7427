import { splitAttributionParams, type SplitParams } from '../../attribution/params.js';

/**
 * Our per-call params on a Google call ride in `config`: `{ model, contents, config: {
 * entity_type, entity_id, tags } }`. `config` is the one part of the params that reaches every
 * HTTP request unchanged: `chats.sendMessage` rebuilds `{ model, contents, config }` and
 * automatic function calling copies `config` into each round, while fields next to `model` are
 * dropped on the way. They are removed before the SDK builds the request; the caller's object is
 * never mutated, and a call without them passes its params through as the same object.
 */
export function splitGoogleAttributionParams(params: unknown): SplitParams<unknown> {
  const record = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : undefined;
  const split = splitAttributionParams(record?.['config']);
  if (split.body === record?.['config']) return { body: params, params: split.params };
  return { body: { ...record, config: split.body }, params: split.params };
}
