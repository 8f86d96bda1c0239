import { describe, expect, it } from 'vitest';
import { finiteSorted } from '../frame/quantiles.ts';
import { draw, normal, SHAPES, seeded } from './random.test-support.ts';
import {
  chanceOfFlags,
  FLAG_HIGH,
  FLAG_LOW,
  flagsOf,
  formatPercentile,
  markOf,
  standingOf,
  summarizeCrowd,
  TAIL_P,
  testedSide,
  usesLogScale,
  verdictOf,
} from './scan-stats.ts';

const ONE_TO_TEN = Float64Array.from({ length: 10 }, (_, i) => i + 1);
const ONE_TO_200 = Float64Array.from({ length: 200 }, (_, i) => i + 1);

describe('standingOf: a scan against an exact small crowd (1..10)', () => {
  // Worked by hand: median 5.5; |x − 5.5| = .5 .5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 4.5 → MAD 2.5;
  // quartiles 3.25 / 5.5 / 7.75 → Bowley skew 0 → linear scale.
  it('summarises the crowd', () => {
    const crowd = summarizeCrowd(ONE_TO_TEN, 'both');
    expect(crowd).toMatchObject({ n: 10, log: false, skew: 0, median: 5.5, mad: 2.5 });
    // two tails of 0.5%: position 0.005 × 9 = 0.045 → 1.045; 0.995 × 9 = 8.955 → 9.955
    expect(crowd.low).toBeCloseTo(1.045, 12);
    expect(crowd.high).toBeCloseTo(9.955, 12);
  });

  it('percentiles: share below plus half the share equal (scipy kind="mean")', () => {
    const { percentiles } = standingOf(
      ONE_TO_TEN,
      Float64Array.of(3, 0, 11, 5.5, Number.NaN),
      'both',
    );
    // 3: 2 below + 1 equal → (2 + 0.5) / 10
    expect(Array.from(percentiles)).toEqual([25, 0, 100, 50, Number.NaN]);
    // scipy's documented example: percentileofscore([1, 2, 3, 4], 3, kind='mean') == 62.5
    expect(standingOf(Float64Array.of(1, 2, 3, 4), Float64Array.of(3), 'both').percentiles[0]).toBe(
      62.5,
    );
  });

  it('robust z = (x − median) / (1.4826 × MAD) on a symmetric crowd', () => {
    const { z } = standingOf(ONE_TO_TEN, Float64Array.of(10, 1, 5.5), 'both');
    expect(z[0]).toBeCloseTo(4.5 / (1.4826 * 2.5), 12);
    expect(z[1]).toBeCloseTo(-4.5 / (1.4826 * 2.5), 12);
    expect(z[2]).toBe(0);
  });

  it('an empty crowd gives no percentile and no flag', () => {
    const { percentiles, flags } = standingOf(new Float64Array(0), Float64Array.of(1), 'high');
    expect(Number.isNaN(percentiles[0])).toBe(true);
    expect(flags[0]).toBe(0);
  });
});

