import type { Direction } from '../data/iqm-catalog.ts';
import { madOfSorted, percentileRank, quantileSorted, robustZ } from '../frame/quantiles.ts';

/**
 * One scan's value of one IQM against the crowd: percentile rank, robust z-score, and whether
 * it is unusual. Pure and over sorted typed arrays, so the worker runs it over 1M crowd rows.
 */

/** The crowd's distribution of one IQM, reduced to what the comparison needs. */
export interface CrowdSummary {
  /** Crowd values with a number (missing left out). */
  n: number;
  median: number;
  /** Median absolute deviation (unscaled). */
  mad: number;
  /** 1st and 99th percentiles (linear interpolation, numpy's default). */
  p01: number;
  p99: number;
}

/** Bit flags: why a value is unusual. */
export const FLAG_BELOW_P01 = 1;
export const FLAG_ABOVE_P99 = 2;
export const FLAG_FAR_Z = 4;

/** |robust z| beyond this is flagged (3 robust SDs from the crowd median). */
export const Z_LIMIT = 3;

/**
 * @example
 * summarizeCrowd(Float64Array.of(1, 2, 3, 4, 100)) // { n: 5, median: 3, mad: 1, p01: 1.04, p99: 96.16 }
 */
export function summarizeCrowd(sorted: Float64Array): CrowdSummary {
  const median = quantileSorted(sorted, 0.5);
  return {
    n: sorted.length,
    median,
    mad: madOfSorted(sorted, median),
    p01: quantileSorted(sorted, 0.01),
    p99: quantileSorted(sorted, 0.99),
  };
}

/**
 * Which flags a value raises: outside the crowd's p01–p99, or more than 3 robust z from the
 * median. 0 = not unusual (and for a missing value, or an empty crowd).
 *
 * @example
 * flagsOf(200, 133, { n: 5, median: 3, mad: 1, p01: 1.04, p99: 96.16 }) // FLAG_ABOVE_P99 | FLAG_FAR_Z
 */
export function flagsOf(x: number, z: number, crowd: CrowdSummary): number {
  if (!Number.isFinite(x) || crowd.n === 0) return 0;
  let flags = 0;
  if (x < crowd.p01) flags |= FLAG_BELOW_P01;
  if (x > crowd.p99) flags |= FLAG_ABOVE_P99;
  if (Math.abs(z) > Z_LIMIT) flags |= FLAG_FAR_Z;
  return flags;
}

/** Every scan's standing on one IQM. Arrays are per scan, in the file's order. */
export interface IqmStanding {
  crowd: CrowdSummary;
  /** 0–100 (scipy percentileofscore kind='mean'); NaN when the scan has no value. */
  percentiles: Float64Array;
  /** Robust z; NaN when missing or the crowd has no spread. */
  z: Float64Array;
  /** FLAG_* bits per scan. */
  flags: Uint8Array;
}

/**
 * @example
 * const s = standingOf(Float64Array.of(1, 2, 3, 4), Float64Array.of(2, NaN));
 * s.percentiles // Float64Array [37.5, NaN]
 */
export function standingOf(
  sortedCrowd: Float64Array,
  values: Float64Array,
  options: { flag: boolean } = { flag: true },
): IqmStanding {
  const crowd = summarizeCrowd(sortedCrowd);
  const n = values.length;
  const percentiles = new Float64Array(n);
  const z = new Float64Array(n);
  const flags = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const x = values[s]!;
    percentiles[s] = percentileRank(sortedCrowd, x);
    z[s] = robustZ(x, crowd);
    flags[s] = options.flag ? flagsOf(x, z[s]!, crowd) : 0;
  }
  return { crowd, percentiles, z, flags };
}

/**
 * How a percentile reads for an IQM with a known good direction: `good` or `poor` in the
 * outer 10% on either side, `typical` between; `neutral` when the IQM has no better side.
 *
 * @example
 * verdictOf(95, 'lower-better') // 'poor'
 * verdictOf(95, 'higher-better') // 'good'
 * verdictOf(95, 'neither') // 'neutral'
 */
export function verdictOf(
  percentile: number,
  direction: Direction,
): 'good' | 'poor' | 'typical' | 'neutral' | 'missing' {
  if (Number.isNaN(percentile)) return 'missing';
  if (direction === 'neither') return 'neutral';
  const better = direction === 'higher-better' ? percentile : 100 - percentile;
  if (better >= 90) return 'good';
  if (better <= 10) return 'poor';
  return 'typical';
}

/**
 * A percentile as the table shows it: whole numbers, but one decimal below 1 and above 99,
 * where the flags live (0.4 and 99.6 must not both read as an edge).
 *
 * @example
 * formatPercentile(37.5) // '38'
 * formatPercentile(99.64) // '99.6'
 * formatPercentile(NaN) // '—'
 */
export function formatPercentile(percentile: number): string {
  if (Number.isNaN(percentile)) return '—';
  if (percentile < 1 || percentile > 99) {
    const text = percentile.toFixed(1);
    // 99.96 rounds to 100.0 and 0.04 to 0.0: say 100 and 0, never a misleading decimal.
    return text === '100.0' ? '100' : text === '0.0' ? '0' : text;
  }
  return Math.round(percentile).toFixed(0);
}
