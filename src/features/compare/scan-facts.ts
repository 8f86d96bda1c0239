import { type Comparison, describeFlags, type IqmComparison } from '../../compare/comparison.ts';
import type { IqmStanding } from '../../compare/scan-stats.ts';

/** One IQM of one scan, as the scan's page shows it. */
export interface ScanIqm {
  comparison: IqmComparison;
  value: number;
  percentile: number;
  z: number;
  flags: number;
  /** Why it is flagged, in words; '' when it is not. */
  reason: string;
}

/**
 * The crowd's median and the values beyond which a scan is flagged (±∞ for a side never
 * flagged), on the IQM's own scale — the median of a log-scale crowd back from log(x): the
 * lines a strip draws over the crowd.
 *
 * @example
 * crowdLines(standing) // { low: -Infinity, median: 0.42, high: 0.66 }
 */
export function crowdLines(standing: IqmStanding): { low: number; median: number; high: number } {
  const { crowd } = standing;
  return {
    low: crowd.low,
    median: crowd.log ? Math.exp(crowd.median) : crowd.median,
    high: crowd.high,
  };
}

/**
 * Every compared IQM of scan `s`, in the comparison's (the file's) order.
 *
 * @example
 * scanIqms(comparison, 0).filter((i) => i.flags).map((i) => i.comparison.iqm) // flaggedIqms(comparison, 0)
 */
export function scanIqms(comparison: Comparison, s: number): ScanIqm[] {
  const column = new Map(comparison.file.iqms.map((iqm, i) => [iqm, comparison.file.values[i]]));
  return comparison.iqms.map((c) => {
    const flags = c.standing.flags[s] ?? 0;
    return {
      comparison: c,
      value: column.get(c.iqm)?.[s] ?? Number.NaN,
      percentile: c.standing.percentiles[s] ?? Number.NaN,
      z: c.standing.z[s] ?? Number.NaN,
      flags,
      reason: flags ? describeFlags(flags, c.standing.tested) : '',
    };
  });
}

/**
 * The scans before and after `s` in the table's order (null at either end, or when `s` is not
 * in it), so the page steps through scans as the user sorted them.
 *
 * @example
 * neighbours(Uint32Array.of(4, 2, 7), 2) // { position: 1, previous: 4, next: 7 }
 */
export function neighbours(
  order: ArrayLike<number>,
  s: number,
): { position: number; previous: number | null; next: number | null } {
  let position = -1;
  for (let k = 0; k < order.length; k++) {
    if (order[k] === s) {
      position = k;
      break;
    }
  }
  if (position < 0) return { position, previous: null, next: null };
  return {
    position,
    previous: position > 0 ? order[position - 1]! : null,
    next: position + 1 < order.length ? order[position + 1]! : null,
  };
}

/**
 * A robust z as the table's cell titles write it: two decimals, a dash when there is none,
 * −∞ for a value ≤ 0 against a log-scale crowd.
 *
 * @example
 * formatZ(-1.234) // '-1.23'
 * formatZ(NaN) // '—'
 */
export function formatZ(z: number): string {
  if (Number.isNaN(z)) return '—';
  return z === Number.NEGATIVE_INFINITY ? '−∞' : z.toFixed(2);
}

const VALUE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 5 });

/**
 * A scan's value, five significant digits and no exponent (fber runs to thousands, qi_1 to
 * thousandths).
 *
 * @example
 * formatValue(12797.67578) // '12,798'
 * formatValue(0.005767151) // '0.0057672'
 * formatValue(NaN) // '—'
 */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? VALUE.format(value) : '—';
}
