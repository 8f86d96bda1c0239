import { describe, expect, it } from 'vitest';
import { buildQuantile, type IqmStats, sampleQuantile } from './quantile.ts';
import { Rng, tent } from './random.ts';

const base: IqmStats = {
  count: 1000,
  min: 1,
  p01: 2,
  p25: 10,
  median: 20,
  p75: 40,
  p99: 2000,
  max: 5000,
  integer_valued: false,
  n_zero: 0,
  n_negative: 0,
};

describe('buildQuantile / sampleQuantile', () => {
  it.each([
    [0, 1],
    [0.01, 2],
    [0.25, 10],
    [0.5, 20],
    [0.75, 40],
    [0.99, 2000],
    [1, 5000],
  ])('reproduces the given percentile at u=%s', (u, value) => {
    expect(sampleQuantile(buildQuantile(base), u)).toBeCloseTo(value, 9);
  });

  it('interpolates wide positive segments in log space (geometric midpoint)', () => {
    expect(sampleQuantile(buildQuantile(base), 0.87)).toBeCloseTo(Math.sqrt(40 * 2000), 6);
  });

  it('interpolates narrow segments linearly', () => {
    expect(sampleQuantile(buildQuantile(base), 0.375)).toBeCloseTo(15, 9);
  });

  it('models a point mass at zero after the negatives (qi_1 is 0 in 74 % of T1w records)', () => {
    const q = buildQuantile({
      ...base,
      min: -1,
      p01: 0,
      p25: 0,
      median: 0,
      p75: 0.5,
      n_zero: 700,
      n_negative: 10,
    });
    expect(sampleQuantile(q, 0.005)).toBeLessThan(0);
    expect(sampleQuantile(q, 0.011)).toBe(0);
    expect(sampleQuantile(q, 0.7)).toBe(0);
    expect(sampleQuantile(q, 0.8)).toBeGreaterThan(0);
  });

  it('leaves zeros out when the caller adds them as a sentinel', () => {
    const q = buildQuantile({ ...base, min: 0, n_zero: 2 }, { dropZeros: true });
    expect(sampleQuantile(q, 0)).toBe(1);
  });

  it('keeps the median of uniform draws', () => {
    const rng = new Rng('q');
    const q = buildQuantile(base);
    const draws = Array.from({ length: 20_000 }, () => sampleQuantile(q, tent(rng.next() + 0.3)));
    const below = draws.filter((x) => x <= 20).length / draws.length;
    expect(below).toBeGreaterThan(0.48);
    expect(below).toBeLessThan(0.52);
  });
});

describe('Rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Rng('42/T1w');
    const b = new Rng('42/T1w');
    const c = new Rng('43/T1w');
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(seqA);
  });

  it('draws in range', () => {
    const rng = new Rng('range');
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      expect(rng.int(6)).toBeLessThan(6);
    }
  });
});
