import { byteLimit, refuseDeclaredSize } from './bounded-body.ts';
import { AbortedError, type ApiError, NetworkError, TimeoutError } from './errors.ts';

/**
 * The time limits of one request, in one place (the only timers a request has):
 * - `timeoutMs`, the budget, bounds the whole exchange, from sending to the last byte;
 * - `inactivityMs` bounds each silence once the answer has begun (headers in): a server that
 *   sends headers and then trickles or stops is cut well before the budget runs out.
 * Waiting for the headers is bounded by the budget alone: the API counts the matching records
 * before it sends anything, which can take up to gunicorn's 30 s on a broad filter.
 */
export interface ExchangeLimits {
  /** Cancels the request; it then rejects with AbortedError. */
  signal?: AbortSignal | undefined;
  /** The whole exchange's budget; Infinity = none. */
  timeoutMs?: number | undefined;
  /** The longest silence once answering; Infinity = none. */
  inactivityMs?: number | undefined;
  /** Read at most this many bytes of the body (AnswerTooLargeError past it); no limit if unset. */
  maxBytes?: number | undefined;
}

/** Above gunicorn's 30 s worker timeout, after which the real server's nginx answers 502. */
export const REQUEST_BUDGET_MS = 60_000;
/** No byte of an answer for this long: the server (or the path to it) has stalled. */
export const INACTIVITY_MS = 20_000;

export interface Exchange {
  /** The caller's cap on the body's size, if any. */
  readonly maxBytes: number | undefined;
  /** For fetch: aborts when a limit is hit or the caller's signal fires. */
  readonly signal: AbortSignal;
  /** Settles with `promise`, or rejects as soon as a limit is hit or the caller aborts. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Bytes (or headers) arrived: the inactivity clock starts again. */
  alive(): void;
  /** The error to report: the limit that was hit, a fetch TypeError as NetworkError. */
  failure(error: unknown): unknown;
  /** Clears the timers; call once the exchange is over. */
  end(): void;
}

/**
 * Starts watching one request. `race` matters as much as the abort: a callee that ignores its
 * signal (a test double, a body stream that never errors) still cannot hang the caller.
 * @example const x = watchExchange(url, {timeoutMs: 60_000}); const res = await x.race(fetch(url, {signal: x.signal}));
 */
export function watchExchange(url: string, limits: ExchangeLimits): Exchange {
  const { signal, timeoutMs = REQUEST_BUDGET_MS, inactivityMs = INACTIVITY_MS } = limits;
  const controller = new AbortController();
  let stopped: ApiError | null = null;
  let reject: (error: ApiError) => void = () => {};
  const stop = new Promise<never>((_, r) => {
    reject = r;
  });
  stop.catch(() => {}); // observed through race; unobserved when nothing is racing
  const halt = (error: ApiError) => {
    if (stopped) return;
    stopped = error;
    reject(error);
    controller.abort(error);
  };
  const onAbort = () => halt(new AbortedError(url));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const budget = timer(timeoutMs, () => halt(new TimeoutError(url, timeoutMs, 'budget')));
  let idle: ReturnType<typeof setTimeout> | undefined;
  return {
    maxBytes: limits.maxBytes,
    signal: controller.signal,
    race: (promise) => Promise.race([promise, stop]),
    alive() {
      clearTimeout(idle);
      if (stopped) return;
      idle = timer(inactivityMs, () => halt(new TimeoutError(url, inactivityMs, 'inactivity')));
    },
    failure(error) {
      if (stopped) return stopped;
      // A TypeError is all a browser reveals for DNS failures, refused connections and for any
      // answer without CORS headers, which includes the real server's 500s and nginx's 502/504.
      if (error instanceof TypeError) return new NetworkError(url, error);
      return error;
    },
    end() {
      clearTimeout(budget);
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** setTimeout, or nothing for Infinity (delays above 2^31 - 1 ms would fire at once). */
function timer(ms: number, fn: () => void): ReturnType<typeof setTimeout> | undefined {
  return Number.isFinite(ms) ? setTimeout(fn, ms) : undefined;
}

/**
 * The body as text, read chunk by chunk so that silence is measurable (`alive` per chunk) and,
 * with `maxBytes`, so that a server ignoring `max_results` and sending 100 MB costs at most
 * `maxBytes` of memory and parsing (a declared Content-Length over it is refused unread).
 * @example const text = await readBodyText(response, exchange);
 */
export async function readBodyText(response: Response, exchange: Exchange): Promise<string> {
  exchange.alive();
  const { maxBytes } = exchange;
  if (maxBytes !== undefined) await refuseDeclaredSize(response, maxBytes);
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const count = maxBytes === undefined ? null : byteLimit(maxBytes);
  const decoder = new TextDecoder();
  const parts: string[] = [];
  try {
    for (;;) {
      const { done, value } = await exchange.race(reader.read());
      if (done) break;
      exchange.alive();
      count?.(value);
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    // Cancelling (not just dropping the reader) aborts the transfer and closes the connection,
    // also for a stream that ignored the abort.
    reader.cancel().catch(() => {});
    throw error;
  }
  parts.push(decoder.decode());
  return parts.join('');
}
