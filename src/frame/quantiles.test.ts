import { describe, expect, it } from 'vitest';
import { madOfSorted, quantileSorted } from './quantiles.ts';

describe('madOfSorted', () => {
  it('equals the MAD from sorting the deviations, odd and even sizes, ties', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (const n of [1, 2, 3, 4, 5, 10, 11, 100, 101, 1000]) {
      for (const discrete of [false, true]) {
        const values = Float64Array.from({ length: n }, () =>
          discrete ? Math.floor(random() * 4) : random() * 10,
        ).sort();
        const median = quantileSorted(values, 0.5);
        const deviations = Float64Array.from(values, (v) => Math.abs(v - median)).sort();
        const mad = quantileSorted(deviations, 0.5);
        expect(madOfSorted(values, median), `n=${n} discrete=${discrete}`).toBe(mad);
      }
    }
  });

  it('is NaN for no values', () => {
    expect(madOfSorted(new Float64Array(0), Number.NaN)).toBeNaN();
  });
});
