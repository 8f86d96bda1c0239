import type { ServerAnomalies } from '../store/datasets.ts';
import { PlanMismatchError } from './errors.ts';
import { idDistance, midpointId, splitIdSpace } from './id-space.ts';
import { type AskedBounds, addAnomalies, hasAnomalies, screenPage } from './page-checks.ts';
import type { ApiItem, Filter, PageMeta, PageRequest } from './page-request.ts';
import { addPage, countPages, firstPendingPage, type PageSpans } from './page-spans.ts';

/**
 * Download plans, as pure functions over small serialisable state (the job's resume state).
 *
 * - `pages`: pages 1..ceil(T/M) of `sort=_id`, M being the server's page size from
 *   `_meta.max_results`. Done pages are kept as spans.
 * - `keyset`: the `_id` space between the first and last id cut into ranges (lo, hi], each read
 *   in order with `where {_id: {$gt: cursor, $lte: hi}}&sort=_id`; deep pages never happen.
 *   A range ends on a page shorter than the server's page size. Busy ranges are split when a
 *   request slot would otherwise idle, so uneven upload bursts don't serialise the end.
 * - Both end with the tail: `_id` > the largest id held, which fetches what was uploaded
 *   during the run; a refresh plan is the tail alone.
 */

export const PLAN_VERSION = 1;
/** Splitting stops here, bounding the resume state. */
export const MAX_RANGES = 256;

/** Ids in (lo, hi]; null lo = from the start, null hi = to the end. `cursor` = last id read. */
export interface IdRange {
  lo: string | null;
  hi: string | null;
  cursor: string | null;
  done: boolean;
  /**
   * What the last page's `_meta.total` said remains in (after, hi]: the next page asked with
   * those bounds must count exactly that (a total that jumps is a fault, see page-checks.ts).
   */
  left?: { after: string; hi: string | null; total: number };
}

export interface PlanState {
  v: typeof PLAN_VERSION;
  kind: 'pages' | 'keyset';
  /** The server's page size (M), from `_meta.max_results`. */
  pageSize: number;
  /** Best known number of records the query matches. */
  total: number;
  /** pages: planned page count ceil(T/M); keyset: 0. */
  pageCount: number;
  donePages: PageSpans;
  ranges: IdRange[];
  tail: IdRange | null;
  /** What the server's answers got wrong so far (absent: nothing, or a plan from before). */
  anomalies?: ServerAnomalies;
  /** The ranges re-read records found missing from the store (a repair), not a first download. */
  repair?: boolean;
}

export type PlanTask =
  | { type: 'page'; page: number }
  | { type: 'range'; range: number }
  | { type: 'tail' };

/** A stable string per task, for the engine's set of tasks in flight. */
export function taskKey(task: PlanTask): string {
  if (task.type === 'page') return `p${task.page}`;
  return task.type === 'range' ? `r${task.range}` : 'tail';
}

function open(lo: string | null, hi: string | null): IdRange {
  return { lo, hi, cursor: null, done: false };
}

function basePlan(kind: PlanState['kind'], pageSize: number, total: number): PlanState {
  return {
    v: PLAN_VERSION,
    kind,
    pageSize,
    total,
    pageCount: 0,
    donePages: [],
    ranges: [],
    tail: null,
  };
}

/**
 * Pages 1..ceil(T/M). M must be the server's `_meta.max_results`, never the size asked for.
 *
 * @example
 * createPagePlan({ total: 101, pageSize: 50 }).pageCount // 3
 */
export function createPagePlan(p: { total: number; pageSize: number }): PlanState {
  return { ...basePlan('pages', p.pageSize, p.total), pageCount: Math.ceil(p.total / p.pageSize) };
}

/**
 * `partitions` ranges over [firstId, lastId] (from `sort=_id&max_results=1` and
 * `sort=-_id&max_results=1`): (null, b1], (b1, b2], …, (b(k-1), lastId]. Together they cover
 * every id <= lastId exactly once; ids above lastId are the tail's.
 */
