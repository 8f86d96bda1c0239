import type { Direction } from '../data/iqm-catalog.ts';
import { madOfSorted, percentileRank, quantileSorted, robustZ } from '../frame/quantiles.ts';

/**
 * One scan's value of one IQM against the crowd: percentile rank, robust z-score, and whether
 * it is unusual. Pure and over sorted typed arrays, so the worker runs it over 1M crowd rows.
 *
 * The flag rule, chosen so that a flag count means something:
 * - Each tested IQM has the same chance, TAIL_P (1%), of flagging a scan drawn from the crowd
 *   itself. An IQM with a better side is tested on its worse side only (one tail of 1%); an
 *   IQM without one on both sides (two tails of 0.5%). So with k IQMs tested, a typical scan
 *   gets about k × 1% flags by chance, whatever the mix of directions.
 * - The tails are the crowd's own percentiles (a value is flagged when its percentile rank is
 *   beyond 99, below 1, or outside 0.5–99.5 for two sides), not a normal model: IQMs are
 *   skewed, bounded and heavy-tailed, and only the crowd's own quantiles give every IQM the
 *   stated chance rate. Ties count half (percentile rank kind='mean'), so a value shared by
 *   many crowd records is not flagged.
 * - The robust z says how far beyond: for a positive, right-skewed IQM it is computed on
 *   log(x) against the log crowd (see usesLogScale), where the crowd is near symmetric.
 */

/** Chance that a tested IQM flags a scan drawn from the crowd: the tail probability per IQM. */
export const TAIL_P = 0.01;

/**
 * Which side of an IQM is tested: the worse side of a directed IQM, both sides of one without
 * a better side, none for IQMs that are never flagged (geometry).
 */
export type TestedSide = 'high' | 'low' | 'both' | 'none';

/**
 * @example
 * testedSide('lower-better') // 'high' (a high value is the worse one)
 * testedSide('neither') // 'both'
 */
export function testedSide(direction: Direction): Exclude<TestedSide, 'none'> {
  if (direction === 'lower-better') return 'high';
  if (direction === 'higher-better') return 'low';
  return 'both';
}

