import type { RowGroups } from './histogram.ts';
import { selectQuantiles } from './select-quantiles.ts';

/**
 * The numbers a reader checks beside a distribution, per group and for all groups together:
 * n, median, quartiles and IQR, p01 and p99 (numpy's linear quantiles). Pure.
 */

export interface Summary {
  /** Rows with a value. */
  readonly n: number;
  /** Rows of the group without a value (NaN). */
  readonly missing: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  /** q3 − q1. */
  readonly iqr: number;
  readonly p01: number;
  readonly p99: number;
}

export interface GroupSummaries {
  /** Every row that belongs to a group. */
  readonly overall: Summary;
  /** Per group, numbered as the groups; NaN statistics for a group without values. */
  readonly groups: readonly Summary[];
}

const PS = [0.01, 0.25, 0.5, 0.75, 0.99];

function toSummary(scratch: Float64Array, missing: number): Summary {
  const [p01, q1, median, q3, p99] = selectQuantiles(scratch, PS) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { n: scratch.length, missing, median, q1, q3, iqr: q3 - q1, p01, p99 };
}

/**
 * Summaries of `values` over `rows`, per group of `groups` (none: one group). Values are
 * gathered group by group into one buffer and each group's quantiles selected in place, so the
 * cost is a few linear passes (no sort).
 *
 * @example
 * const s = summarizeGroups(Float64Array.of(1, 2, 3, 4, NaN), Uint32Array.of(0, 1, 2, 3, 4));
 * s.overall // { n: 4, missing: 1, median: 2.5, q1: 1.75, q3: 3.25, iqr: 1.5, p01: 1.03, p99: 3.97 }
 */
export function summarizeGroups(
  values: Float64Array,
  rows: Uint32Array,
  groups?: RowGroups,
): GroupSummaries {
  const count = groups ? groups.count : 1;
  const finite = new Uint32Array(count);
  const missing = new Uint32Array(count);
  const groupOf = (row: number) => (groups ? groups.groupOfCode[groups.codes[row]!]! : 0);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const g = groupOf(row);
    if (g < 0) continue;
    if (Number.isFinite(values[row]!)) finite[g]!++;
    else missing[g]!++;
  }
  const start = new Uint32Array(count + 1);
  for (let g = 0; g < count; g++) start[g + 1] = start[g]! + finite[g]!;
  const total = start[count]!;
  const all = new Float64Array(total);
  const byGroup = count > 1 ? new Float64Array(total) : all;
  const next = start.slice(0, count);
  let k = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const g = groupOf(row);
    const v = values[row]!;
    if (g < 0 || !Number.isFinite(v)) continue;
    all[k++] = v;
    if (count > 1) byGroup[next[g]!++] = v;
  }
  let missingAll = 0;
  for (const m of missing) missingAll += m;
  const perGroup: Summary[] = [];
  for (let g = 0; g < count; g++) {
    perGroup.push(toSummary(byGroup.subarray(start[g]!, start[g + 1]!), missing[g]!));
  }
  // One group: its summary is the overall one (the buffer is shared and already reordered).
  const overall = count === 1 ? perGroup[0]! : toSummary(all, missingAll);
  return { overall, groups: perGroup };
}
