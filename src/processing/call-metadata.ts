import type { Attributes } from '@opentelemetry/api';
import {
  AI_CALL_METADATA_PREFIXES,
  ATTR_INFRAPRISM_ENTITY_ID,
  ATTR_INFRAPRISM_ENTITY_TYPE,
  ATTR_INFRAPRISM_TAG_PREFIX,
} from '../semconv.js';

// The keys a user puts into a call's metadata, named as our per-call params are.
const ENTITY_TYPE_KEY = 'entity_type';
const ENTITY_ID_KEY = 'entity_id';
const TAG_KEY_PREFIXES = ['tags.', 'tag.'];

/**
 * Entity and tags a user put into an AI SDK call's own metadata:
 * AI SDK 6 `experimental_telemetry: { metadata: { entity_type, entity_id, 'tags.feature': 'x' } }`
 * (recorded as `ai.telemetry.metadata.*`), AI SDK 7 runtime context `{ entity_type, entity_id,
 * tags: { feature } }` recorded with `@ai-sdk/otel`'s `runtimeContext: true` (`ai.settings.context.*`).
 */
export function readCallMetadataAttribution(attributes: Attributes): Attributes {
  const result: Attributes = {};
  for (const prefix of AI_CALL_METADATA_PREFIXES) {
    for (const [key, value] of Object.entries(attributes)) {
      if (!key.startsWith(prefix) || value === undefined) continue;
      const name = key.slice(prefix.length);
      if (name === ENTITY_TYPE_KEY && typeof value === 'string' && value !== '') result[ATTR_INFRAPRISM_ENTITY_TYPE] = value;
      else if (name === ENTITY_ID_KEY && typeof value === 'string' && value !== '') result[ATTR_INFRAPRISM_ENTITY_ID] = value;
      else {
        const tagPrefix = TAG_KEY_PREFIXES.find((candidate) => name.startsWith(candidate));
        if (tagPrefix !== undefined && isTagValue(value)) result[`${ATTR_INFRAPRISM_TAG_PREFIX}${name.slice(tagPrefix.length)}`] = value;
      }
    }
  }
  return result;
}

function isTagValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