export function createKeysetPlan(p: {
  total: number;
  pageSize: number;
  firstId: string | null;
  lastId: string | null;
  partitions: number;
}): PlanState {
  const plan = basePlan('keyset', p.pageSize, p.total);
  if (p.firstId === null || p.lastId === null || p.total === 0) return plan;
  const cuts = splitIdSpace(p.firstId, p.lastId, p.partitions);
  const bounds = [null, ...cuts, p.lastId];
  plan.ranges = cuts.concat(p.lastId).map((hi, i) => open(bounds[i] ?? null, hi));
  return plan;
}

/** Only what is new: `_id` greater than the largest id held. */
export function createRefreshPlan(p: {
  pageSize: number;
  maxId: string | null;
  stored: number;
}): PlanState {
  return { ...basePlan('keyset', p.pageSize, p.stored), tail: open(p.maxId, null) };
}

/** How many partitions a keyset plan starts with: two per request slot, at most one per page. */
export function defaultPartitions(total: number, pageSize: number, ceiling: number): number {
  return Math.max(1, Math.min(2 * ceiling, Math.ceil(total / pageSize)));
}

/** Every planned page or range is done (the tail may still be open or not yet started). */
export function isMainDone(plan: PlanState): boolean {
  if (plan.kind === 'pages') return countPages(plan.donePages) >= plan.pageCount;
  return plan.ranges.every((r) => r.done);
}

export function isComplete(plan: PlanState): boolean {
  return isMainDone(plan) && plan.tail?.done === true;
}

/** Once the planned part is done, opens the tail above the largest id held. */
export function startTail(plan: PlanState, maxIdHeld: string | null): PlanState {
  if (plan.tail !== null || !isMainDone(plan)) return plan;
  return { ...plan, tail: open(maxIdHeld, null) };
}

/** The next task not done and not in flight: planned work first, then the tail. */
export function nextTask(plan: PlanState, busy: ReadonlySet<string>): PlanTask | null {
  if (plan.kind === 'pages') {
    const page = firstPendingPage(plan.donePages, plan.pageCount, (p) => busy.has(`p${p}`));
    if (page !== null) return { type: 'page', page };
  } else {
    const range = plan.ranges.findIndex((r, i) => !r.done && !busy.has(`r${i}`));
    if (range >= 0) return { type: 'range', range };
  }
  const tail = plan.tail;
  return tail && !tail.done && !busy.has('tail') && isMainDone(plan) ? { type: 'tail' } : null;
}

function rangeOf(plan: PlanState, task: PlanTask): IdRange | undefined {
  return task.type === 'tail'
    ? (plan.tail ?? undefined)
    : plan.ranges[(task as { range: number }).range];
}

/**
 * `where` for ids in (after, hi] within the user's filter.
 *
 * @example
 * rangeWhere({ 'provenance.version': '23.1.0' }, 'a…', null)
 * // { $and: [{ 'provenance.version': '23.1.0' }, { _id: { $gt: 'a…' } }] }
 */
export function rangeWhere(filter: Filter | null, after: string | null, hi: string | null) {
  const id: Record<string, string> = {};
  if (after !== null) id.$gt = after;
  if (hi !== null) id.$lte = hi;
  const hasFilter = filter !== null && Object.keys(filter).length > 0;
  if (Object.keys(id).length === 0) return hasFilter ? filter : null;
  return hasFilter ? { $and: [filter, { _id: id }] } : { _id: id };
}

/** The request for a task. Eve turns the 24-hex strings in `where` into ObjectIds. */
export function taskRequest(plan: PlanState, task: PlanTask, filter: Filter | null): PageRequest {
  const base = { sort: '_id' as const, maxResults: plan.pageSize };
  if (task.type === 'page') return { ...base, where: filter, page: task.page };
  const range = rangeOf(plan, task);
  if (!range) throw new PlanMismatchError(`no such range: ${taskKey(task)}`);
  return { ...base, where: rangeWhere(filter, range.cursor ?? range.lo, range.hi), page: 1 };
}

export interface TaskResult {
  items: ReadonlyArray<Pick<ApiItem, '_id'>>;
  meta: PageMeta;
  /** Records held before this page: the tail's `_meta.total` counts only what is left. */
  held: number;
  /** Records the page carried for the task, repeats included (default: `items.length`). */
  served?: number;
  /** `_meta.total` when believable, null when not (default: `meta.total`). */
  total?: number | null;
}

