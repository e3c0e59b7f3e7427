import type { MatchClause } from './price-data.js';

/** A compiled match rule: true when it accepts the (lower-cased, trimmed) model id. */
export type ModelMatcher = (model: string) => boolean;

const MAX_CLAUSE_DEPTH = 16;

/**
 * Compiles a match rule of the price data (genai-prices' format: `equals`, `starts_with`,
 * `ends_with`, `contains`, `regex`, `or`, `and`). String rules compare lower-cased, as ids are
 * lower-cased before matching; regexes run on the lower-cased id. Returns the reason when the rule
 * is malformed, so a bad refreshed table is refused whole.
 */
export function compileClause(clause: unknown, depth = 0): ModelMatcher | string {
  if (depth > MAX_CLAUSE_DEPTH) return 'match rule nested too deep';
  if (typeof clause !== 'object' || clause === null) return 'match rule is not an object';
  const rule = clause as Record<string, unknown>;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return 'match rule must have exactly one key';
  const key = keys[0] as string;
  const value = rule[key];
  if (key === 'or' || key === 'and') {
    if (!Array.isArray(value) || value.length === 0) return `match rule "${key}" needs a non-empty list`;
    const parts: ModelMatcher[] = [];
    for (const part of value) {
      const compiled = compileClause(part, depth + 1);
      if (typeof compiled === 'string') return compiled;
      parts.push(compiled);
    }
    return key === 'or' ? (model) => parts.some((part) => part(model)) : (model) => parts.every((part) => part(model));
  }
  if (typeof value !== 'string' || value.length === 0) return `match rule "${key}" needs a non-empty string`;
  const text = value.toLowerCase();
  switch (key) {
    case 'equals':
      return (model) => model === text;
    case 'starts_with':
      return (model) => model.startsWith(text);
    case 'ends_with':
      return (model) => model.endsWith(text);
    case 'contains':
      return (model) => model.includes(text);
    case 'regex': {
      try {
        const pattern = new RegExp(value);
        return (model) => pattern.test(model);
      } catch {
        return 'match rule "regex" does not compile';
      }
    }
    default:
      return `unknown match rule "${key}"`;
  }
}
