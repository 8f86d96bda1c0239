/**
 * Adaptive request concurrency (AIMD, as TCP congestion control): +1 after `growAfter`
 * consecutive successes up to the ceiling, halve on congestion (429, 5xx, network error,
 * timeout), and no new starts until a server's Retry-After has passed.
 *
 * Pure: every function returns a new state. Requests carry the `epoch` they started in, and
 * only a failure of a request started in the current epoch halves the limit: when 4 requests
 * in flight all hit the same overload, that is one signal (4 → 2), not four (4 → 1).
 */

export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 8;
export const DEFAULT_CONCURRENCY = 4;

export interface ConcurrencyOptions {
  /** Start here: the user's setting. */
  initial: number;
  /** Never above this. Defaults to `initial`: the user's setting is also a promise to the server. */
  ceiling: number;
  /** Consecutive successes per +1. */
  growAfter: number;
}

export interface ConcurrencyState {
  readonly limit: number;
  readonly ceiling: number;
  readonly growAfter: number;
  readonly streak: number;
  /** Incremented by every decrease; requests remember the epoch they started in. */
  readonly epoch: number;
  /** No new request starts before this time (ms, the engine's clock). */
  readonly pausedUntil: number;
}

function clamp(n: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.floor(n)));
}

export function createConcurrency(options: Partial<ConcurrencyOptions> = {}): ConcurrencyState {
  const limit = clamp(options.initial ?? DEFAULT_CONCURRENCY);
  const ceiling = Math.max(limit, clamp(options.ceiling ?? limit));
  const growAfter = Math.max(1, Math.floor(options.growAfter ?? 8));
  return { limit, ceiling, growAfter, streak: 0, epoch: 0, pausedUntil: 0 };
}

/** Whether one more request may start now. */
export function canStart(state: ConcurrencyState, inFlight: number, now: number): boolean {
  return inFlight < state.limit && now >= state.pausedUntil;
}

export function onSuccess(state: ConcurrencyState): ConcurrencyState {
  const streak = state.streak + 1;
  if (streak < state.growAfter || state.limit >= state.ceiling) {
    return { ...state, streak: Math.min(streak, state.growAfter) };
  }
  return { ...state, limit: state.limit + 1, streak: 0 };
}

/**
 * The user changed "Requests in flight" during a run: the setting is the new ceiling, and it
 * takes effect at once both ways (lowering stops new starts until fewer are in flight; raising
 * lets the next requests start now rather than after many successes). Backoff state stays.
 *
 * @example
 * withSetting(createConcurrency({ initial: 4 }), 8).limit // 8
 * withSetting(createConcurrency({ initial: 4 }), 2).limit // 2
 */
export function withSetting(state: ConcurrencyState, setting: number): ConcurrencyState {
  const ceiling = clamp(setting);
  return { ...state, limit: ceiling, ceiling, streak: 0 };
}

export interface Congestion {
  /** The epoch the failed request started in. */
  startedEpoch: number;
  now: number;
  /** The server asked to wait this long before new requests. */
  retryAfterMs?: number;
}

export function onCongestion(state: ConcurrencyState, event: Congestion): ConcurrencyState {
  const pausedUntil =
    event.retryAfterMs === undefined
      ? state.pausedUntil
      : Math.max(state.pausedUntil, event.now + event.retryAfterMs);
  if (event.startedEpoch < state.epoch) return { ...state, streak: 0, pausedUntil };
  return {
    ...state,
    limit: Math.max(MIN_CONCURRENCY, Math.floor(state.limit / 2)),
    streak: 0,
    epoch: state.epoch + 1,
    pausedUntil,
  };
}
