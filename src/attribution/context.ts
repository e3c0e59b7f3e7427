import { context, createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { logger } from '../diag.js';
import { readTags } from './params.js';
import type { Attribution, Entity, Tags } from './types.js';

// createContextKey uses Symbol.for, so the ESM and CJS copies of this package read
// each other's values.
const ENTITY_KEY = createContextKey('infraprism.attribution.entity');
const TAGS_KEY = createContextKey('infraprism.attribution.tags');
const PROBE_KEY = createContextKey('infraprism.attribution.probe');

/**
 * Attribution rides on OpenTelemetry context, which only follows `await`, timers and
 * `Promise.all` when a context manager is registered. An app that never set up
 * tracing has none, so we register Node's AsyncLocalStorage one — the manager the
 * OpenTelemetry Node SDK itself installs — unless a working one is already there.
 */
export function ensureContextManager(): void {
  const probe = ROOT_CONTEXT.setValue(PROBE_KEY, true);
  const isWorking = context.with(probe, () => context.active().getValue(PROBE_KEY) === true);
  if (isWorking) return;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) {
    manager.disable();
    logger.warn('a context manager is registered but does not propagate context: attribution by withEntity/withTags will be lost');
  }
}

/**
 * Runs `fn` with `entity` as the entity of every LLM call made inside it, across
 * `await`, timers and `Promise.all`. Nested calls replace the entity; per-call
 * `entity_type`/`entity_id` params win over it.
 */
export function withEntity<T>(entity: Entity, fn: () => T): T {
  ensureContextManager();
  if (!isEntity(entity)) {
    logger.warn('withEntity: expected { type: string, id: string }; running without an entity');
    return fn();
  }
  const frozen: Entity = Object.freeze({ type: entity.type, id: entity.id });
  return context.with(context.active().setValue(ENTITY_KEY, frozen), fn);
}

/**
 * Runs `fn` with `tags` added to every LLM call made inside it. Nested calls merge
 * their tags over the outer ones; per-call `tags` win over both.
 */
export function withTags<T>(tags: Tags, fn: () => T): T {
  ensureContextManager();
  const active = context.active();
  const merged = Object.freeze({ ...readContextTags(active), ...readTags(tags, 'withTags') });
  return context.with(active.setValue(TAGS_KEY, merged), fn);
}

/** The attribution set by `withEntity`/`withTags` on a context. */
export function readContextAttribution(ctx: Context): Attribution {
  const entity = ctx.getValue(ENTITY_KEY) as Entity | undefined;
  const attribution: Attribution = { tags: readContextTags(ctx) };
  if (entity) {
    attribution.entityType = entity.type;
    attribution.entityId = entity.id;
  }
  return attribution;
}

function readContextTags(ctx: Context): Tags {
  return (ctx.getValue(TAGS_KEY) as Tags | undefined) ?? EMPTY_TAGS;
}

const EMPTY_TAGS: Tags = Object.freeze({});

function isEntity(value: unknown): value is Entity {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id } = value as Partial<Entity>;
  return typeof type === 'string' && type !== '' && typeof id === 'string' && id !== '';
}
