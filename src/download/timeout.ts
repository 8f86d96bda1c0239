import type { Sleep } from './retry.ts';

/** A request took longer than allowed (same name as src/api's, so it classifies as retryable). */
export class RequestTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Runs `fn` with a signal that aborts after `ms` or when `signal` aborts, whichever is first.
 * Races the result too, so a callee that ignores its signal cannot hang the caller.
 */
export async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  options: { signal?: AbortSignal; sleep: Sleep },
): Promise<T> {
  const inner = new AbortController();
  const done = new AbortController(); // cancels the timer once fn settles
  const outer = options.signal;
  outer?.throwIfAborted();
  const stop = new Promise<never>((_, reject) => {
    // Reject before aborting: fn may reject synchronously on abort, and the race must report
    // the cause (timeout or the caller's abort), not fn's generic AbortError.
    const onOuter = () => {
      reject(outer?.reason);
      inner.abort(outer?.reason);
    };
    outer?.addEventListener('abort', onOuter, { once: true });
    done.signal.addEventListener('abort', () => outer?.removeEventListener('abort', onOuter));
    options.sleep(ms, done.signal).then(
      () => {
        const error = new RequestTimeoutError(`no answer within ${Math.round(ms / 1000)} s`);
        reject(error);
        inner.abort(error);
      },
      () => {},
    );
  });
  stop.catch(() => {});
  try {
    return await Promise.race([fn(inner.signal), stop]);
  } finally {
    done.abort();
  }
}
