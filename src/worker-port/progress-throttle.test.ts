import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './progress-throttle.ts';

describe('ProgressThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A throttle on the fake clock, recording [time, value] per delivery. */
  function throttled(everyMs: number) {
    const seen: Array<[number, number]> = [];
    const throttle = new ProgressThrottle<number>(
      (value) => seen.push([Date.now(), value]),
      everyMs,
      () => Date.now(),
    );
    return { throttle, seen };
  }

  it('delivers the latest value once per interval, never two within one', () => {
    const t0 = Date.now();
    const { throttle, seen } = throttled(300);
    // A report every 7 ms for 3 s: ~430 reports.
    for (let i = 1; i <= 430; i++) {
      throttle.push(i);
      vi.advanceTimersByTime(7);
    }
    const times = seen.map(([t]) => t - t0);
    expect(times[0]).toBe(300);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(300);
    expect(seen.length).toBe(10);
    // Each delivery is the value current at its time, not the first of its interval.
    expect(seen[0]![1]).toBe(Math.ceil(300 / 7));
  });

  it('settles after the spacing, delivering what is pending first', async () => {
    const t0 = Date.now();
    const { throttle, seen } = throttled(300);
    throttle.push(1);
    vi.advanceTimersByTime(300); // 1 delivered at 300
    throttle.push(2);
    vi.advanceTimersByTime(50);
    let settledAt = -1;
    const settled = throttle.settle().then(() => {
      settledAt = Date.now() - t0;
    });
    await vi.advanceTimersByTimeAsync(300);
    await settled;
    expect(seen.map(([t, v]) => [t - t0, v])).toEqual([
      [300, 1],
      [600, 2],
    ]);
    expect(settledAt).toBe(600);
    throttle.push(3); // after the end: ignored
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveLength(2);
  });

  it('work shorter than one interval renders only its end, without waiting', async () => {
    const { throttle, seen } = throttled(500);
    throttle.push(1);
    throttle.push(2);
    await throttle.settle();
    expect(seen.map(([, v]) => v)).toEqual([2]);
  });

  it('delivers nothing after cancel', () => {
    const { throttle, seen } = throttled(100);
    throttle.push(1);
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    throttle.push(2);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
  });

  it('with an interval of 0 delivers every value at once', () => {
    const { throttle, seen } = throttled(0);
    throttle.push(1);
    throttle.push(2);
    expect(seen.map(([, v]) => v)).toEqual([1, 2]);
  });
});
