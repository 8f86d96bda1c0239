import { type GroupSummaries, summarizeGroups } from './group-summary.ts';
import {
  type BinScale,
  computeHistogram,
  type Histogram,
  type RowGroups,
  suggestLogScale,
} from './histogram.ts';

/**
 * Everything one distribution chart draws and says: the summaries (which fix the p01–p99
 * range), the axis scale (log when the metric spans decades, unless the reader chose), and the
 * binned counts per group. Pure.
 */

export interface DistributionOptions {
  /** `auto`: log when {@link suggestLogScale} says so. */
  readonly scale: BinScale | 'auto';
  /** `p01-p99`: clip the tails (counted, not drawn); `full`: min to max. */
  readonly range: 'p01-p99' | 'full';
  readonly bins?: number;
  readonly groups?: RowGroups;
}

export interface Distribution {
  readonly summaries: GroupSummaries;
  /** The scale drawn; `log` only when there are values above 0 to draw. */
  readonly scale: BinScale;
  /** What `auto` picks for these values. */
  readonly suggested: BinScale;
  /** A log axis has something to show (some value > 0). */
  readonly logPossible: boolean;
  /** The drawn range; null when no row has a value. */
  readonly domain: readonly [number, number] | null;
  readonly histogram: Histogram | null;
}

/** Min, max and the smallest value above 0 of the rows' finite values. */
function extent(values: Float64Array, rows: Uint32Array) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let minPositive = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rows.length; r++) {
    const v = values[rows[r]!]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  return { min, max, minPositive };
}

/**
 * The distribution of `values` over `rows` (grouped when `groups` is given), binned over the
 * p01–p99 range of all groups together (so groups share one axis) or the full range.
 *
 * @example
 * const d = computeDistribution(values, view.rows, { scale: 'auto', range: 'p01-p99' });
 * d.histogram?.above[0] // rows above p99, not drawn
 */
export function computeDistribution(
  values: Float64Array,
  rows: Uint32Array,
  options: DistributionOptions,
  /** The same values' {@link summarizeGroups} when already computed (they don't depend on scale or range). */
  known?: GroupSummaries,
): Distribution {
  const summaries = known ?? summarizeGroups(values, rows, options.groups);
  const { p01, p99, n } = summaries.overall;
  const suggested: BinScale = suggestLogScale(p01, p99) ? 'log' : 'linear';
  const { min, max, minPositive } = extent(values, rows);
  const logPossible = Number.isFinite(minPositive);
  const wanted = options.scale === 'auto' ? suggested : options.scale;
  const scale: BinScale = wanted === 'log' && logPossible ? 'log' : 'linear';
  if (n === 0) {
    return { summaries, scale, suggested, logPossible, domain: null, histogram: null };
  }
  const full = options.range === 'full';
  let lo = full ? min : p01;
  const hi = full ? max : p99;
  // On a log axis the range starts at the smallest positive value when p01 (or min) is ≤ 0.
  if (scale === 'log' && !(lo > 0)) lo = Math.min(minPositive, hi > 0 ? hi : minPositive);
  const domain: [number, number] = [lo, scale === 'log' && !(hi > 0) ? lo : hi];
  const histogram = computeHistogram(values, rows, {
    scale,
    domain,
    bins: options.bins ?? 40,
    ...(options.groups ? { groups: options.groups } : {}),
  });
  return { summaries, scale, suggested, logPossible, domain, histogram };
}
