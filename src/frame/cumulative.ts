/**
 * Records in the database over time (the MRIQC Web API paper's Fig. 3A): cumulative counts of
 * all uploads and of unique scans by upload date, bucketed by day or month. Pure.
 */

import { NO_SECONDS } from './text-rows.ts';

export type TimeBucket = 'day' | 'month';

/**
 * Upload times per frame row: epoch ms (NaN = none), or whole seconds ({@link NO_SECONDS} =
 * none) as a compacted dataset holds them, counted without widening a million to ms.
 */
export type UploadTimes = Float64Array | { readonly seconds: Uint32Array };

export interface CumulativeCounts {
  readonly bucket: TimeBucket;
  /** Start of each bucket, epoch ms (UTC midnight; the 1st of the month for months). */
  readonly starts: Float64Array;
  /** Per bucket: rows uploaded up to the end of that bucket. */
  readonly total: Float64Array;
  /** Per bucket: rows the dedup keeps (unique scans), uploaded up to the end of that bucket. */
  readonly unique: Float64Array;
  /** Rows without a readable upload date: in no bucket. */
  readonly undated: number;
  readonly undatedUnique: number;
}

const DAY_MS = 86_400_000;
/** Spans longer than this are drawn by month: daily steps would be invisible anyway. */
const MAX_DAILY_SPAN = 731;

function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Per-day tallies folded into calendar months (UTC). */
function toMonths(firstDay: number, perDay: Uint32Array, perDayKept: Uint32Array) {
  const first = monthIndex(firstDay * DAY_MS);
  const months = monthIndex((firstDay + perDay.length - 1) * DAY_MS) - first + 1;
  const total = new Uint32Array(months);
  const kept = new Uint32Array(months);
  for (let d = 0; d < perDay.length; d++) {
    if (perDay[d] === 0) continue;
    const m = monthIndex((firstDay + d) * DAY_MS) - first;
    total[m]! += perDay[d]!;
    kept[m]! += perDayKept[d]!;
  }
  const starts = new Float64Array(months);
  for (let m = 0; m < months; m++) {
    const at = first + m;
    starts[m] = Date.UTC(Math.floor(at / 12), at % 12, 1);
  }
  return { starts, total, kept };
}

function runningSum(counts: Uint32Array): Float64Array {
  const out = new Float64Array(counts.length);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i]!;
    out[i] = sum;
  }
  return out;
}

/**
 * Cumulative counts of `rows` by upload time `times` (per frame row, see {@link UploadTimes}),
 * for all rows and for those with `isKept[row] === 1`. `auto` buckets by day when the dates span
 * at most two years, by month beyond. Every day (or month) between the first and the last
 * upload has a bucket, so the line steps only where uploads happened.
 *
 * @example
 * const jan1 = Date.UTC(2020, 0, 1);
 * const c = cumulativeCounts(Float64Array.of(jan1, jan1 + 2 * 86_400_000, NaN), Uint32Array.of(0, 1, 2),
 *   Uint8Array.of(1, 0, 1), 'day');
 * c.total // [1, 1, 2]; c.unique // [1, 1, 1]; c.undated // 1
 */
export function cumulativeCounts(
  times: UploadTimes,
  rows: Uint32Array,
  isKept: Uint8Array,
  bucket: TimeBucket | 'auto' = 'auto',
): CumulativeCounts {
  const inSeconds = !(times instanceof Float64Array);
  const values = inSeconds ? times.seconds : times;
  const unitsPerDay = inSeconds ? DAY_MS / 1000 : DAY_MS;
  // A day number, or NaN for a row with no date.
  const dayOf = (t: number) =>
    inSeconds
      ? t === NO_SECONDS
        ? Number.NaN
        : Math.floor(t / unitsPerDay)
      : Math.floor(t / unitsPerDay);
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  let undated = 0;
  let undatedUnique = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const day = dayOf(values[row]!);
    if (!Number.isFinite(day)) {
      undated++;
      undatedUnique += isKept[row]!;
      continue;
    }
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  }
  const days = firstDay <= lastDay ? lastDay - firstDay + 1 : 0;
  const perDay = new Uint32Array(days);
  const perDayKept = new Uint32Array(days);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const day = dayOf(values[row]!);
    if (!Number.isFinite(day)) continue;
    const d = day - firstDay;
    perDay[d]!++;
    perDayKept[d]! += isKept[row]!;
  }
  const chosen = bucket === 'auto' ? (days > MAX_DAILY_SPAN ? 'month' : 'day') : bucket;
  if (chosen === 'month' && days > 0) {
    const { starts, total, kept } = toMonths(firstDay, perDay, perDayKept);
    return {
      bucket: chosen,
      starts,
      total: runningSum(total),
      unique: runningSum(kept),
      undated,
      undatedUnique,
    };
  }
  const starts = new Float64Array(days);
  for (let d = 0; d < days; d++) starts[d] = (firstDay + d) * DAY_MS;
  return {
    bucket: chosen,
    starts,
    total: runningSum(perDay),
    unique: runningSum(perDayKept),
    undated,
    undatedUnique,
  };
}
