import type { ServerAnomalies } from '../store/datasets.ts';
import { addAnomalies, NO_ANOMALIES } from './page-checks.ts';
import type { Filter } from './page-request.ts';
import type { PageTaskOptions } from './page-task.ts';
import type { IdRange } from './planner.ts';
import { countRange } from './verify.ts';

/**
 * Repair: when the store holds fewer records than the server counts (records lost behind the
 * app's back, a dataset deleted while a run went on), find where by comparing counts per `_id`
 * range — the server's (one `max_results=1` request per range) against the store's (from its
 * ids) — and return only the ranges that differ, to be fetched again. Ranges are cut at held
 * ids so each holds about the same number of records, and a range that differs is cut again
 * until fetching it whole re-reads at most a page or two of records already held, so a few
 * lost records cost a few pages, not a download.
 */

/** Parts a differing range is cut into per round. */
const FAN_OUT = 8;
/** A range this small (in pages) is fetched rather than counted further. */
const LEAF_PAGES = 2;
/** Count requests at most, per repair; past it, differing ranges are fetched whole. */
const MAX_COUNTS = 1024;
/** Count requests in flight at once. */
const COUNTS_IN_FLIGHT = 4;

export interface RepairInput {
  filter: Filter | null;
  /** Every `_id` held, ascending. */
  heldIds: readonly string[];
  /** The server's count of records with `_id` up to the largest held (already asked). */
  serverCount: number;
  pageSize: number;
  task: PageTaskOptions;
  /** Told after each count request (for progress). */
  onCount?: (done: number) => void;
}

export interface RepairPlan {
  /** The ranges to fetch again, in `_id` order. */
  ranges: IdRange[];
  /** Count requests made. */
  counts: number;
  anomalies: ServerAnomalies;
}

/** A range (lo, hi] with the server's count and the store's. */
interface Span {
  lo: string | null;
  hi: string;
  server: number;
  stored: number;
}

/** Index of the first id in `ids` greater than `id` (ids ascending); 0 for null. */
function above(ids: readonly string[], id: string | null): number {
  if (id === null) return 0;
  let [a, b] = [0, ids.length];
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((ids[m] as string) <= id) a = m + 1;
    else b = m;
  }
  return a;
}

/** Cuts (lo, hi] at held ids into up to FAN_OUT parts of about equal stored counts. */
function cut(ids: readonly string[], span: Span): Array<Omit<Span, 'server'>> {
  const [a, b] = [above(ids, span.lo), above(ids, span.hi)];
  const bounds: Array<string | null> = [span.lo];
  for (let i = 1; i < FAN_OUT; i++) {
    const id = ids[a + Math.floor((i * (b - a)) / FAN_OUT) - 1];
    if (
      id !== undefined &&
      id !== bounds.at(-1) &&
      id < span.hi &&
      (span.lo === null || id > span.lo)
    ) {
      bounds.push(id);
    }
  }
  bounds.push(span.hi);
  return bounds.slice(1).map((hi, i) => {
    const lo = bounds[i] ?? null;
    return { lo, hi: hi as string, stored: above(ids, hi) - above(ids, lo) };
  });
}

/** Runs `fn` over `items`, `limit` at a time, results in order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The `_id` ranges whose server count differs from the stored count, narrowed round by round.
 *
 * @example
 * const { ranges } = await findDifferingRanges({ filter, heldIds, serverCount: 30000, pageSize: 50, task });
 * // e.g. 11 ranges covering the 11,337 records lost, plus a few held ones around them
 */
export async function findDifferingRanges(input: RepairInput): Promise<RepairPlan> {
  const { heldIds: ids, pageSize } = input;
  const maxHeld = ids.at(-1);
  if (maxHeld === undefined) {
    return { ranges: [open(null, null)], counts: 0, anomalies: NO_ANOMALIES };
  }
  let anomalies = NO_ANOMALIES;
  let counts = 0;
  let budget = MAX_COUNTS;
  const fetch: Span[] = [];
  let round: Span[] = [{ lo: null, hi: maxHeld, server: input.serverCount, stored: ids.length }];
  while (round.length > 0) {
    const split: Array<Omit<Span, 'server'>> = [];
    for (const span of round) {
      if (span.server === span.stored) continue;
      const missing = span.server - span.stored;
      // Fetching it whole re-reads at most a couple of pages of records already held.
      const small = span.server <= LEAF_PAGES * pageSize || span.stored <= pageSize;
      if (small || budget < FAN_OUT) {
        // Fewer on the server than held (removed upstream) is nothing a fetch can mend.
        if (missing > 0 || !small) fetch.push(span);
        continue;
      }
      const parts = cut(ids, span);
      if (parts.length < 2) fetch.push(span);
      else {
        budget -= parts.length;
        split.push(...parts);
      }
    }
    const parts = split;
    const answers = await mapLimit(parts, COUNTS_IN_FLIGHT, async (part) => {
      const answer = await countRange(input.filter, part.lo, part.hi, input.task);
      counts++;
      input.onCount?.(counts);
      return answer;
    });
    round = parts.map((part: Omit<Span, 'server'>, i) => {
      const answer = answers[i] as Awaited<ReturnType<typeof countRange>>;
      anomalies = addAnomalies(anomalies, answer.anomalies);
      // A count that contradicts itself can't be compared: fetch the range to be sure.
      return { ...part, server: answer.count ?? Number.POSITIVE_INFINITY };
    });
  }
  fetch.sort((x, y) => (x.hi < y.hi ? -1 : 1));
  return { ranges: fetch.map((s) => open(s.lo, s.hi)), counts, anomalies };
}

function open(lo: string | null, hi: string | null): IdRange {
  return { lo, hi, cursor: null, done: false };
}
