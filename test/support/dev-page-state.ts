/** Reads the `infraprism dev` page's state as the page gets it, and compares it with a known run. */
import { expect } from 'vitest';
import type { DevServer, PageState } from '../../src/cli/dev/dev-server.js';
import type { GroupTotals } from '../../src/cli/dev/call-store.js';
import type { GroupExpectation, KnownRunExpectation } from './dev-known-run.js';

/** GET /api/state on the page's server: the same JSON each Server-Sent Event carries. */
export async function readPageState(dev: DevServer): Promise<PageState> {
  const response = await fetch(new URL('/api/state', dev.uiUrl));
  expect(response.status).toBe(200);
  return (await response.json()) as PageState;
}

/** Costs are sums of floats, added in another order than the run adds them: compared to 1e-12. */
export function expectPageShowsRun(state: PageState, expected: KnownRunExpectation): void {
  expect(state.totals).toMatchObject({
    calls: expected.calls,
    inputTokens: expected.inputTokens,
    outputTokens: expected.outputTokens,
    unpricedCalls: Object.values(expected.unpriced).reduce((sum, n) => sum + n, 0),
  });
  expect(state.totals.costUsd).toBeCloseTo(expected.costUsd, 12);
  expectGroups(state.byEntity, expected.byEntity);
  expectGroups(state.byModel, expected.byModel);
  expectGroups(state.byTag, expected.byTag);
  expect(Object.fromEntries(state.unpriced.map((group) => [group.status, group.calls]))).toEqual(expected.unpriced);
}

function expectGroups(rows: readonly GroupTotals[], expected: Record<string, GroupExpectation>): void {
  expect(Object.fromEntries(rows.map((row) => [row.key, row.calls]))).toEqual(
    Object.fromEntries(Object.entries(expected).map(([key, group]) => [key, group.calls])),
  );
  for (const row of rows) expect(row.costUsd, row.key).toBeCloseTo(expected[row.key]!.costUsd, 12);
}
