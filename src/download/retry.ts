import { ApiError, HttpError } from '../api/errors.ts';

/**
 * Retry with capped exponential backoff and full jitter, honouring a server's Retry-After.
 * Errors are sorted by the `kind` src/api's errors carry as data; anything else (the engine's
 * own errors, store errors, bugs) is fatal.
 */

export type ErrorClass =
  | 'abort'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid'
  | 'fatal';

/**
 * Sorts an error into what the engine does with it. In production the API's 500s and
 * nginx's 502/504 carry no CORS headers, so the browser reports them as a fetch TypeError:
 * network errors are therefore retried like 5xx.
 * @example classifyError(new HttpError(429, url)) // 'throttled'
 */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof HttpError) {
    if (error.status === 429) return 'throttled';
    return error.status >= 500 ? 'server' : 'fatal';
  }
  if (!(error instanceof ApiError)) return 'fatal';
  switch (error.kind) {
    case 'aborted':
      return 'abort';
    case 'network':
    case 'timeout':
    case 'invalid':
      return error.kind;
    default: // http is handled above; scheme and redirect: asking again changes nothing
      return 'fatal';
  }
}

/** Retry on 429, 5xx, network errors, timeouts and invalid bodies; never on other 4xx. */
export function shouldRetry(error: unknown): boolean {
  const kind = classifyError(error);
  return kind !== 'abort' && kind !== 'fatal';
}

/** Failures that mean "the server or the path to it is overloaded": slow down. */
export function isCongestion(error: unknown): boolean {
  const kind = classifyError(error);
  return kind === 'throttled' || kind === 'server' || kind === 'network' || kind === 'timeout';
}

/** The server's Retry-After in ms, if the error carries one. */
export function retryAfterMs(error: unknown): number | undefined {
  const retryAfterS = error instanceof HttpError ? error.retryAfterS : undefined;
  return typeof retryAfterS === 'number' && retryAfterS >= 0 ? retryAfterS * 1000 : undefined;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise; rejects with the signal's reason when aborted. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/**
 * Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in
 * [0, min(cap, base · 2^(retry-1))). Spreads clients apart better than equal jitter.
 */
export function backoffDelay(retry: number, random: () => number, options: BackoffOptions) {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts?: number;
  baseMs?: number;
  capMs?: number;
  /** A Retry-After longer than this is cut to it (a misconfigured header must not hang a job). */
  maxRetryAfterMs?: number;
  /** Stop retrying once a wait would end this long after the first attempt. */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** Whether to try again after attempt number `attempt` (1-based) failed with `error`. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Called before each wait: count retries, tell the concurrency controller. */
  onRetry?: (event: { attempt: number; error: unknown; delayMs: number }) => void;
}

export const RETRY_DEFAULTS = {
  attempts: 8,
  baseMs: 500,
  capMs: 30_000,
  maxRetryAfterMs: 300_000,
  deadlineMs: Number.POSITIVE_INFINITY,
} as const;

/** The wait before retry number `attempt` (1-based), or undefined to give up. */
function nextDelay(attempt: number, error: unknown, startedAt: number, o: Required<RetryOptions>) {
  if (attempt >= o.attempts || !o.shouldRetry(error, attempt)) return undefined;
  let delay = backoffDelay(attempt, o.random, o);
  const serverWait = retryAfterMs(error);
  if (serverWait !== undefined) delay = Math.max(delay, Math.min(serverWait, o.maxRetryAfterMs));
  return o.now() + delay - startedAt > o.deadlineMs ? undefined : delay;
}

/**
 * Runs `fn` until it succeeds, retrying what `shouldRetry` allows, waiting
 * max(jittered backoff, Retry-After) between attempts. Rethrows the last error when retries
 * run out or the error is not retryable; rejects with the signal's reason when aborted.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const o: Required<RetryOptions> = {
    ...RETRY_DEFAULTS,
    signal: new AbortController().signal,
    shouldRetry,
    sleep,
    random: Math.random,
    now: Date.now,
    onRetry: () => {},
    ...definedOnly(options),
  };
  const startedAt = o.now();
  for (let attempt = 1; ; attempt++) {
    o.signal.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (o.signal.aborted) throw o.signal.reason;
      const delayMs = nextDelay(attempt, error, startedAt, o);
      if (delayMs === undefined) throw error;
      o.onRetry({ attempt, error, delayMs });
      await o.sleep(delayMs, o.signal);
    }
  }
}

/** `{...defaults, ...options}` must not let an explicit `undefined` erase a default. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** Attempts a probe makes on network failures before it gives up (see PROBE_RETRY). */
export const PROBE_NETWORK_ATTEMPTS = 4;

/** How long a probe keeps retrying a server that answers slowly or not at all (see PROBE_RETRY). */
export const PROBE_DEADLINE_MS = 90_000;

/**
 * Retries for the first requests of a new job (the probe), while the server has not answered
 * once. The match count asks the same server at the same moment without retries, and its
 * error is already on screen; the run must not go on saying "Downloading…" for minutes after:
 * - a server that cannot be reached (network errors) is most likely down or mistyped: a few
 *   quick attempts (< 2 s of waits) instead of a minute of backoff;
 * - no retry starts later than PROBE_DEADLINE_MS after the first attempt, so a stalled server
 *   (each attempt cut at the 60 s budget) ends the run after two attempts, not eight.
 * Once the download runs, everything is retried as usual (RETRY_DEFAULTS).
 */
export const PROBE_RETRY: Pick<RetryOptions, 'shouldRetry' | 'baseMs' | 'deadlineMs'> = {
  baseMs: 250,
  deadlineMs: PROBE_DEADLINE_MS,
  shouldRetry: (error, attempt) =>
    shouldRetry(error) &&
    !(classifyError(error) === 'network' && attempt >= PROBE_NETWORK_ATTEMPTS),
};
