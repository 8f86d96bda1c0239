/**
 * Histogram binning over a Float64Array column and a row selection, with per-group counts, so
 * a chart of 1M records gets a few hundred bin counts instead of 1M points. Pure.
 */

import type { Codes } from './column.ts';

export type BinScale = 'linear' | 'log';

/** Row → group: group `groupOfCode[codes[row]]`; -1 leaves the row out. */
export interface RowGroups {
  readonly codes: Codes;
  readonly groupOfCode: Int32Array;
  readonly count: number;
}

export interface HistogramOptions {
  readonly scale: BinScale;
  /** The drawn range [lo, hi], both included; values outside are counted, not binned. */
  readonly domain: readonly [number, number];
  readonly bins: number;
  readonly groups?: RowGroups;
}

export interface Histogram {
  readonly scale: BinScale;
  /** `bins + 1` edges, ascending. Bin i holds [edges[i], edges[i+1]); the last also holds hi. */
  readonly edges: Float64Array;
  readonly groupCount: number;
  /** counts[g * bins + i]: rows of group g in bin i. */
  readonly counts: Uint32Array;
  /** Per group: values below lo, above hi, missing (NaN), and ≤ 0 on a log scale. */
  readonly below: Uint32Array;
  readonly above: Uint32Array;
  readonly missing: Uint32Array;
  readonly nonPositive: Uint32Array;
}

/**
 * `bins + 1` edges evenly spaced over [lo, hi] (in log10 space for `log`). A zero-width range
 * is widened around its value so one bin can still be drawn.
 *
 * @example
 * binEdges('linear', [0, 4], 4) // [0, 1, 2, 3, 4]
 * binEdges('log', [1, 100], 2) // [1, 10, 100]
 */
export function binEdges(scale: BinScale, domain: readonly [number, number], bins: number) {
  let [lo, hi] = domain;
  if (lo === hi) {
    const pad = scale === 'log' ? lo * 0.1 : Math.abs(lo) * 0.05 || 0.5;
    lo -= pad;
    hi += pad;
  }
  const edges = new Float64Array(bins + 1);
  if (scale === 'log') {
    const a = Math.log10(lo);
    const step = (Math.log10(hi) - a) / bins;
    for (let i = 0; i <= bins; i++) edges[i] = 10 ** (a + i * step);
  } else {
    const step = (hi - lo) / bins;
    for (let i = 0; i <= bins; i++) edges[i] = lo + i * step;
  }
  // The ends are the domain exactly, so a value equal to lo or hi is never "outside".
  edges[0] = lo;
  edges[bins] = hi;
  return edges;
}

/**
 * Counts the values of `rows` per bin and group. NaN is counted as missing; on a log scale
 * values ≤ 0 are counted apart (they have no place on the axis); values outside the domain
 * are counted below / above. A value on an inner edge goes to the bin that edge starts.
 *
 * @example
 * const h = computeHistogram(Float64Array.of(0, 1, 2, 4, NaN, 9), Uint32Array.of(0, 1, 2, 3, 4, 5),
 *   { scale: 'linear', domain: [0, 4], bins: 2 });
 * h.counts // [2, 2]; h.missing // [1]; h.above // [1]
 */
export function computeHistogram(
  values: Float64Array,
  /** The rows to count; absent: every value. */
  rows: Uint32Array | null,
  options: HistogramOptions,
): Histogram {
  const { scale, bins, groups } = options;
  const edges = binEdges(scale, options.domain, bins);
  const groupCount = groups ? groups.count : 1;
  const counts = new Uint32Array(groupCount * bins);
  const below = new Uint32Array(groupCount);
  const above = new Uint32Array(groupCount);
  const missing = new Uint32Array(groupCount);
  const nonPositive = new Uint32Array(groupCount);
  const log = scale === 'log';
  if (log && !(options.domain[0] > 0)) throw new RangeError('a log scale needs a domain above 0');
  const lo = edges[0]!;
  const hi = edges[bins]!;
  const start = log ? Math.log10(lo) : lo;
  const width = ((log ? Math.log10(hi) : hi) - start) / bins;
  const n = rows ? rows.length : values.length;
  for (let r = 0; r < n; r++) {
    const row = rows ? rows[r]! : r;
    const g = groups ? groups.groupOfCode[groups.codes[row]!]! : 0;
    if (g < 0) continue;
    const v = values[row]!;
    if (Number.isNaN(v)) missing[g]!++;
    else if (log && v <= 0) nonPositive[g]!++;
    else if (v < lo) below[g]!++;
    else if (v > hi) above[g]!++;
    else {
      let bin = Math.floor(((log ? Math.log10(v) : v) - start) / width);
      // Rounding in the division may land a value on an edge one bin off; the edges decide.
      if (bin >= bins) bin = bins - 1;
      else if (bin < 0) bin = 0;
      if (v < edges[bin]!) bin--;
      else if (bin + 1 < bins && v >= edges[bin + 1]!) bin++;
      counts[g * bins + bin]!++;
    }
  }
  return { scale, edges, groupCount, counts, below, above, missing, nonPositive };
}

/**
 * Whether a metric reads better on a log axis: every shown value positive and the shown range
 * spanning at least two decades (p99 / p01 ≥ 100).
 *
 * @example
 * suggestLogScale(0.5, 400) // true
 * suggestLogScale(0, 400) // false: zero has no place on a log axis
 */
export function suggestLogScale(p01: number, p99: number): boolean {
  return p01 > 0 && Number.isFinite(p99) && p99 / p01 >= 100;
}