/** Percentile-rank cut-offs (0–100) of a tested side: one tail of p, or two of p/2. */
export function cutoffsOf(tested: TestedSide): { low: number; high: number } {
  const p = TAIL_P * 100;
  if (tested === 'high') return { low: Number.NEGATIVE_INFINITY, high: 100 - p };
  if (tested === 'low') return { low: p, high: Number.POSITIVE_INFINITY };
  if (tested === 'both') return { low: p / 2, high: 100 - p / 2 };
  return { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
}

/**
 * Quartile (Bowley) skewness at or above which a positive IQM is put on the log scale. A
 * lognormal with σ = 0.3 has 0.10, σ = 0.5 has 0.17; a normal 0. Bowley's measure uses the
 * quartiles only, so a few wild crowd values (mirror errors, broken uploads) can't decide it.
 */
export const LOG_SKEW = 0.1;

/** The crowd's distribution of one IQM, reduced to what the comparison needs. */
export interface CrowdSummary {
  /** Crowd values with a number (missing left out). */
  n: number;
  /** Whether median, MAD and z are on log(x): every crowd value > 0 and skewness ≥ LOG_SKEW. */
  log: boolean;
  /** Bowley skewness of the crowd (Q3 + Q1 − 2·Q2) / (Q3 − Q1); NaN without spread. */
  skew: number;
  /** Median and MAD (unscaled) on the z's scale (of log(x) when `log`). */
  median: number;
  mad: number;
  /** The crowd's values at the flag cut-offs (linear interpolation, numpy's default; ±∞ = side not tested). */
  low: number;
  high: number;
}

/** Bit flags: on which side a value is unusual. */
export const FLAG_LOW = 1;
export const FLAG_HIGH = 2;

/**
 * @example
 * quartileSkew(Float64Array.of(1, 2, 3, 4, 100)) // 0
 */
export function quartileSkew(sorted: Float64Array): number {
  const q1 = quantileSorted(sorted, 0.25);
  const q2 = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  return q3 > q1 ? (q3 + q1 - 2 * q2) / (q3 - q1) : Number.NaN;
}

/**
 * Positive and clearly right-skewed (Bowley skewness ≥ LOG_SKEW): such an IQM's z is taken
 * on the log scale.
 *
 * @example
 * usesLogScale(Float64Array.of(1, 2, 3, 4, 100)) // false (quartiles symmetric)
 */
export function usesLogScale(sorted: Float64Array): boolean {
  return sorted.length > 0 && sorted[0]! > 0 && quartileSkew(sorted) >= LOG_SKEW;
}

/**
 * @example
 * summarizeCrowd(Float64Array.of(1, 2, 3, 4, 100), 'high') // { n: 5, log: false, median: 3, mad: 1, high: 96.16, … }
 */
export function summarizeCrowd(sorted: Float64Array, tested: TestedSide = 'both'): CrowdSummary {
  const log = usesLogScale(sorted);
  const scaled = log ? sorted.map(Math.log) : sorted;
  const median = quantileSorted(scaled, 0.5);
  const cut = cutoffsOf(tested);
  const at = (pct: number) => (Number.isFinite(pct) ? quantileSorted(sorted, pct / 100) : pct);
  return {
    n: sorted.length,
    log,
    skew: quartileSkew(sorted),
    median,
    mad: madOfSorted(scaled, median),
    low: at(cut.low),
    high: at(cut.high),
  };
}

/**
 * A value's robust z against the crowd, on the crowd's scale: a value ≤ 0 against a log-scale
 * crowd lies infinitely far below it.
 *
 * @example
 * zOf(Math.E, { log: true, median: 0, mad: 1 / 1.4826 }) // 1
 */
export function zOf(x: number, crowd: Pick<CrowdSummary, 'log' | 'median' | 'mad'>): number {
  if (!crowd.log) return robustZ(x, crowd);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return crowd.mad > 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  return robustZ(Math.log(x), crowd);
}

/**
 * Which flags a percentile rank raises on a tested side: FLAG_HIGH beyond the upper cut-off,
 * FLAG_LOW beyond the lower one. 0 = not unusual (and for a missing value).
 *
 * @example
 * flagsOf(99.5, 'high') // FLAG_HIGH (worse than 99% of the crowd)
 * flagsOf(0.2, 'high') // 0 (the better side is not tested)
 * flagsOf(99.5, 'both') // 0 (two tails of 0.5%: 99.5 is not beyond 99.5)
 */
export function flagsOf(percentile: number, tested: TestedSide): number {
  if (Number.isNaN(percentile)) return 0;
  const cut = cutoffsOf(tested);
  let flags = 0;
  if (percentile < cut.low) flags |= FLAG_LOW;
  if (percentile > cut.high) flags |= FLAG_HIGH;
  return flags;
}

/** Every scan's standing on one IQM. Arrays are per scan, in the file's order. */
export interface IqmStanding {
  crowd: CrowdSummary;
  /** The side(s) tested for flags. */
  tested: TestedSide;
  /** 0–100 (scipy percentileofscore kind='mean'); NaN when the scan has no value. */
  percentiles: Float64Array;
  /** Robust z (on the log scale when crowd.log); NaN when missing or the crowd has no spread. */
  z: Float64Array;
  /** FLAG_* bits per scan. */
  flags: Uint8Array;
}

/**
 * @example
 * const s = standingOf(Float64Array.of(1, 2, 3, 4), Float64Array.of(2, NaN), 'high');
 * s.percentiles // Float64Array [37.5, NaN]
 */
export function standingOf(
  sortedCrowd: Float64Array,
  values: Float64Array,
  tested: TestedSide,
): IqmStanding {
  const crowd = summarizeCrowd(sortedCrowd, tested);
  const n = values.length;
  const percentiles = new Float64Array(n);
  const z = new Float64Array(n);
  const flags = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const x = values[s]!;
    percentiles[s] = percentileRank(sortedCrowd, x);
    z[s] = zOf(x, crowd);
    flags[s] = flagsOf(percentiles[s]!, tested);
  }
  return { crowd, tested, percentiles, z, flags };
}

/**
 * Probability that a scan drawn from the crowd gets `flags` or more flags out of `tested`
 * IQMs, each flagging with chance `p` (binomial upper tail). 1 for 0 flags.
 *
 * @example
 * chanceOfFlags(1, 60) // 0.453… (1 − 0.99^60)
 */
export function chanceOfFlags(flags: number, tested: number, p = TAIL_P): number {
  if (flags <= 0) return 1;
  if (flags > tested) return 0;
  // pmf(j + 1) = pmf(j) · (k − j) / (j + 1) · p / (1 − p); summed from `flags` up (no
  // cancellation for tiny tails, as 1 − Σ below would have).
  let pmf = (1 - p) ** tested;
  let tail = 0;
  for (let j = 0; j <= tested; j++) {
    if (j >= flags) tail += pmf;
    pmf = ((pmf * (tested - j)) / (j + 1)) * (p / (1 - p));
  }
  return Math.min(1, tail);
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
 * The mark a cell shows: ⚑ when flagged (it replaces ✗: a flag on a directed IQM is always on
 * its worse side), else ✓ better than 90% of the crowd, ✗ worse than 90%, else none. A cell is
 * never both ✓ and ⚑: flags are tested on the worse side only, and a flag wins regardless.
 *
 * @example
 * markOf(99.6, 'lower-better', FLAG_HIGH) // '⚑'
 * markOf(0.2, 'lower-better', 0) // '✓'
 */
export function markOf(
  percentile: number,
  direction: Direction,
  flags: number,
): '⚑' | '✓' | '✗' | '' {
  if (flags) return '⚑';
  const verdict = verdictOf(percentile, direction);
  return verdict === 'good' ? '✓' : verdict === 'poor' ? '✗' : '';
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