function applyPageResult(
  plan: PlanState,
  page: number,
  meta: PageMeta,
  total: number | null,
): PlanState {
  if (meta.maxResults !== plan.pageSize) {
    throw new PlanMismatchError(
      `The server's page size changed from ${plan.pageSize} to ${meta.maxResults} during the ` +
        'download, so the planned pages no longer line up. Start the download again; records ' +
        'already saved are kept.',
    );
  }
  const donePages = addPage(plan.donePages, page);
  return { ...plan, total: Math.max(plan.total, total ?? 0), donePages };
}

/** Moves a range's cursor past a page of it; a short page, or one reaching hi, ends it. */
function advanceRange(
  range: IdRange,
  items: TaskResult['items'],
  meta: PageMeta,
  served: number,
): IdRange {
  if (range.done) return range;
  const lastId = items.at(-1)?._id;
  const from = range.cursor ?? range.lo;
  const stuck = lastId === undefined && served > 0 && served >= meta.maxResults;
  if (stuck || (lastId !== undefined && from !== null && lastId <= from)) {
    // Would loop forever: the server ignored `_id > cursor` or the sort.
    throw new PlanMismatchError(
      `The server returned ids at or below ${from} when asked for ids above it.`,
    );
  }
  const short = served === 0 || served < meta.maxResults;
  const pastHi = lastId !== undefined && range.hi !== null && lastId >= range.hi;
  const { left: _, ...rest } = range;
  return { ...rest, cursor: lastId ?? range.cursor, done: short || pastHi };
}

/** The plan after a task's page arrived. Throws PlanMismatchError when that is impossible. */
export function applyResult(plan: PlanState, task: PlanTask, result: TaskResult): PlanState {
  const { items, meta, held } = result;
  const served = result.served ?? items.length;
  const total = result.total === undefined ? meta.total : result.total;
  if (task.type === 'page') return applyPageResult(plan, task.page, meta, total);
  if (task.type === 'tail') {
    if (!plan.tail) throw new PlanMismatchError('no tail to apply a page to');
    const grown = total === null ? plan.total : Math.max(plan.total, held + total);
    return { ...plan, total: grown, tail: advanceRange(plan.tail, items, meta, served) };
  }
  const range = plan.ranges[task.range];
  if (!range) throw new PlanMismatchError(`no such range: ${task.range}`);
  const ranges = plan.ranges.slice();
  ranges[task.range] = advanceRange(range, items, meta, served);
  return { ...plan, ranges };
}

/**
 * The `_id` bounds of a task's request as the plan stands now (captured when the request
 * starts: a split while it is in flight changes the range, not what was asked).
 */
export function askedBounds(plan: PlanState, task: PlanTask): AskedBounds {
  const range = task.type === 'page' ? undefined : rangeOf(plan, task);
  if (!range) return { from: null, hi: null, paged: true };
  const from = range.cursor ?? range.lo;
  const left = range.left;
  const same =
    !!left && left.after === from && left.hi === range.hi && Number.isSafeInteger(left.total);
  return { from, hi: range.hi, ...(same ? { expectedTotal: left.total } : {}) };
}

/**
 * A page applied to the plan after screening it (page-checks.ts): the records to store, and
 * the plan with the page's anomalies counted and, for a range that goes on, what it has left.
 */
export function acceptPage<T extends Pick<ApiItem, '_id'>>(
  plan: PlanState,
  task: PlanTask,
  page: { items: readonly T[]; meta: PageMeta },
  asked: AskedBounds,
  held: number,
): { plan: PlanState; items: T[] } {
  // Screened whole (its count is of the request as asked), then cut to the task: a range
  // split while the request was in flight keeps only ids up to its new upper bound.
  const screened = screenPage(page.items, page.meta, asked);
  const items = itemsForTask(plan, task, screened.items);
  const served = itemsForTask(plan, task, page.items).length;
  const { total } = screened;
  let next = applyResult(plan, task, { items, meta: page.meta, held, served, total });
  const range = task.type === 'page' ? undefined : rangeOf(next, task);
  if (range && !range.done && range.cursor !== null && total !== null) {
    const left = { after: range.cursor, hi: asked.hi, total: total - served };
    next = withRange(next, task, { ...range, left });
  }
  const anomalies = addAnomalies(plan.anomalies, screened.anomalies);
  return { plan: hasAnomalies(anomalies) ? { ...next, anomalies } : next, items: [...items] };
}

