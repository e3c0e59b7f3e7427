/**
 * Model names as the price table compares them, and the alternative spellings a model id is tried
 * under when the table's rules do not accept it as given.
 */

/** Model ids longer than this are not real model ids; they are treated as unknown, never memoized. */
export const MAX_MODEL_NAME_LENGTH = 256;

/** Trims and lower-cases a provider or model name; `undefined` for a non-string or empty name. */
export function normalizeName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const normalized = name.trim().toLowerCase();
  return normalized.length > 0 && normalized.length <= MAX_MODEL_NAME_LENGTH ? normalized : undefined;
}

/**
 * Drops a routing prefix such as `openai/` in `openai/gpt-4o` (OpenRouter, LiteLLM and gateway
 * style), keeping what follows the last `/`. Returns `undefined` when there is no prefix.
 */
export function stripProviderPrefix(model: string): string | undefined {
  const slash = model.lastIndexOf('/');
  if (slash < 0 || slash === model.length - 1) return undefined;
  return model.slice(slash + 1);
}

// A snapshot date at the end of an id: OpenAI writes `-2024-11-20`, Anthropic `-20250514`. Only
// full dates from 2000 on: OpenAI's older four-digit suffixes (`gpt-4-0613`, `gpt-3.5-turbo-1106`)
// name snapshots with prices of their own and must not fall back to the family.
const SNAPSHOT_DATE_SUFFIX = /-20\d\d(?:-\d\d-\d\d|\d{4})$/;

/**
 * Drops a dated snapshot suffix (`gpt-4o-2024-11-20` → `gpt-4o`,
 * `claude-sonnet-4-20250514` → `claude-sonnet-4`). Returns `undefined` when there is none.
 */
export function stripSnapshotDate(model: string): string | undefined {
  const match = SNAPSHOT_DATE_SUFFIX.exec(model);
  if (match === null || match.index === 0) return undefined;
  return model.slice(0, match.index);
}

// Bedrock model ids: an optional cross-region inference prefix (`us.`, `eu.`, `apac.`, `global.`),
// the vendor, the vendor's model id, and a version (`-v1:0`):
// `us.anthropic.claude-sonnet-4-20250514-v1:0` → `claude-sonnet-4-20250514`.
const BEDROCK_ID =
  /^(?:(?:us|eu|apac|ap|global|us-gov|jp|au|ca|regional)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer)\.(.+?)(?:-v\d+(?::\d+)?)?$/;
// OpenAI fine-tuned ids: `ft:<base model>:<org>:<suffix>:<id>`.
const FINE_TUNED_ID = /^(ft:[^:]+):/;

/**
 * The names to try for a model, most specific first: the id as given; then the provider's native
 * id inside a routed or wrapped one (`openai/gpt-4o`, Bedrock's `us.anthropic.claude-...-v1:0`,
 * Vertex's `claude-sonnet-4@20250514`, a fine-tuned id's `ft:<base>`); then each without an
 * `-latest` alias or a snapshot date. A dated id reaches its family only when no rule accepts the
 * exact snapshot.
 */
export function candidateModelNames(model: string): string[] {
  const names: string[] = [];
  const add = (name: string | undefined): void => {
    if (name !== undefined && name.length > 0 && !names.includes(name)) names.push(name);
  };
  add(model);
  add(stripProviderPrefix(model));
  for (const name of [...names]) {
    add(BEDROCK_ID.exec(name)?.[1]);
    const at = name.indexOf('@');
    if (at > 0) {
      // Vertex writes the snapshot after `@`: `claude-sonnet-4@20250514`.
      add(`${name.slice(0, at)}-${name.slice(at + 1)}`);
      add(name.slice(0, at));
    }
    add(FINE_TUNED_ID.exec(name)?.[1]);
  }
  for (const name of [...names]) {
    if (name.endsWith('-latest')) add(name.slice(0, -'-latest'.length));
  }
  for (const name of [...names]) add(stripSnapshotDate(name));
  return names;
}
