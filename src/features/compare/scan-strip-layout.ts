import type { CrowdHistogram } from '../../compare/crowd-histogram.ts';

/** Positions, in drawing units, of one IQM's strip: the crowd's bars and the lines over them. */
export interface StripLayout {
  /** The crowd's histogram bars, tallest = `height`. */
  bars: { x: number; width: number; height: number }[];
  /** x of the crowd's lower flag cut-off, median and upper cut-off; null when none. */
  low: number | null;
  median: number | null;
  high: number | null;
  /** x of the scan's value; null when the scan has none. */
  value: number | null;
  /** The value range drawn (the histogram's, which takes in every scan of the file). */
  lo: number;
  hi: number;
}

/**
 * Lays out a strip `width` wide with bars up to `height` tall over the histogram's range; a
 * line outside the range (a crowd percentile beyond the trimmed 0.5–99.5% drawn) sits on the
 * edge it is beyond, so no line leaves the drawing.
 *
 * @example
 * stripLayout({ bins: [{ x0: 0, x1: 1, count: 2 }, { x0: 1, x1: 2, count: 4 }], below: 0, above: 0 },
 *   { low: 0.1, median: 1, high: 1.9 }, 1.5, 200, 40)
 * // { bars: [{ x: 0, width: 100, height: 20 }, { x: 100, width: 100, height: 40 }], low: 10, median: 100, high: 190, value: 150, lo: 0, hi: 2 }
 */
export function stripLayout(
  histogram: CrowdHistogram,
  crowd: { low: number; median: number; high: number },
  value: number,
  width: number,
  height: number,
): StripLayout {
  const { bins } = histogram;
  const lo = bins[0]?.x0 ?? 0;
  const hi = bins[bins.length - 1]?.x1 ?? 1;
  const span = hi > lo ? hi - lo : 1;
  const x = (v: number): number | null =>
    Number.isFinite(v) ? Math.min(width, Math.max(0, ((v - lo) / span) * width)) : null;
  let tallest = 0;
  for (const b of bins) if (b.count > tallest) tallest = b.count;
  const bars = bins.map((b) => {
    const x0 = x(b.x0) ?? 0;
    return {
      x: x0,
      width: (x(b.x1) ?? x0) - x0,
      height: tallest > 0 ? (b.count / tallest) * height : 0,
    };
  });
  return {
    bars,
    low: x(crowd.low),
    median: x(crowd.median),
    high: x(crowd.high),
    value: x(value),
    lo,
    hi,
  };
}
