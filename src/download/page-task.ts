import { AbortedError } from '../api/errors.ts';
import { checkPage, type FetchPage, type PageRequest, type PageResult } from './page-request.ts';
import { type RetryOptions, retry, type Sleep } from './retry.ts';

export interface PageTaskOptions {
  fetchPage: FetchPage;
  /** Pause or cancel: the attempt in flight is abandoned at once, and no retry follows. */
  signal: AbortSignal;
  /** For retry waits unless `retry.sleep` is given. */
  sleep: Sleep;
  retry: RetryOptions;
  /** Called as each attempt starts (the engine notes the concurrency epoch then). */
  onAttempt?: (attempt: number) => void;
}

/**
 * One page: each attempt validated, retried with backoff as `retry` allows. Time limits are the
 * API client's (src/api/exchange.ts); here only the caller's abort is raced, so a pause never
 * waits on a fetchPage that is slow to honour its signal.
 */
export function fetchPageWithRetry(request: PageRequest, o: PageTaskOptions): Promise<PageResult> {
  return retry(
    (n) => {
      o.onAttempt?.(n);
      return untilAborted(o.fetchPage(request, o.signal).then(checkPage), o.signal);
    },
    { sleep: o.sleep, ...o.retry, signal: o.signal },
  );
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? new AbortedError());
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason ?? new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() =>
    signal.removeEventListener('abort', onAbort),
  );
}