describe('flags: only the worse side of a directed IQM, both sides of one without', () => {
  // 1..200: a value's percentile rank is easy to see (x = 199 → 99.25, x = 1 → 0.25).
  const values = Float64Array.of(1000, 199, 198, 2, 1, -1000, Number.NaN);

  it('lower is better: high values flagged (beyond the 99th percentile), low ones never', () => {
    const { flags, percentiles } = standingOf(ONE_TO_200, values, testedSide('lower-better'));
    expect(Array.from(percentiles.subarray(0, 6))).toEqual([100, 99.25, 98.75, 0.75, 0.25, 0]);
    expect(Array.from(flags)).toEqual([FLAG_HIGH, FLAG_HIGH, 0, 0, 0, 0, 0]);
  });

  it('higher is better: low values flagged (below the 1st percentile), high ones never', () => {
    const { flags } = standingOf(ONE_TO_200, values, testedSide('higher-better'));
    expect(Array.from(flags)).toEqual([0, 0, 0, FLAG_LOW, FLAG_LOW, FLAG_LOW, 0]);
  });

  it('no better side: both sides, at half the tail each (beyond 0.5th / 99.5th)', () => {
    const { flags } = standingOf(ONE_TO_200, values, testedSide('neither'));
    // 199 → 99.25 and 2 → 0.75 are inside 0.5–99.5; 1 → 0.25 is below it
    expect(Array.from(flags)).toEqual([FLAG_HIGH, 0, 0, 0, FLAG_LOW, FLAG_LOW, 0]);
  });

  it('a value shared by many crowd records is not flagged (ties count half)', () => {
    // 5% of the crowd at the top value 9: its percentile rank is 97.5
    const crowd = Float64Array.from({ length: 100 }, (_, i) => (i < 95 ? i / 100 : 9));
    expect(standingOf(crowd, Float64Array.of(9), 'high').flags[0]).toBe(0);
  });

  it('geometry ("none") is never flagged', () => {
    expect(Array.from(standingOf(ONE_TO_200, values, 'none').flags)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the chance rate is the same for every direction and every crowd shape', () => {
  // Fresh scans drawn from the crowd's own distribution: each tested IQM flags a share near
  // TAIL_P. Tolerance: 4 binomial SDs of the share (√(p(1−p)/draws)), plus the crowd's own
  // sampling error of its tail quantile (same order, √(p(1−p)/crowd)).
  const CROWD = 20_000;
  const DRAWS = 20_000;
  const sd =
    Math.sqrt((TAIL_P * (1 - TAIL_P)) / DRAWS) + Math.sqrt((TAIL_P * (1 - TAIL_P)) / CROWD);
  for (const [shape, sample] of Object.entries(SHAPES)) {
    for (const direction of ['lower-better', 'higher-better', 'neither'] as const) {
      it(`${shape}, ${direction}`, () => {
        const random = seeded(shape.length * 7919 + direction.length);
        const crowd = finiteSorted(draw(sample, CROWD, random));
        const scans = draw(sample, DRAWS, random);
        const { flags } = standingOf(crowd, scans, testedSide(direction));
        const share = flags.reduce((n, f) => n + (f ? 1 : 0), 0) / DRAWS;
        // Lumpy (40 values, 2.5% each): ties count half, so its edges are never beyond 1%.
        if (shape === 'lumpy') expect(share).toBeLessThanOrEqual(TAIL_P + 4 * sd);
        else expect(Math.abs(share - TAIL_P)).toBeLessThan(4 * sd);
      });
    }
  }
});

describe('log scale for positive, right-skewed IQMs', () => {
  it('a lognormal crowd is put on the log scale, and z is in log SDs', () => {
    const random = seeded(7);
    const sigma = 0.6;
    const crowd = finiteSorted(
      Float64Array.from({ length: 50_000 }, () => Math.exp(sigma * normal(random))),
    );
    expect(usesLogScale(crowd)).toBe(true);
    // e^(2σ) is 2 SDs above the median on the log scale (the linear z would say ≈ 3.9)
    const { z } = standingOf(
      crowd,
      Float64Array.of(Math.exp(2 * sigma), Math.exp(-2 * sigma)),
      'both',
    );
    expect(z[0]).toBeCloseTo(2, 1);
    expect(z[1]).toBeCloseTo(-2, 1);
  });

  it('a symmetric crowd, or one with a value ≤ 0, stays linear', () => {
    const random = seeded(8);
    const symmetric = finiteSorted(
      Float64Array.from({ length: 10_000 }, () => 10 + normal(random)),
    );
    expect(usesLogScale(symmetric)).toBe(false);
    const skewedWithZero = finiteSorted(
      Float64Array.from({ length: 10_000 }, (_, i) => (i === 0 ? 0 : Math.exp(normal(random)))),
    );
    expect(usesLogScale(skewedWithZero)).toBe(false);
  });

  it('a value ≤ 0 against a log-scale crowd lies infinitely far below', () => {
    const crowd = finiteSorted(
      Float64Array.from({ length: 1000 }, (_, i) => Math.exp(i / 100) ** 2),
    );
    expect(usesLogScale(crowd)).toBe(true);
    expect(standingOf(crowd, Float64Array.of(0), 'both').z[0]).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('no cell is both ✓ and ⚑', () => {
  it.each(['lower-better', 'higher-better', 'neither'] as const)(
    '%s: every percentile 0–100',
    (direction) => {
      for (let tenth = 0; tenth <= 1000; tenth++) {
        const p = tenth / 10;
        const flags = flagsOf(p, testedSide(direction));
        const mark = markOf(p, direction, flags);
        if (flags) expect(mark).toBe('⚑');
        expect(mark === '✓' && flags !== 0).toBe(false);
        // a flagged directed IQM is always worse than 90% of the crowd
        if (flags && direction !== 'neither') expect(verdictOf(p, direction)).toBe('poor');
      }
    },
  );

  it('marks: ✓ better than 90%, ✗ worse than 90%, none between', () => {
    expect(markOf(5, 'lower-better', 0)).toBe('✓');
    expect(markOf(95, 'lower-better', 0)).toBe('✗');
    expect(markOf(50, 'lower-better', 0)).toBe('');
    expect(markOf(99.9, 'neither', FLAG_HIGH)).toBe('⚑');
  });
});

describe('chanceOfFlags (binomial upper tail)', () => {
  it('matches the binomial by hand', () => {
    expect(chanceOfFlags(0, 60)).toBe(1);
    expect(chanceOfFlags(1, 60)).toBeCloseTo(1 - 0.99 ** 60, 12);
    expect(chanceOfFlags(2, 2)).toBeCloseTo(0.01 ** 2, 15);
    // P(X ≥ 2 | 3, 0.5) = (3 + 1) / 8
    expect(chanceOfFlags(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(chanceOfFlags(4, 3)).toBe(0);
  });

  it('falls as flags rise', () => {
    const tails = Array.from({ length: 8 }, (_, f) => chanceOfFlags(f, 60));
    for (let f = 1; f < tails.length; f++) expect(tails[f]).toBeLessThan(tails[f - 1]!);
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
