import { describe, expect, it } from 'vitest';
import { categoryCodes, countCategories } from './categories.ts';
import { fromDecoded } from './column.ts';
import { summarizeGroups } from './group-summary.ts';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const round = (v: number) => (Number.isNaN(v) ? v : Number(v.toFixed(10)));
const rounded = (s: object) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v as number)]));

describe('summarizeGroups', () => {
  it('summarises one group with numpy-style quantiles, missing counted apart', () => {
    // Sorted 1 2 3 4 (n = 4): median 2.5, q1 1.75, q3 3.25, p01 1.03, p99 3.97.
    const s = summarizeGroups(Float64Array.of(4, Number.NaN, 2, 1, 3), all(5));
    expect(rounded(s.overall)).toEqual({
      n: 4,
      missing: 1,
      median: 2.5,
      q1: 1.75,
      q3: 3.25,
      iqr: 1.5,
      p01: 1.03,
      p99: 3.97,
    });
    expect(s.groups).toHaveLength(1);
  });

  it('summarises each group and all groups together, empty groups included', () => {
    //        row: 0    1    2    3    4    5    6     7
    const maker = ['GE', 'GE', 'GE', 'S', 'S', 'P', 'P', undefined];
    const value = [10, 20, 30, 1, 3, Number.NaN, Number.NaN, 100];
    const { groups, categories } = countCategories(categoryCodes(fromDecoded(maker)), all(8), {
      top: 3,
    });
    expect(categories.map((c) => c.value || c.kind)).toEqual(['GE', 'P', 'S', 'missing']);
    const s = summarizeGroups(Float64Array.from(value), all(8), groups);
    const [ge, p, siemens, missing] = s.groups;
    // GE 10 20 30: positions 2p → median 20, q1 15, q3 25, p01 10.2, p99 29.8
    expect(rounded(ge!)).toEqual({
      n: 3,
      missing: 0,
      median: 20,
      q1: 15,
      q3: 25,
      iqr: 10,
      p01: 10.2,
      p99: 29.8,
    });
    // P has rows but no values: n 0, statistics NaN.
    expect(p!.n).toBe(0);
    expect(p!.missing).toBe(2);
    expect(p!.median).toBeNaN();
    // S 1 3: median 2, q1 1.5, q3 2.5
    expect([siemens!.n, siemens!.median, siemens!.q1, siemens!.q3]).toEqual([2, 2, 1.5, 2.5]);
    expect([missing!.n, missing!.median]).toEqual([1, 100]);
    // All: 1 3 10 20 30 100 (n 6): median (10 + 20) / 2 = 15, q1 at 1.25 → 3 + 0.25 × 7 = 4.75
    expect([s.overall.n, s.overall.missing, s.overall.median, s.overall.q1]).toEqual([
      6, 2, 15, 4.75,
    ]);
  });

  it('follows the row selection only', () => {
    const s = summarizeGroups(Float64Array.of(1, 2, 3, 1000), Uint32Array.of(2, 0));
    expect([s.overall.n, s.overall.median]).toEqual([2, 2]);
  });

  it('handles no rows at all', () => {
    const s = summarizeGroups(Float64Array.of(1, 2), new Uint32Array(0));
    expect(s.overall.n).toBe(0);
    expect(s.overall.median).toBeNaN();
  });
});
