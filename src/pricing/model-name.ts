/**
 * Model and provider names as the price table compares them. Kept apart from the table so the
 * matching rules (which issue 6 widens: `-latest` aliases, fine-tuned ids, Bedrock and Vertex ids)
 * live in one place.
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

/**
 * The names to try for a model, most specific first: the id as given, then without its routing
 * prefix; after all exact names, the same without a snapshot date. A dated id therefore falls
 * back to its family only when the table has no entry for the exact snapshot.
 */
export function candidateModelNames(model: string): string[] {
  const exact = [model];
  const unprefixed = stripProviderPrefix(model);
  if (unprefixed !== undefined) exact.push(unprefixed);
  const names = [...exact];
  for (const name of exact) {
    const undated = stripSnapshotDate(name);
    if (undated !== undefined && !names.includes(undated)) names.push(undated);
  }
  return names;
}
