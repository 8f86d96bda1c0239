import type { Sleep } from './retry.ts';

/**
 * How the engine's loop sleeps: until something happens (`wake()`: a page arrived, a write
 * finished, pause or cancel) or a time comes (`wakeAt`: a Retry-After pause ends, a partial
 * chunk is due). One wait at a time; timers stop with `signal`.
 */
export interface Waker {
  wait(): Promise<void>;
  wake(): void;
  wakeAt(at: number): void;
}

export function createWaker(sleep: Sleep, now: () => number, signal: AbortSignal): Waker {
  let waiter: (() => void) | null = null;
  let pendingAt: number | null = null;
  const wake = () => {
    const resolve = waiter;
    waiter = null;
    resolve?.();
  };
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        waiter = resolve;
      }),
    wake,
    wakeAt(at) {
      // An earlier timer still pending will wake the loop first, and it re-arms then.
      if (pendingAt !== null && pendingAt <= at && pendingAt > now()) return;
      pendingAt = at;
      sleep(Math.max(0, at - now()), signal).then(
        () => {
          if (pendingAt === at) pendingAt = null;
          wake();
        },
        () => {},
      );
    },
  };
}
