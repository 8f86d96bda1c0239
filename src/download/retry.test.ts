import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  SchemeError,
  TimeoutError,
} from '../api/errors.ts';
import { PageFailedError, PlanMismatchError } from './errors.ts';
import {
  backoffDelay,
  classifyError,
  isCongestion,
  PROBE_NETWORK_ATTEMPTS,
  PROBE_RETRY,
  retry,
  retryAfterMs,
  shouldRetry,
  sleep,
} from './retry.ts';

const URL_ = 'http://127.0.0.1:5174/api/v1/T1w';
const httpError = (status: number, extra: { retryAfterS?: number; serverMessage?: string } = {}) =>
  new HttpError(status, URL_, extra.serverMessage, extra.retryAfterS);
const named = (name: string) => Object.assign(new Error(name), { name });

describe('classifyError / shouldRetry (by kind, never by name)', () => {
  it.each([
    { error: httpError(429), kind: 'throttled', retry: true, congestion: true },
    { error: httpError(500), kind: 'server', retry: true, congestion: true },
    { error: httpError(502), kind: 'server', retry: true, congestion: true },
    { error: httpError(504), kind: 'server', retry: true, congestion: true },
    { error: httpError(400), kind: 'fatal', retry: false, congestion: false },
    { error: httpError(404), kind: 'fatal', retry: false, congestion: false },
    { error: httpError(422), kind: 'fatal', retry: false, congestion: false },
    { error: new NetworkError(URL_), kind: 'network', retry: true, congestion: true },
    { error: new TimeoutError(URL_, 60_000), kind: 'timeout', retry: true, congestion: true },
    {
      error: new TimeoutError(URL_, 20_000, 'inactivity'),
      kind: 'timeout',
      retry: true,
      congestion: true,
    },
    {
      error: new InvalidResponseError('cut short'),
      kind: 'invalid',
      retry: true,
      congestion: false,
    },
    { error: new AbortedError(URL_), kind: 'abort', retry: false, congestion: false },
    { error: new SchemeError('data:x', 'data:'), kind: 'fatal', retry: false, congestion: false },
    { error: new RedirectError(URL_, 'http://b'), kind: 'fatal', retry: false, congestion: false },
    { error: new PlanMismatchError('x'), kind: 'fatal', retry: false, congestion: false },
    { error: new PageFailedError('x'), kind: 'fatal', retry: false, congestion: false },
    // Borrowed names classify as nothing: only the API client's typed errors are retried.
    { error: named('TimeoutError'), kind: 'fatal', retry: false, congestion: false },
    { error: new TypeError('Failed to fetch'), kind: 'fatal', retry: false, congestion: false },
    { error: new Error('bug'), kind: 'fatal', retry: false, congestion: false },
    { error: 'a string', kind: 'fatal', retry: false, congestion: false },
  ])('$error.name $error.message → $kind', ({ error, kind, retry: again, congestion }) => {
    expect(classifyError(error)).toBe(kind);
    expect(shouldRetry(error)).toBe(again);
    expect(isCongestion(error)).toBe(congestion);
  });

  it('reads Retry-After seconds', () => {
    expect(retryAfterMs(httpError(429, { retryAfterS: 3 }))).toBe(3000);
    expect(retryAfterMs(httpError(429))).toBeUndefined();
  });
});

