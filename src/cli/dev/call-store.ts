/**
 * The dev receiver's memory: the latest calls (bounded: the oldest are dropped first) and totals
 * per entity, model, tag and unpriced status, which are never dropped. Group tables are bounded
 * too: past `MAX_GROUPS` keys, new keys fold into one `(other)` row, so a run with random entity
 * ids cannot grow memory without end.
 */
import {
  INFRAPRISM_COST_STATUS_VALUE_PRICED,
  INFRAPRISM_COST_STATUS_VALUE_UPPER_BOUND,
} from '../../semconv.js';
import type { CallRecord } from './call-record.js';

/** Default for `--max-calls`: how many of the latest calls are kept one by one. */
export const DEFAULT_MAX_CALLS = 1000;
const MAX_GROUPS = 1000;
const OTHER_GROUP = '(other)';
const NO_GROUP = '(none)';
/** Rows of each table and latest calls sent to the page. */
const SNAPSHOT_ROWS = 50;
const MAX_MODELS_PER_STATUS = 5;
const MAX_REJECTIONS_KEPT = 20;

export interface GroupTotals {
  readonly key: string;
  calls: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  unpricedCalls: number;
}

export interface UnpricedGroup {
  readonly status: string;
  calls: number;
  readonly models: string[];
}

export interface Rejection {
  readonly time: number;
  readonly status: number;
  readonly path: string;
  readonly reason: string;
}

/** What the page renders; plain JSON. */
export interface StoreSnapshot {
  readonly startedAt: number;
  readonly totals: Omit<GroupTotals, 'key'> & { errors: number };
  readonly byEntity: GroupTotals[];
  readonly byModel: GroupTotals[];
  readonly byTag: GroupTotals[];
  readonly unpriced: UnpricedGroup[];
  /** Newest first; `isPriced` so the page needs no list of cost statuses. */
  readonly latest: Array<CallRecord & { readonly isPriced: boolean }>;
  /** Calls no longer kept one by one (still in every total). */
  readonly droppedCalls: number;
  readonly received: {
    traceBatches: number;
    metricBatches: number;
    spans: number;
    otherSpans: number;
    metricPoints: number;
    metricNames: string[];
  };
  readonly rejected: { total: number; byReason: Array<{ reason: string; count: number }>; latest: Rejection[] };
}

/** Whether a cost status means a price was found (the cost may be an upper bound). */
export function isPricedStatus(status: string | undefined): boolean {
  return status === INFRAPRISM_COST_STATUS_VALUE_PRICED || status === INFRAPRISM_COST_STATUS_VALUE_UPPER_BOUND;
}

export class CallStore {
  readonly #maxCalls: number;
  readonly #startedAt = Date.now();
  readonly #latest: CallRecord[] = [];
  #droppedCalls = 0;
  readonly #totals = { calls: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, unpricedCalls: 0, errors: 0 };
  readonly #byEntity = new Map<string, GroupTotals>();
  readonly #byModel = new Map<string, GroupTotals>();
  readonly #byTag = new Map<string, GroupTotals>();
  readonly #unpriced = new Map<string, UnpricedGroup>();
  readonly #received = { traceBatches: 0, metricBatches: 0, spans: 0, otherSpans: 0, metricPoints: 0 };
  readonly #metricNames = new Set<string>();
  readonly #rejectedByReason = new Map<string, number>();
  readonly #rejections: Rejection[] = [];
  #rejected = 0;

  constructor(maxCalls: number = DEFAULT_MAX_CALLS) {
    this.#maxCalls = Math.max(1, Math.floor(maxCalls));
  }

  /** Adds one call to the latest calls and to every total. */
  addCall(call: CallRecord): void {
    this.#latest.push(call);
    if (this.#latest.length > this.#maxCalls) {
      this.#latest.shift();
      this.#droppedCalls++;
    }
    const isUnpriced = !isPricedStatus(call.costStatus);
    addTo(this.#totals, call, isUnpriced);
    if (call.isError) this.#totals.errors++;
    const entity = call.entityId === undefined ? NO_GROUP : `${call.entityType ?? NO_GROUP} ${call.entityId}`;
    addTo(group(this.#byEntity, entity), call, isUnpriced);
    addTo(group(this.#byModel, call.model ?? NO_GROUP), call, isUnpriced);
    for (const [key, value] of Object.entries(call.tags)) addTo(group(this.#byTag, `${key}=${value}`), call, isUnpriced);
    if (isUnpriced) {
      const status = call.costStatus ?? NO_GROUP;
      const unpriced = this.#unpriced.get(status) ?? { status, calls: 0, models: [] };
      this.#unpriced.set(status, unpriced);
      unpriced.calls++;
      const model = call.model ?? NO_GROUP;
      if (unpriced.models.length < MAX_MODELS_PER_STATUS && !unpriced.models.includes(model)) unpriced.models.push(model);
    }
  }

  /** Counts one accepted trace batch: its spans, and those that were not calls. */
  addTraceBatch(spans: number, calls: number): void {
    this.#received.traceBatches++;
    this.#received.spans += spans;
    this.#received.otherSpans += spans - calls;
  }

  addMetricBatch(metricNames: readonly string[], points: number): void {
    this.#received.metricBatches++;
    this.#received.metricPoints += points;
    for (const name of metricNames) if (this.#metricNames.size < MAX_GROUPS) this.#metricNames.add(name);
  }

  addRejection(rejection: Rejection): void {
    this.#rejected++;
    const known = this.#rejectedByReason.get(rejection.reason);
    if (known !== undefined || this.#rejectedByReason.size < MAX_GROUPS) {
      this.#rejectedByReason.set(rejection.reason, (known ?? 0) + 1);
    }
    this.#rejections.push(rejection);
    if (this.#rejections.length > MAX_REJECTIONS_KEPT) this.#rejections.shift();
  }

  snapshot(): StoreSnapshot {
    return {
      startedAt: this.#startedAt,
      totals: { ...this.#totals },
      byEntity: topByCost(this.#byEntity),
      byModel: topByCost(this.#byModel),
      byTag: topByCost(this.#byTag),
      unpriced: [...this.#unpriced.values()].sort((a, b) => b.calls - a.calls).map((u) => ({ ...u, models: [...u.models] })),
      latest: this.#latest
        .slice(-SNAPSHOT_ROWS)
        .reverse()
        .map((call) => ({ ...call, isPriced: isPricedStatus(call.costStatus) })),
      droppedCalls: this.#droppedCalls,
      received: { ...this.#received, metricNames: [...this.#metricNames].sort() },
      rejected: {
        total: this.#rejected,
        byReason: [...this.#rejectedByReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
        latest: [...this.#rejections].reverse(),
      },
    };
  }
}

function group(table: Map<string, GroupTotals>, key: string): GroupTotals {
  const name = table.has(key) || table.size < MAX_GROUPS ? key : OTHER_GROUP;
  let totals = table.get(name);
  if (totals === undefined) {
    totals = { key: name, calls: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, unpricedCalls: 0 };
    table.set(name, totals);
  }
  return totals;
}

function addTo(totals: Omit<GroupTotals, 'key'>, call: CallRecord, isUnpriced: boolean): void {
  totals.calls++;
  totals.costUsd += call.costUsd ?? 0;
  totals.inputTokens += call.inputTokens ?? 0;
  totals.outputTokens += call.outputTokens ?? 0;
  if (isUnpriced) totals.unpricedCalls++;
}

function topByCost(table: ReadonlyMap<string, GroupTotals>): GroupTotals[] {
  return [...table.values()]
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key))
    .slice(0, SNAPSHOT_ROWS)
    .map((row) => ({ ...row }));
}
