/**
 * Counters behind `GET /__mirror/stats`, so tests and the app can see what the mirror served
 * (including injected faults) without parsing logs.
 */

/** The JSON body of `GET /__mirror/stats`. */
export interface StatsSnapshot {
  /** Requests answered or dropped, excluding the `/__mirror/*` endpoints themselves. */
  requests: number;
  /** Responses by HTTP status, keys as strings ("200", "503", …); drops have no status. */
  byStatus: Record<string, number>;
  /** Connections destroyed without a response (`--drop-rate`). */
  dropped: number;
  /** Responses cut off halfway through the body (`--truncate-rate`); also in byStatus. */
  truncated: number;
  /** When the server started or the stats were last reset (ISO 8601). */
  startedAt: string;
}

export interface MirrorStats {
  recordResponse(status: number): void;
  recordDrop(): void;
  recordTruncation(): void;
  snapshot(): StatsSnapshot;
  reset(): void;
}

/**
 * Creates an empty set of counters.
 *
 * @example
 * const stats = createStats();
 * stats.recordResponse(200);
 * stats.snapshot().byStatus // { '200': 1 }
 */
export function createStats(now: () => Date = () => new Date()): MirrorStats {
  let state = empty(now());
  return {
    recordResponse(status) {
      state.requests++;
      const key = String(status);
      state.byStatus[key] = (state.byStatus[key] ?? 0) + 1;
    },
    recordDrop() {
      state.requests++;
      state.dropped++;
    },
    recordTruncation() {
      state.truncated++;
    },
    snapshot() {
      return { ...state, byStatus: { ...state.byStatus } };
    },
    reset() {
      state = empty(now());
    },
  };
}

function empty(at: Date): StatsSnapshot {
  return { requests: 0, byStatus: {}, dropped: 0, truncated: 0, startedAt: at.toISOString() };
}
