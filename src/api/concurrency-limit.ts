import { AbortedError } from './errors.ts';

export interface Limiter {
  /**
   * Runs `task` once fewer than `max` tasks run. A task whose signal aborts while it waits is
   * dropped unstarted (rejecting with AbortedError) and never takes a slot.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running now (for tests and figures). */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

/**
 * At most `max` tasks at once, started in the order asked: many small requests (facet counts)
 * stay polite to a public server that runs two workers.
 * @example const limit = createLimiter(4); await Promise.all(urls.map((u) => limit.run(() => fetch(u))));
 */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be ≥ 1, got ${max}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    active--;
    queue.shift()?.();
  };
  const run = <T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError());
      const start = () => {
        signal?.removeEventListener('abort', drop);
        active++;
        task().then(resolve, reject).finally(next);
      };
      const drop = () => {
        const at = queue.indexOf(start);
        if (at === -1) return;
        queue.splice(at, 1);
        reject(new AbortedError());
      };
      if (active < max) return start();
      signal?.addEventListener('abort', drop, { once: true });
      queue.push(start);
    });
  return {
    run,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
