import type { DownloadProgress } from './protocol.ts';

/**
 * Rate over a sliding window, and a throttle, so progress is cheap to post and honest:
 * the rate follows the last few seconds, not the average since the start (which a long
 * Retry-After pause would drag down for minutes).
 */

export interface RateMeter {
  /** Records `count` (a running total) at time `t` (ms). */
  add(t: number, count: number): void;
  /** Per second over the window, 0 until two samples exist. */
  perSecond(): number;
}

export function createRateMeter(windowMs = 5000): RateMeter {
  const samples: Array<[number, number]> = [];
  return {
    add(t, count) {
      samples.push([t, count]);
      // Keep one sample older than the window as the baseline.
      while (samples.length > 2 && (samples[1]?.[0] ?? t) <= t - windowMs) samples.shift();
    },
    perSecond() {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last || last[0] <= first[0]) return 0;
      return ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
    },
  };
}

/** True at most once per `intervalMs` (or when forced): at most 4 posts a second at 250. */
export function createThrottle(intervalMs: number): (now: number, force?: boolean) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (now, force = false) => {
    if (!force && now - last < intervalMs) return false;
    last = now;
    return true;
  };
}

/** Seconds left at `rate` records/s, null when unknown. */
export function etaSeconds(remaining: number, rate: number): number | null {
  if (remaining <= 0) return 0;
  return rate > 0 ? remaining / rate : null;
}

export type ProgressCounts = Omit<DownloadProgress, 'rate' | 'etaS'>;

/**
 * Posts progress at most once per `intervalMs` (forced posts excepted), adding rate and ETA.
 * Callers pass a function so the snapshot is only built when it will be posted. Returns false
 * when the throttle held the post back: the caller posts again once the interval is over, or a
 * stall (nothing more happening) would leave the last records in hand unreported.
 */
export function createProgressReporter(
  intervalMs: number,
  onProgress: ((progress: DownloadProgress) => void) | undefined,
): (now: number, counts: () => ProgressCounts, force?: boolean) => boolean {
  const throttle = createThrottle(intervalMs);
  const meter = createRateMeter();
  return (now, counts, force = false) => {
    if (!onProgress) return true;
    if (!throttle(now, force)) return false;
    const c = counts();
    meter.add(now, c.fetched);
    const rate = meter.perSecond();
    onProgress({ ...c, rate, etaS: etaSeconds(c.total - c.fetched, rate) });
    return true;
  };
}
