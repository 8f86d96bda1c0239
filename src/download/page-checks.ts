import type { ServerAnomalies } from '../store/datasets.ts';
import type { ApiItem, PageMeta } from './page-request.ts';

/**
 * Checks each answer against itself and against the answer before it, so that a server whose
 * totals don't add up is caught and said plainly instead of being believed: a `total:120`
 * with no records, a count that jumps between answers, records served twice.
 */

/**
 * More records than any MRIQC collection could hold (the whole public API held ~1.5M in
 * 2024): such a count is a fault, never shown as a total.
 */
export const MAX_PLAUSIBLE_TOTAL = 100_000_000;

/**
 * For requests with no upper `_id` bound (the probe, the tail), `_meta.total` and the records
 * come from two queries, so an upload between them may shift the count by a few
 * (reference/eve-api.md, note 10). Bounded ranges hold only past uploads: they must agree exactly.
 */
export const UNBOUNDED_SLACK = 10;

export const NO_ANOMALIES: ServerAnomalies = Object.freeze({
  duplicates: 0,
  countMismatches: 0,
  example: null,
  implausibleTotals: 0,
});

/** Whether anything at all went wrong. */
export function hasAnomalies(a: ServerAnomalies | undefined): a is ServerAnomalies {
  return !!a && a.duplicates + a.countMismatches + a.implausibleTotals > 0;
}

/** The counts of `a` and `b` added (the first example kept). */
export function addAnomalies(
  a: ServerAnomalies | undefined,
  b: ServerAnomalies | undefined,
): ServerAnomalies {
  const [x, y] = [a ?? NO_ANOMALIES, b ?? NO_ANOMALIES];
  return {
    duplicates: x.duplicates + y.duplicates,
    countMismatches: x.countMismatches + y.countMismatches,
    example: x.example ?? y.example,
    implausibleTotals: x.implausibleTotals + y.implausibleTotals,
  };
}

/** The `_id` bounds a request asked for: ids in (from, hi]; null = unbounded. */
export interface AskedBounds {
  from: string | null;
  hi: string | null;
  /** What the previous page of the same range left to read, when it was asked with these bounds. */
  expectedTotal?: number;
  /** Page-number requests: `_meta.total` is the whole query's, not this page's (not compared). */
  paged?: boolean;
}

export interface ScreenedPage<T> {
  /** The records to keep: above the request's lower bound, each once. */
  items: T[];
  /** `_meta.total` if it is believable, else null (it must not drive totals or progress). */
  total: number | null;
  anomalies: ServerAnomalies;
}

/**
 * Screens one answer to a request for ids in (from, hi] sorted by `_id` (page 1).
 *
 * @example
 * screenPage([], { page: 1, maxResults: 50, total: 120 }, { from: null, hi: null })
 * // { items: [], total: null, anomalies: { countMismatches: 1, example: { total: 120, served: 0 }, … } }
 */
export function screenPage<T extends Pick<ApiItem, '_id'>>(
  items: readonly T[],
  meta: PageMeta,
  asked: AskedBounds,
): ScreenedPage<T> {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const item of items) {
    // At or below the lower bound: served already (an earlier page, or another range's).
    if ((asked.from !== null && item._id <= asked.from) || seen.has(item._id)) continue;
    seen.add(item._id);
    kept.push(item);
  }
  const duplicates = items.length - kept.length;
  const total = meta.total;
  if (!Number.isSafeInteger(total) || total > MAX_PLAUSIBLE_TOTAL) {
    return {
      items: kept,
      total: null,
      anomalies: { ...NO_ANOMALIES, duplicates, implausibleTotals: 1 },
    };
  }
  const served = items.length;
  const mismatch = !asked.paged && countDisagrees(total, served, meta.maxResults, asked);
  const anomalies: ServerAnomalies = mismatch
    ? { ...NO_ANOMALIES, duplicates, countMismatches: 1, example: { total, served } }
    : { ...NO_ANOMALIES, duplicates };
  return { items: kept, total: mismatch ? null : total, anomalies };
}

function countDisagrees(total: number, served: number, pageSize: number, asked: AskedBounds) {
  const slack = asked.hi === null ? UNBOUNDED_SLACK : 0;
  const off = (expected: number) => Math.abs(total - expected) > slack;
  if (asked.expectedTotal !== undefined && off(asked.expectedTotal)) return true;
  // A short page is the last: it carries every record the count says remain.
  if (served < pageSize) return off(served);
  return total + slack < served;
}
