import { describe, expect, it } from 'vitest';
import { binEdges, computeHistogram, type RowGroups, suggestLogScale } from './histogram.ts';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('binEdges', () => {
  it('spaces edges evenly, in log10 space for a log scale', () => {
    expect([...binEdges('linear', [0, 4], 4)]).toEqual([0, 1, 2, 3, 4]);
    expect([...binEdges('linear', [-1, 1], 2)]).toEqual([-1, 0, 1]);
    expect([...binEdges('log', [1, 1000], 3)].map((e) => Number(e.toPrecision(12)))).toEqual([
      1, 10, 100, 1000,
    ]);
  });

  it('widens a zero-width range around its value, keeping it inside', () => {
    const [lo, hi] = binEdges('linear', [2, 2], 1);
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    const [zlo, zhi] = binEdges('linear', [0, 0], 1);
    expect([zlo, zhi]).toEqual([-0.5, 0.5]);
  });
});

describe('computeHistogram', () => {
  it('puts a value on an inner edge in the bin that edge starts, and hi in the last bin', () => {
    // Edges 0,1,2,3,4: [0,1) [1,2) [2,3) [3,4]
    const values = Float64Array.of(0, 0.5, 1, 2, 2.999, 3, 4);
    const h = computeHistogram(values, all(7), { scale: 'linear', domain: [0, 4], bins: 4 });
    expect([...h.counts]).toEqual([2, 1, 2, 2]);
    expect([h.below[0], h.above[0], h.missing[0]]).toEqual([0, 0, 0]);
  });

  it('keeps edge values exact where floating-point division would misplace them', () => {
    // Over [0.2, 1.1] in 9 bins the edges are 0.2 + i × 0.1: the 3rd is 0.4 exactly, but
    // (0.4 − 0.2) / 0.1 = 1.9999999999999998, so a plain floor would put 0.4 in the bin before.
    const edges = binEdges('linear', [0.2, 1.1], 9);
    expect([edges[2], edges[3]]).toEqual([0.4, 0.5]);
    const values = Float64Array.of(0.4, 0.5, 0.39999);
    const h = computeHistogram(values, all(3), { scale: 'linear', domain: [0.2, 1.1], bins: 9 });
    expect([...h.counts]).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('skips NaN as missing and counts values outside the range, binning only the rows asked', () => {
    const values = Float64Array.of(-1, 0, 5, Number.NaN, 10, 11, 7);
    // Row 6 (7) is not in the selection.
    const rows = Uint32Array.of(0, 1, 2, 3, 4, 5);
    const h = computeHistogram(values, rows, { scale: 'linear', domain: [0, 10], bins: 2 });
    expect([...h.counts]).toEqual([1, 2]); // [0,5): 0; [5,10]: 5, 10
    expect([h.below[0], h.above[0], h.missing[0], h.nonPositive[0]]).toEqual([1, 1, 1, 0]);
  });

  it('leaves values ≤ 0 out of log bins and counts them apart', () => {
    const values = Float64Array.of(-2, 0, 0.5, 1, 9.99, 10, 99, 100, 150);
    const h = computeHistogram(values, all(9), { scale: 'log', domain: [1, 100], bins: 2 });
    // Bins [1,10) and [10,100]: 1, 9.99 | 10, 99, 100.
    expect([...h.counts]).toEqual([2, 3]);
    expect([h.nonPositive[0], h.below[0], h.above[0]]).toEqual([2, 1, 1]);
  });

  it('refuses a log scale over a range that reaches 0', () => {
    expect(() =>
      computeHistogram(Float64Array.of(1), all(1), { scale: 'log', domain: [0, 10], bins: 2 }),
    ).toThrow(RangeError);
  });

  it('counts per group from a text column, leaving out rows of no group', () => {
    // codes: 1 = GE, 2 = Siemens, 3 = Philips (not grouped), 0 = missing
    const groups: RowGroups = {
      codes: Uint32Array.of(1, 2, 1, 3, 0, 2),
      groupOfCode: Int32Array.of(2, 0, 1, -1),
      count: 3,
    };
    const values = Float64Array.of(0.1, 0.9, 0.6, 0.2, 0.3, Number.NaN);
    const h = computeHistogram(values, all(6), {
      scale: 'linear',
      domain: [0, 1],
      bins: 2,
      groups,
    });
    // GE: 0.1, 0.6 → [1, 1]; Siemens: 0.9, NaN → [0, 1] + 1 missing; missing group: 0.3 → [1, 0]
    expect([...h.counts]).toEqual([1, 1, 0, 1, 1, 0]);
    expect([...h.missing]).toEqual([0, 1, 0]);
  });

  it('gives empty counts for an empty selection or empty group', () => {
    const h = computeHistogram(Float64Array.of(1, 2), new Uint32Array(0), {
      scale: 'linear',
      domain: [0, 2],
      bins: 2,
    });
    expect([...h.counts]).toEqual([0, 0]);
  });
});

describe('suggestLogScale', () => {
  it.each([
    [0.5, 400, true],
    [1, 100, true],
    [1, 99, false],
    [0, 400, false],
    [-1, 400, false],
    [Number.NaN, Number.NaN, false],
  ])('p01 %s, p99 %s → %s', (p01, p99, expected) => {
    expect(suggestLogScale(p01, p99)).toBe(expected);
  });
});