describe('PROBE_RETRY', () => {
  it('gives a server never reached a few quick attempts, others the usual', () => {
    const network = new NetworkError(URL_);
    const attempts = Array.from({ length: 8 }, (_, i) => i + 1);
    const again = (error: unknown) =>
      attempts.filter((n) => PROBE_RETRY.shouldRetry?.(error, n)).length + 1;
    expect(again(network)).toBe(PROBE_NETWORK_ATTEMPTS);
    expect(again(httpError(503))).toBe(9);
    expect(again(new TimeoutError(URL_, 60_000))).toBe(9);
    expect(again(httpError(400))).toBe(1);
  });

  it('ends the probe of a stalled server after two budgets, not eight', async () => {
    vi.useFakeTimers();
    try {
      const timedOut = () =>
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new TimeoutError(URL_, 60_000)), 60_000),
        );
      const fn = vi.fn(timedOut);
      const result = retry(fn, { ...PROBE_RETRY, random: () => 0.5 });
      result.catch(() => {});
      await vi.advanceTimersByTimeAsync(2 * 60_000 + 1000);
      await expect(result).rejects.toBeInstanceOf(TimeoutError);
      expect(fn).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends the probe of an unreachable source within about 2 s of waits', async () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn().mockRejectedValue(new NetworkError(URL_));
      const result = retry(fn, { ...PROBE_RETRY, random: () => 0.999 });
      result.catch(() => {});
      await vi.advanceTimersByTimeAsync(1750);
      await expect(result).rejects.toBeInstanceOf(NetworkError);
      expect(fn).toHaveBeenCalledTimes(PROBE_NETWORK_ATTEMPTS);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('backoffDelay (full jitter, capped)', () => {
  it.each([
    { retry: 1, random: 0.999, expected: 499 },
    { retry: 2, random: 0.5, expected: 500 },
    { retry: 4, random: 1 - 1e-9, expected: 3999 },
    { retry: 10, random: 0.5, expected: 15_000 }, // 500·2^9 = 256 s, capped at 30 s
    { retry: 3, random: 0, expected: 0 },
  ])('retry $retry, random $random → $expected ms', ({ retry: n, random, expected }) => {
    expect(backoffDelay(n, () => random, { baseMs: 500, capMs: 30_000 })).toBe(expected);
  });
});

describe('retry with fake timers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries retryable errors with backoff, then succeeds', async () => {
    const fn = vi
      .fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(httpError(503))
      .mockRejectedValueOnce(new NetworkError(URL_))
      .mockResolvedValue('page');
    const onRetry = vi.fn();
    const result = retry(fn, { random: () => 0.5, onRetry });
    await vi.advanceTimersByTimeAsync(249);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // 0.5 · 500
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(500); // 0.5 · 1000
    await expect(result).resolves.toBe('page');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls.map(([e]) => [e.attempt, e.delayMs])).toEqual([
      [1, 250],
      [2, 500],
    ]);
  });

  it('waits at least Retry-After', async () => {
    const fn = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(httpError(429, { retryAfterS: 3 }))
      .mockResolvedValue('ok');
    const result = retry(fn, { random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('caps an absurd Retry-After', async () => {
    const fn = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(httpError(503, { retryAfterS: 86_400 }))
      .mockResolvedValue('ok');
    const result = retry(fn, { random: () => 0, maxRetryAfterMs: 60_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(result).resolves.toBe('ok');
  });

  it('does not retry a 400 and surfaces it as is', async () => {
    const error = httpError(400, { serverMessage: 'The browser (or proxy) sent a request…' });
    const fn = vi.fn().mockRejectedValue(error);
    await expect(retry(fn)).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after `attempts`, rethrowing the last error', async () => {
    const fn = vi.fn().mockRejectedValue(httpError(502));
    const result = retry(fn, { attempts: 3, random: () => 1 });
    result.catch(() => {});
    await vi.runAllTimersAsync();
    await expect(result).rejects.toMatchObject({ status: 502 });
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('stops at the deadline', async () => {
    const fn = vi.fn().mockRejectedValue(httpError(503));
    const result = retry(fn, { random: () => 0.999, deadlineMs: 1000 });
    result.catch(() => {});
    await vi.runAllTimersAsync();
    await expect(result).rejects.toMatchObject({ status: 503 });
    expect(fn).toHaveBeenCalledTimes(2); // waits 499 ms, then 999 would end past 1000
  });

  it('aborts during a wait with the signal reason, without another attempt', async () => {
    const controller = new AbortController();
    const fn = vi.fn().mockRejectedValue(httpError(503));
    const result = retry(fn, { signal: controller.signal, random: () => 0.5 });
    result.catch(() => {});
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(named('AbortError'));
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    await vi.runAllTimersAsync();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not start when already aborted', async () => {
    const fn = vi.fn();
    await expect(retry(fn, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('sleep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sleep resolves after ms and rejects on abort', async () => {
    const done = vi.fn();
    sleep(100).then(done);
    await vi.advanceTimersByTimeAsync(99);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();
    const controller = new AbortController();
    const aborted = sleep(100, controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
  });
});
