import { checkPage, type FetchPage, type PageRequest, type PageResult } from './page-request.ts';
import { type RetryOptions, retry, type Sleep } from './retry.ts';
import { withTimeout } from './timeout.ts';

export interface PageTaskOptions {
  fetchPage: FetchPage;
  signal: AbortSignal;
  /** For timeouts, and for retry waits unless `retry.sleep` is given. */
  sleep: Sleep;
  /** Per attempt; Infinity = none (the API client may time requests out itself). */
  timeoutMs: number;
  retry: RetryOptions;
  /** Called as each attempt starts (the engine notes the concurrency epoch then). */
  onAttempt?: (attempt: number) => void;
}

/** One page: each attempt timed out and validated, retried with backoff as `retry` allows. */
export function fetchPageWithRetry(request: PageRequest, o: PageTaskOptions): Promise<PageResult> {
  const attempt = (signal: AbortSignal) => o.fetchPage(request, signal).then(checkPage);
  return retry(
    (n) => {
      o.onAttempt?.(n);
      return Number.isFinite(o.timeoutMs)
        ? withTimeout(attempt, o.timeoutMs, { signal: o.signal, sleep: o.sleep })
        : attempt(o.signal);
    },
    { sleep: o.sleep, ...o.retry, signal: o.signal },
  );
}
