import { describe, expect, it } from 'vitest';
import { binSorted, histogramDomain } from './crowd-histogram.ts';

describe('binSorted', () => {
  it('counts into equal bins, the last one closed, and counts what falls outside', () => {
    const { bins, below, above } = binSorted(
      Float64Array.of(-1, 0, 0.5, 1, 1.5, 2, 2, 3),
      [0, 2],
      2,
    );
    expect(bins).toEqual([
      { x0: 0, x1: 1, count: 2 }, // 0, 0.5
      { x0: 1, x1: 2, count: 4 }, // 1, 1.5, 2, 2
    ]);
    expect(below).toBe(1);
    expect(above).toBe(1);
  });

  it('every crowd value inside the domain is counted once', () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => i / 10);
    const { bins } = binSorted(sorted, [0, 99.9], 40);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(1000);
  });
});

describe('histogramDomain', () => {
  it("trims the crowd's outer 0.5% but always takes in the user's values", () => {
    const crowd = Float64Array.from({ length: 201 }, (_, i) => i); // 0..200
    // 0.5th percentile at position 1 → 1; 99.5th at position 199 → 199
    expect(histogramDomain(crowd, Float64Array.of(50))).toEqual([1, 199]);
    expect(histogramDomain(crowd, Float64Array.of(-5, 300, Number.NaN))).toEqual([-5, 300]);
  });

  it('gives a usable range when everything is one value or nothing', () => {
    expect(histogramDomain(Float64Array.of(2, 2), new Float64Array(0))).toEqual([1.5, 2.5]);
    expect(histogramDomain(new Float64Array(0), new Float64Array(0))).toEqual([0, 1]);
  });
});