function withRange(plan: PlanState, task: PlanTask, range: IdRange): PlanState {
  if (task.type === 'tail') return { ...plan, tail: range };
  if (task.type === 'page') return plan;
  const ranges = plan.ranges.slice();
  ranges[task.range] = range;
  return { ...plan, ranges };
}

/**
 * The part of a page that belongs to its task. A range split while its request was in flight
 * gets ids above its new upper bound: those belong to the split-off range, which reads them
 * itself, so they are dropped here rather than stored twice.
 */
export function itemsForTask<T extends Pick<ApiItem, '_id'>>(
  plan: PlanState,
  task: PlanTask,
  items: readonly T[],
): readonly T[] {
  const hi = task.type === 'range' ? plan.ranges[task.range]?.hi : null;
  if (hi === null || hi === undefined || (items.at(-1)?._id ?? '') <= hi) return items;
  return items.filter((item) => item._id <= hi);
}

/**
 * Splits the busy range with the most id space left at its midpoint, the upper half becoming
 * a new range, so that an idle request slot has work. The busy request keeps its old upper
 * bound; if its page reaches past the new one, its range ends there and `itemsForTask` drops
 * the records above it (the new range reads them).
 */
export function splitBusyRange(plan: PlanState, busy: ReadonlySet<string>): PlanState {
  if (plan.kind !== 'keyset' || plan.ranges.length >= MAX_RANGES) return plan;
  let best = -1;
  let bestSpan = 0n;
  plan.ranges.forEach((r, i) => {
    // Only a range whose last page was full (cursor set, not done) surely has more to read;
    // splitting fresh ranges too would shred the last sparse stretch into empty requests.
    if (r.done || !busy.has(`r${i}`) || r.cursor === null || r.hi === null) return;
    const span = idDistance(r.cursor, r.hi);
    if (span > bestSpan) [best, bestSpan] = [i, span];
  });
  const range = plan.ranges[best];
  const mid = range && midpointId(range.cursor as string, range.hi as string);
  if (!range || !mid) return plan;
  const ranges = plan.ranges.slice();
  ranges[best] = { ...range, hi: mid };
  ranges.push(open(mid, range.hi));
  return { ...plan, ranges };
}

/**
 * Pages this job fetches in all, for progress: the pages done plus those the records still to
 * read need. Counting the whole total instead made a run over a dataset already held (Download
 * pressed again: one page of new records) claim the pages of a full download.
 */
export function plannedPages(
  plan: PlanState,
  done: { pages: number; held: number; total: number },
): number {
  if (plan.kind === 'pages') return Math.max(plan.pageCount, done.pages);
  return done.pages + Math.ceil(Math.max(0, done.total - done.held) / plan.pageSize);
}

const isId = (v: unknown) => v === null || (typeof v === 'string' && /^[0-9a-f]{24}$/.test(v));
const isRange = (r: unknown): r is IdRange => {
  const x = r as IdRange | null;
  return !!x && isId(x.lo) && isId(x.hi) && isId(x.cursor) && typeof x.done === 'boolean';
};
const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
const isAnomalies = (a: unknown) => {
  const x = a as ServerAnomalies | null;
  return !!x && [x.duplicates, x.countMismatches, x.implausibleTotals].every(isCount);
};
const isSpan = (s: unknown) =>
  Array.isArray(s) && s.length === 2 && s.every(Number.isInteger) && s[0] <= s[1];

/**
 * A persisted plan if it is one this version can resume (a job written by another app
 * version, or damaged, yields null: start afresh, the store drops records already held).
 */
export function parsePlanState(value: unknown): PlanState | null {
  const p = value as PlanState | null;
  const ok =
    !!p &&
    p.v === PLAN_VERSION &&
    (p.kind === 'pages' || p.kind === 'keyset') &&
    [p.pageSize, p.total, p.pageCount].every((n) => Number.isInteger(n) && n >= 0) &&
    p.pageSize > 0 &&
    Array.isArray(p.donePages) &&
    p.donePages.every(isSpan) &&
    Array.isArray(p.ranges) &&
    p.ranges.every(isRange) &&
    (p.tail === null || isRange(p.tail)) &&
    (p.anomalies === undefined || isAnomalies(p.anomalies));
  return ok ? p : null;
}
