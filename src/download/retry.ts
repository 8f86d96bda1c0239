/**
 * Retry with capped exponential backoff and full jitter, honouring a server's Retry-After.
 *
 * Errors are classified structurally (by `name` and `status`) so this module does not depend
 * on src/api/errors.ts, which will export `HttpError {status, retryAfterS?, serverMessage?}`,
 * `NetworkError`, `TimeoutError` and `InvalidResponseError` with those names.
 */

/** What retry reads from an error; any Error with these optional fields fits. */
export interface RetryableErrorInfo {
  name: string;
  message?: string;
  status?: number;
  retryAfterS?: number;
  serverMessage?: string;
}

export type ErrorClass =
  | 'abort'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid'
  | 'fatal';

function errorInfo(error: unknown): Partial<RetryableErrorInfo> {
  return typeof error === 'object' && error !== null ? (error as Partial<RetryableErrorInfo>) : {};
}

/**
 * Sorts an error into what the engine does with it. In production the API's 500s and
 * nginx's 502/504 carry no CORS headers, so the browser reports them as a fetch TypeError:
 * network errors are therefore retried like 5xx.
 */
export function classifyError(error: unknown): ErrorClass {
  const { name, status } = errorInfo(error);
  if (typeof status === 'number') {
    if (status === 429) return 'throttled';
    return status >= 500 ? 'server' : 'fatal';
  }
  switch (name) {
    case 'AbortError':
    case 'AbortedError': // src/api's name for a cancelled request
      return 'abort';
    case 'TimeoutError':
      return 'timeout';
    case 'NetworkError':
    case 'TypeError':
      return 'network';
    case 'InvalidResponseError':
    case 'SyntaxError': // JSON.parse of a truncated body
      return 'invalid';
    default:
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
  const { retryAfterS } = errorInfo(error);
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
  shouldRetry?: (error: unknown) => boolean;
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
  if (attempt >= o.attempts || !o.shouldRetry(error)) return undefined;
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
