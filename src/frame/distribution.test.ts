import { describe, expect, it } from 'vitest';
import { computeDistribution } from './distribution.ts';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
/** 1, 2, …, 101: p01 = 2, p99 = 100 (positions 1 and 99 of 0…100). */
const oneTo101 = Float64Array.from({ length: 101 }, (_, i) => i + 1);

describe('computeDistribution', () => {
  it('draws p01–p99 by default and counts what lies outside', () => {
    const d = computeDistribution(oneTo101, all(101), { scale: 'auto', range: 'p01-p99', bins: 4 });
    expect(d.domain).toEqual([2, 100]);
    expect(d.scale).toBe('linear'); // 100 / 2 = 50: under two decades
    expect([d.histogram!.below[0], d.histogram!.above[0]]).toEqual([1, 1]);
    const drawn = d.histogram!.counts.reduce((a, b) => a + b, 0);
    expect(drawn).toBe(99);
  });

  it('draws min to max for the full range', () => {
    const d = computeDistribution(oneTo101, all(101), { scale: 'linear', range: 'full', bins: 4 });
    expect(d.domain).toEqual([1, 101]);
    expect([d.histogram!.below[0], d.histogram!.above[0]]).toEqual([0, 0]);
  });

  it('picks a log axis when the values span two decades and are all positive', () => {
    const decades = Float64Array.from({ length: 101 }, (_, i) => 10 ** (i / 20)); // 1 … 1e5
    const d = computeDistribution(decades, all(101), { scale: 'auto', range: 'p01-p99' });
    expect(d.suggested).toBe('log');
    expect(d.scale).toBe('log');
    // The reader can still ask for linear.
    expect(computeDistribution(decades, all(101), { scale: 'linear', range: 'full' }).scale).toBe(
      'linear',
    );
  });

  it('on a forced log axis leaves values ≤ 0 out and counts them', () => {
    const values = Float64Array.of(-1, 0, 1, 10, 100);
    const d = computeDistribution(values, all(5), { scale: 'log', range: 'full', bins: 2 });
    expect(d.suggested).toBe('linear');
    expect(d.scale).toBe('log');
    expect(d.domain).toEqual([1, 100]);
    expect(d.histogram!.nonPositive[0]).toBe(2);
    expect([...d.histogram!.counts]).toEqual([1, 2]);
  });

  it('falls back to linear when no value is above 0', () => {
    const d = computeDistribution(Float64Array.of(-3, -1, 0), all(3), {
      scale: 'log',
      range: 'full',
    });
    expect(d.logPossible).toBe(false);
    expect(d.scale).toBe('linear');
  });

  it('has no histogram when no row has a value', () => {
    const d = computeDistribution(Float64Array.of(Number.NaN), all(1), {
      scale: 'auto',
      range: 'p01-p99',
    });
    expect(d.domain).toBeNull();
    expect(d.histogram).toBeNull();
    expect(d.summaries.overall.missing).toBe(1);
  });
});
