import { iqmInfo, iqmsOf } from '../data/iqm-catalog.ts';
import { finiteSorted } from '../frame/quantiles.ts';
import type { IqmComparison } from './comparison.ts';
import { binSorted, histogramDomain } from './crowd-histogram.ts';
import { standingOf, type TestedSide, testedSide } from './scan-stats.ts';

/**
 * Image size and voxel spacing describe the protocol, not its quality, and take a few discrete
 * values: an unusual one is a different protocol, not a bad scan. They get percentiles but
 * never flags, so flags point at quality.
 */
const NOT_FLAGGED: ReadonlySet<string> = new Set(
  [...iqmsOf('T1w'), ...iqmsOf('bold')].filter((i) => i.group === 'geometry').map((i) => i.name),
);

/**
 * @example
 * isFlaggable('cjv') // true
 * isFlaggable('spacing_x') // false
 */
export function isFlaggable(iqm: string): boolean {
  return !NOT_FLAGGED.has(iqm);
}

/**
 * The side(s) of an IQM tested for flags: its worse side, both sides when it has no better
 * side (or is not in the catalogue), none for geometry.
 *
 * @example
 * testedSideOf('T1w', 'cjv') // 'high' (lower is better)
 * testedSideOf('T1w', 'snr_total') // 'low'
 * testedSideOf('T1w', 'size_x') // 'none'
 */
export function testedSideOf(modality: 'T1w' | 'T2w' | 'bold', iqm: string): TestedSide {
  if (!isFlaggable(iqm)) return 'none';
  return testedSide(iqmInfo(modality, iqm)?.direction ?? 'neither');
}

/** Bars per crowd histogram: enough to show shape, few enough to read at 300 px wide. */
export const HISTOGRAM_BINS = 40;

/**
 * One IQM of the user's scans against the crowd rows `rows` of a crowd column (`crowd[i]` =
 * crowd row i, NaN = missing): percentiles, robust z, flags on the `tested` side(s) and the
 * crowd histogram.
 *
 * @example
 * const c = compareIqm('cjv', Float64Array.of(0.3, 0.5, NaN, 0.7), Uint32Array.of(0, 1, 3), Float64Array.of(0.5), 'high');
 * c.standing.percentiles[0] // 50
 */
export function compareIqm(
  iqm: string,
  crowd: Float64Array,
  rows: Uint32Array,
  user: Float64Array,
  tested: TestedSide,
): IqmComparison {
  const sorted = finiteSorted(crowd, rows);
  const standing = standingOf(sorted, user, tested);
  const histogram = binSorted(sorted, histogramDomain(sorted, user), HISTOGRAM_BINS);
  return { iqm, standing, histogram };
}
