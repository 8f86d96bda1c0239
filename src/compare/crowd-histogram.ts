import { computeHistogram } from '../frame/histogram.ts';
import { quantileSorted } from '../frame/quantiles.ts';

/**
 * The crowd's distribution of one IQM as a few dozen bins, computed where the crowd's values
 * are (the worker), so the chart gets ~40 numbers instead of up to a million.
 */

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface CrowdHistogram {
  bins: Bin[];
  /** Crowd values left of / right of the drawn range (the range trims the outer 0.5%). */
  below: number;
  above: number;
}

/**
 * The x range to draw: the crowd's 0.5–99.5th percentiles (a few wild crowd values would
 * otherwise squash everything into one bar), widened to take in every user value so none
 * falls off the chart. Degenerate ranges get a unit width.
 *
 * @example
 * histogramDomain(Float64Array.of(1, 2, 3), Float64Array.of(5)) // [1.01, 5]
 */
export function histogramDomain(sorted: Float64Array, user: Float64Array): [number, number] {
  let lo = sorted.length > 0 ? quantileSorted(sorted, 0.005) : Number.POSITIVE_INFINITY;
  let hi = sorted.length > 0 ? quantileSorted(sorted, 0.995) : Number.NEGATIVE_INFINITY;
  for (const v of user) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/**
 * Counts sorted values into `count` equal-width bins over `[lo, hi]` (the last bin includes
 * hi), with the charts' binning (values on an edge go where the edges say); values outside are
 * counted in `below` / `above`.
 *
 * @example
 * binSorted(Float64Array.of(0, 1, 1, 2, 9), [0, 2], 2)
 * // { bins: [{ x0: 0, x1: 1, count: 1 }, { x0: 1, x1: 2, count: 3 }], below: 0, above: 1 }
 */
export function binSorted(
  sorted: Float64Array,
  domain: readonly [number, number],
  count: number,
): CrowdHistogram {
  const { edges, counts, below, above } = computeHistogram(sorted, null, {
    scale: 'linear',
    domain,
    bins: count,
  });
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({
    x0: edges[i]!,
    x1: edges[i + 1]!,
    count: counts[i]!,
  }));
  return { bins, below: below[0]!, above: above[0]! };
}
