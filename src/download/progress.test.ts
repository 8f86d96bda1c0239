import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  createRateMeter,
  createThrottle,
  etaSeconds,
  type ProgressCounts,
} from './progress.ts';
import type { DownloadProgress } from './protocol.ts';

describe('createRateMeter', () => {
  it.each([
    { samples: [], rate: 0 },
    { samples: [[0, 0]], rate: 0 },
    {
      samples: [
        [0, 0],
        [1000, 500],
      ],
      rate: 500,
    },
    {
      samples: [
        [0, 0],
        [1000, 500],
        [2000, 1500],
      ],
      rate: 750,
    },
    // Older samples leave the 5 s window: a long stall early on no longer drags the rate.
    {
      samples: [
        [0, 0],
        [60_000, 100],
        [61_000, 1100],
        [66_000, 6100],
      ],
      rate: 1000,
    },
  ] as Array<{ samples: Array<[number, number]>; rate: number }>)(
    '$samples → $rate/s',
    ({ samples, rate }) => {
      const meter = createRateMeter(5000);
      for (const [t, n] of samples) meter.add(t, n);
      expect(meter.perSecond()).toBe(rate);
    },
  );
});

describe('createThrottle', () => {
  it('lets one call through per interval, and forced ones always', () => {
    const allow = createThrottle(250);
    const times = [0, 100, 249, 250, 260, 499, 500, 510];
    expect(times.map((t) => allow(t))).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(allow(520, true)).toBe(true);
  });
});

describe('etaSeconds', () => {
  it.each([
    { remaining: 0, rate: 0, eta: 0 },
    { remaining: 100, rate: 0, eta: null },
    { remaining: 1000, rate: 500, eta: 2 },
  ])('$remaining left at $rate/s → $eta s', ({ remaining, rate, eta }) => {
    expect(etaSeconds(remaining, rate)).toBe(eta);
  });
});

describe('createProgressReporter', () => {
  it('posts at most 4 times a second, with rate and ETA, building snapshots only when posting', () => {
    const posted: DownloadProgress[] = [];
    let built = 0;
    const report = createProgressReporter(250, (p) => posted.push(p));
    const counts = (fetched: number) => (): ProgressCounts => {
      built++;
      return {
        phase: 'main',
        fetched,
        total: 1000,
        pages: 0,
        pagesTotal: 20,
        retries: 0,
        inFlight: 1,
        concurrency: 4,
        added: fetched,
      };
    };
    for (let t = 0; t <= 1000; t += 50) report(t, counts(t / 2));
    expect(posted.map((p) => p.fetched)).toEqual([0, 125, 250, 375, 500]);
    expect(built).toBe(5);
    expect(posted.at(-1)).toMatchObject({ rate: 500, etaS: 1 });
  });
});
