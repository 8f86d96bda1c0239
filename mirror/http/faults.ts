import type { ServerResponse } from 'node:http';
import type { FaultOptions } from '../cli-options.ts';
import {
  errorResponse,
  MESSAGES,
  type MirrorResponse,
  nginxErrorResponse,
  serverErrorResponse,
} from './wire.ts';

/**
 * Fault injection for data GETs (DESIGN.md "Mirror options"): latency with jitter, failures in
 * the real deployment's two shapes, dropped connections and truncated bodies.
 *
 * Rule for the failure shape (`--fail-status`): 429 and 503 give Eve's JSON envelope WITH CORS
 * (plus `Retry-After` when `--retry-after` is set); 502 and 504 give nginx's HTML page and 500
 * Flask's HTML page, all WITHOUT CORS, so a browser sees a network error; `mixed` picks 429,
 * 503 or 502 with equal odds. Each request draws exactly three numbers from a PRNG seeded by
 * `--seed`, so the n-th data GET always gets the same fate for the same options.
 */

export type InjectedStatus = 429 | 500 | 502 | 503 | 504;

export type FaultDecision =
  | { type: 'none'; delayMs: number }
  | { type: 'fail'; delayMs: number; status: InjectedStatus }
  | { type: 'drop'; delayMs: number }
  | { type: 'truncate'; delayMs: number };

export interface FaultPlan {
  /** True when any fault or delay is configured (lets the server skip the timer). */
  readonly active: boolean;
  /** The fate of the next data GET. */
  next(): FaultDecision;
}

const MIXED: readonly InjectedStatus[] = [429, 503, 502];

/**
 * A seeded plan for successive data GETs.
 *
 * @example
 * const plan = createFaultPlan({ ...none, failRate: 1, failStatus: 503 }, 42);
 * plan.next() // { type: 'fail', status: 503, delayMs: 0 }
 */
export function createFaultPlan(faults: FaultOptions, seed: number): FaultPlan {
  const random = mulberry32(seed ^ 0x5eed_fa17);
  const active =
    faults.latencyMs > 0 ||
    faults.jitterMs > 0 ||
    faults.failRate > 0 ||
    faults.dropRate > 0 ||
    faults.truncateRate > 0;
  return {
    active,
    next() {
      const [fate, jitter, shape] = [random(), random(), random()];
      const delayMs = faults.latencyMs + jitter * faults.jitterMs;
      if (fate < faults.failRate) {
        const status =
          faults.failStatus === 'mixed' ? MIXED[Math.floor(shape * 3)]! : faults.failStatus;
        return { type: 'fail', delayMs, status };
      }
      if (fate < faults.failRate + faults.dropRate) return { type: 'drop', delayMs };
      if (fate < faults.failRate + faults.dropRate + faults.truncateRate) {
        return { type: 'truncate', delayMs };
      }
      return { type: 'none', delayMs };
    },
  };
}

/** The response of an injected failure (see the module comment for the shapes). */
export function failureResponse(
  status: InjectedStatus,
  retryAfterS: number | null,
): MirrorResponse {
  if (status === 429 || status === 503) {
    const headers: Array<[string, string]> =
      retryAfterS === null ? [] : [['Retry-After', String(retryAfterS)]];
    return errorResponse(status, MESSAGES[status], headers);
  }
  return status === 500 ? serverErrorResponse() : nginxErrorResponse(status);
}

/**
 * Sends the status line and headers with the full Content-Length, then half the body, then
 * destroys the socket: what a client sees when a proxy or worker dies mid-response.
 */
export function writeTruncated(
  res: ServerResponse,
  status: number,
  headers: Array<[string, string]>,
  body: Buffer,
): void {
  res.writeHead(status, [...headers, ['Content-Length', String(body.length)]].flat());
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}

/** Waits `ms` milliseconds (resolves at once for 0). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** A small, fast, seedable PRNG (Tommy Ettinger's mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
