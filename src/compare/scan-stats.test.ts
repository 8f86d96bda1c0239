import { describe, expect, it } from 'vitest';
import {
  FLAG_ABOVE_P99,
  FLAG_BELOW_P01,
  FLAG_FAR_Z,
  formatPercentile,
  standingOf,
  summarizeCrowd,
  verdictOf,
} from './scan-stats.ts';

const ONE_TO_TEN = Float64Array.from({ length: 10 }, (_, i) => i + 1);

describe('standingOf: a scan against an exact small crowd (1..10)', () => {
  // Worked by hand: median 5.5; |x − 5.5| = .5 .5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 4.5 → MAD 2.5;
  // p01 at position 0.09 → 1.09, p99 at position 8.91 → 9.91; robust SD = 1.4826 × 2.5.
  it('summarises the crowd', () => {
    const crowd = summarizeCrowd(ONE_TO_TEN);
    expect(crowd.n).toBe(10);
    expect(crowd.median).toBe(5.5);
    expect(crowd.mad).toBe(2.5);
    expect(crowd.p01).toBeCloseTo(1.09, 12);
    expect(crowd.p99).toBeCloseTo(9.91, 12);
  });

  it('percentiles: share below plus half the share equal (scipy kind="mean")', () => {
    const { percentiles } = standingOf(ONE_TO_TEN, Float64Array.of(3, 0, 11, 5.5, Number.NaN));
    // 3: 2 below + 1 equal → (2 + 0.5) / 10
    expect(Array.from(percentiles)).toEqual([25, 0, 100, 50, Number.NaN]);
    // scipy's documented example: percentileofscore([1, 2, 3, 4], 3, kind='mean') == 62.5
    expect(standingOf(Float64Array.of(1, 2, 3, 4), Float64Array.of(3)).percentiles[0]).toBe(62.5);
  });

  it('robust z = (x − median) / (1.4826 × MAD)', () => {
    const { z } = standingOf(ONE_TO_TEN, Float64Array.of(10, 1, 5.5));
    expect(z[0]).toBeCloseTo(4.5 / (1.4826 * 2.5), 12);
    expect(z[1]).toBeCloseTo(-4.5 / (1.4826 * 2.5), 12);
    expect(z[2]).toBe(0);
  });

  it('flags values outside p01–p99 or beyond 3 robust z, and nothing else', () => {
    const values = Float64Array.of(1, 5, 25, 9.95, 1.1, 9.9, -20, Number.NaN);
    const { flags } = standingOf(ONE_TO_TEN, values);
    expect(Array.from(flags)).toEqual([
      FLAG_BELOW_P01, // 1 < 1.09, z = −1.2
      0,
      FLAG_ABOVE_P99 | FLAG_FAR_Z, // z = 19.5 / 3.7065 = 5.3
      FLAG_ABOVE_P99, // 9.95 > 9.91, z = 1.2
      0, // 1.1 ≥ 1.09
      0, // 9.9 ≤ 9.91
      FLAG_BELOW_P01 | FLAG_FAR_Z,
      0, // missing: no flag
    ]);
  });

  it('a crowd with no spread (MAD 0) flags by percentile only', () => {
    // median 1, MAD 0: z undefined; p99 at position 3.96 → 1 + 0.96 × 4 = 4.84
    const { z, flags } = standingOf(Float64Array.of(1, 1, 1, 1, 5), Float64Array.of(5, 1));
    expect(Number.isNaN(z[0])).toBe(true);
    expect(Array.from(flags)).toEqual([FLAG_ABOVE_P99, 0]);
  });

  it('an empty crowd gives no percentile and no flag', () => {
    const { percentiles, flags } = standingOf(new Float64Array(0), Float64Array.of(1));
    expect(Number.isNaN(percentiles[0])).toBe(true);
    expect(flags[0]).toBe(0);
  });
});

describe('verdictOf', () => {
  it.each([
    [95, 'lower-better', 'poor'],
    [95, 'higher-better', 'good'],
    [5, 'lower-better', 'good'],
    [10, 'higher-better', 'poor'],
    [50, 'higher-better', 'typical'],
    [99, 'neither', 'neutral'],
    [Number.NaN, 'higher-better', 'missing'],
  ] as const)('%s on a %s IQM is %s', (p, direction, verdict) => {
    expect(verdictOf(p, direction)).toBe(verdict);
  });
});

describe('formatPercentile', () => {
  it.each([
    [37.5, '38'],
    [62.4, '62'],
    [1, '1'],
    [99, '99'],
    [0.44, '0.4'],
    [99.64, '99.6'],
    [99.97, '100'],
    [0.02, '0'],
    [0, '0'],
    [100, '100'],
    [Number.NaN, '—'],
  ])('%s → %s', (p, text) => {
    expect(formatPercentile(p)).toBe(text);
  });
});
