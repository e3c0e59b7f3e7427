import { warnOnce } from '../diag.js';
import type { Attribution, AttributionParams, Tags, TagValue } from './types.js';

const PARAM_KEYS = ['entity_type', 'entity_id', 'tags'] as const;

/** The params of a call that sets none of ours (frozen: shared by every such call). */
const NO_PARAMS: AttributionParams = Object.freeze({});

/** The request body without our params, and the params that were removed. */
export interface SplitParams<Body> {
  body: Body;
  params: AttributionParams;
}

/**
 * Separates our per-call params from the SDK's. The caller's object is never
 * mutated (they may reuse it); when it carries none of our keys it is passed on
 * as the very same object.
 */
export function splitAttributionParams<Body>(body: Body): SplitParams<Body> {
  if (typeof body !== 'object' || body === null) return { body, params: NO_PARAMS };
  const record = body as Record<string, unknown>;
  // Once per call: no closure, and one shared empty params object for the usual case.
  if (!(PARAM_KEYS[0] in record || PARAM_KEYS[1] in record || PARAM_KEYS[2] in record)) return { body, params: NO_PARAMS };

  const { entity_type: entityType, entity_id: entityId, tags, ...rest } = record;
  const params: AttributionParams = {};
  if (entityType !== undefined) {
    if (typeof entityType === 'string') params.entity_type = entityType;
    else warnOnce('param.entity_type', 'entity_type must be a string; ignored');
  }
  if (entityId !== undefined) {
    if (typeof entityId === 'string') params.entity_id = entityId;
    else warnOnce('param.entity_id', 'entity_id must be a string; ignored');
  }
  if (tags !== undefined) params.tags = readTags(tags, 'tags');
  return { body: rest as Body, params };
}

/**
 * Resolves one call's attribution: per-call params win over context, field by
 * field; tags merge with per-call keys winning.
 */
export function mergeAttribution(fromContext: Attribution, params: AttributionParams): Attribution {
  // No per-call params (the usual case): the context's attribution as it is, no copy.
  if (params.tags === undefined && params.entity_type === undefined && params.entity_id === undefined) return fromContext;
  const merged: Attribution = {
    tags: params.tags ? { ...fromContext.tags, ...params.tags } : fromContext.tags,
  };
  const entityType = params.entity_type ?? fromContext.entityType;
  const entityId = params.entity_id ?? fromContext.entityId;
  if (entityType !== undefined) merged.entityType = entityType;
  if (entityId !== undefined) merged.entityId = entityId;
  return merged;
}

/** Keeps the tags whose values are strings, finite numbers or booleans. */
export function readTags(value: unknown, source: string): Tags {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    warnOnce(`${source}.shape`, `${source} must be an object of string, number or boolean values; ignored`);
    return {};
  }
  const tags: Record<string, TagValue> = {};
  for (const [key, tagValue] of Object.entries(value)) {
    if (isTagValue(tagValue)) tags[key] = tagValue;
    else warnOnce(`${source}.value`, `${source}: values must be strings, finite numbers or booleans; other values are dropped`);
  }
  return tags;
}

function isTagValue(value: unknown): value is TagValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
