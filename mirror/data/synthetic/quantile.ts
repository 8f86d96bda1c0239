/** Per-IQM summary as field-stats.json gives it (only the fields the generator uses). */
export interface IqmStats {
  count: number;
  min: number;
  p01: number;
  p25: number;
  median: number;
  p75: number;
  p99: number;
  max: number;
  integer_valued: boolean;
  n_zero: number;
  n_negative: number;
}

/**
 * A piecewise quantile function: knots (p, value), each segment interpolated linearly or,
 * for wide positive ranges, in log space — fber spans 256…6.5e6 between p01 and p99, and a
 * linear ramp there would put most draws near the top of the segment.
 */
export interface QuantileFn {
  readonly p: Float64Array;
  readonly v: Float64Array;
  /** 1 when segment i (between knot i-1 and i) is interpolated in log space. */
  readonly log: Uint8Array;
  /** ln(v), precomputed for the log segments (the hot loop then needs one exp per draw). */
  readonly lnV: Float64Array;
}

/** A segment is interpolated in log space when both ends are positive and this far apart. */
const LOG_RATIO = 4;
/** Below this share of zeros a field has no visible point mass at 0 worth modelling. */
const MIN_ZERO_SHARE = 0.005;

/**
 * Builds the quantile function of one IQM from its percentiles, with min/max as the tails.
 * A real point mass at zero (qi_1 is 0 in 74 % of T1w records) becomes a flat segment, placed
 * after the negatives. With `dropZeros`, zeros are left out because the caller adds them as a
 * sentinel (fber's 0 / -1.0) at its own rate.
 *
 * @example
 * const q = buildQuantile(stats.fber, { dropZeros: true });
 * sampleQuantile(q, 0.5) // === stats.fber.median
 */
export function buildQuantile(stats: IqmStats, opts: { dropZeros?: boolean } = {}): QuantileFn {
  let min = stats.min;
  if (opts.dropZeros && min <= 0 && stats.p01 > 0) min = stats.p01 / 2;
  let knots: [number, number][] = [
    [0, min],
    [0.01, stats.p01],
    [0.25, stats.p25],
    [0.5, stats.median],
    [0.75, stats.p75],
    [0.99, stats.p99],
    [1, stats.max],
  ];
  const zeroShare = stats.count > 0 ? stats.n_zero / stats.count : 0;
  if (!opts.dropZeros && zeroShare >= MIN_ZERO_SHARE && stats.min <= 0 && stats.max >= 0) {
    knots = withZeroMass(knots, stats.n_negative / stats.count, zeroShare);
  }
  return toQuantileFn(knots);
}

/** Inserts a flat segment at 0 over [lo, lo + share] and keeps the knots either side monotone. */
function withZeroMass(knots: [number, number][], lo: number, share: number): [number, number][] {
  const hi = Math.min(1, lo + share);
  const out: [number, number][] = [];
  for (const [p, v] of knots) if (p < lo) out.push([p, Math.min(v, 0)]);
  out.push([lo, 0], [hi, 0]);
  for (const [p, v] of knots) if (p > hi) out.push([p, Math.max(v, 0)]);
  return out;
}

function toQuantileFn(knots: [number, number][]): QuantileFn {
  // Equal p would make a zero-width segment (division by zero); keep the first of each.
  const kept = knots.filter((k, i) => i === 0 || k[0] > (knots[i - 1] as [number, number])[0]);
  const p = Float64Array.from(kept, (k) => k[0]);
  const v = Float64Array.from(kept, (k) => k[1]);
  const log = new Uint8Array(kept.length);
  for (let i = 1; i < kept.length; i++) {
    const a = v[i - 1] as number;
    const b = v[i] as number;
    log[i] = a > 0 && b > 0 && b / a > LOG_RATIO ? 1 : 0;
  }
  const lnV = v.map((x) => (x > 0 ? Math.log(x) : 0));
  return { p, v, log, lnV };
}

/**
 * The value at quantile u ∈ [0, 1]. Feeding uniform u reproduces the percentiles exactly.
 *
 * @example
 * sampleQuantile(q, 0.25) // stats.p25
 */
export function sampleQuantile(q: QuantileFn, u: number): number {
  const { p, v } = q;
  let i = 1;
  const last = p.length - 1;
  while (i < last && (p[i] as number) < u) i++;
  const p0 = p[i - 1] as number;
  const t = Math.min(1, Math.max(0, (u - p0) / ((p[i] as number) - p0)));
  if (q.log[i] === 1) {
    const la = q.lnV[i - 1] as number;
    return Math.exp(la + t * ((q.lnV[i] as number) - la));
  }
  const a = v[i - 1] as number;
  return a + t * ((v[i] as number) - a);
}
