import { describe, expect, it } from 'vitest';
import { finiteSorted, quantileSorted } from './quantiles.ts';
import { selectQuantiles } from './select-quantiles.ts';

/** A seeded generator, so a failing case can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PS = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1];

describe('selectQuantiles', () => {
  it('interpolates linearly between order statistics (numpy default), hand-computed', () => {
    // Sorted: 1 2 3 4 → positions (n−1)p: 0.03 → 1.03; 0.75 → 1.75; 1.5 → 2.5; 2.25 → 3.25; 2.97 → 3.97
    const got = selectQuantiles(Float64Array.of(4, 1, 3, 2), [0.01, 0.25, 0.5, 0.75, 0.99]);
    expect(got.map((v) => Number(v.toFixed(10)))).toEqual([1.03, 1.75, 2.5, 3.25, 3.97]);
  });

  it('gives NaN for no values and the value itself for one', () => {
    expect(selectQuantiles(new Float64Array(0), [0.5])).toEqual([Number.NaN]);
    expect(selectQuantiles(Float64Array.of(7), [0.01, 0.99])).toEqual([7, 7]);
  });

  it('uses only the first n values when n is given', () => {
    expect(selectQuantiles(Float64Array.of(5, 1, 100, 100), [1], 2)).toEqual([5]);
  });

  it.each([
    ['uniform', 1, 5000, (r: () => number) => r()],
    ['many ties (rounded values)', 2, 5000, (r: () => number) => Math.round(r() * 5) / 5],
    ['all equal', 3, 300, () => 2.5],
    ['sorted input', 4, 4000, null],
    ['heavy tail', 5, 3001, (r: () => number) => 1 / (r() + 1e-6)],
  ])('agrees with sorting for %s data', (_name, seed, n, draw) => {
    const random = lcg(seed);
    const values = draw
      ? Float64Array.from({ length: n }, () => draw(random))
      : Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const sorted = finiteSorted(values);
    const expected = PS.map((p) => quantileSorted(sorted, p));
    expect(selectQuantiles(values.slice(), PS)).toEqual(expected);
  });
});
