import type { IqmComparison } from '../../compare/comparison.ts';
import type { GroupFileResult } from '../../compare/parse-group-file.ts';
import type { FromCompareWorker, ToCompareWorker } from './compare-protocol.ts';

type Listener = (message: FromCompareWorker) => void;

/**
 * Workers comparing at once. One IQM of a 1M-row crowd is ~0.1 s of sorting plus a read that
 * its worker must be free to finish (the stored chunks arrive as blobs read on the worker's
 * own thread), so one worker alternates between the two. A second worker sorts while the
 * first reads: a 68-IQM file against 1M rows took 12.3 s with one, 7.8 s with two (2 cores).
 */
const POOL = Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 2));
const workers: Worker[] = [];
let nextId = 1;
const listeners = new Map<number, Listener>();
/** Crowd requests still listened to: only the latest matters. */
const crowdIds = new Set<number>();

function workerAt(index: number): Worker {
  let worker = workers[index];
  if (!worker) {
    worker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<FromCompareWorker>) =>
      listeners.get(data.id)?.(data);
    worker.onerror = (event) => {
      event.preventDefault();
      const message = event.message || 'The comparison worker failed to start.';
      for (const [id, listen] of listeners) listen({ type: 'failed', id, message });
    };
    workers[index] = worker;
  }
  return worker;
}

function send(message: ToCompareWorker, listener: Listener, index = 0): void {
  listeners.set(message.id, listener);
  workerAt(index).postMessage(message);
}

/** Reads and parses the user's file in the worker. */
export function parseInWorker(file: File): Promise<GroupFileResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    send({ type: 'parse', id, file }, (message) => {
      if (message.type === 'parsed') resolve(message.result);
      else if (message.type === 'failed') reject(new Error(message.message));
      else return;
      listeners.delete(id);
    });
  });
}

export interface CrowdRequest {
  datasetKey: string;
  rows: Uint32Array;
  iqms: string[];
  user: Float64Array[];
}

/**
 * Compares the user's values with the crowd rows, the IQMs dealt round-robin to the workers.
 * A newer request makes the workers drop an older one, whose promise then never settles:
 * callers ignore stale requests anyway (`onProgress` reports done/total IQMs over all workers;
 * the result lists IQMs in the request's order).
 */
export function compareInWorker(
  request: CrowdRequest,
  onProgress: (done: number, total: number, iqm?: IqmComparison) => void,
): Promise<{ iqms: IqmComparison[]; skipped: string[] }> {
  for (const old of crowdIds) listeners.delete(old);
  crowdIds.clear();
  const total = request.iqms.length;
  const parts = Math.max(1, Math.min(POOL, total));
  const doneBy = new Array<number>(parts).fill(0);
  const results: Array<{ iqms: IqmComparison[]; skipped: string[] } | undefined> = [];
  const order = new Map(request.iqms.map((iqm, i) => [iqm, i]));
  const byOrder =
    <T>(name: (item: T) => string) =>
    (a: T, b: T) =>
      order.get(name(a))! - order.get(name(b))!;
  return new Promise((resolve, reject) => {
    for (let k = 0; k < parts; k++) {
      const id = nextId++;
      crowdIds.add(id);
      const mine = request.iqms.map((_, i) => i).filter((i) => i % parts === k);
      const part = {
        datasetKey: request.datasetKey,
        // The rows are copied, not transferred: the view keeps using its own.
        rows: request.rows,
        iqms: mine.map((i) => request.iqms[i]!),
        user: mine.map((i) => request.user[i]!),
      };
      send(
        { type: 'crowd', id, ...part },
        (message) => {
          if (message.type === 'progress') {
            doneBy[k] = message.done;
            const done = doneBy.reduce((a, b) => a + b, 0);
            return onProgress(done, total, message.iqm);
          }
          if (message.type === 'failed') reject(new Error(message.message));
          else if (message.type === 'compared') {
            results[k] = { iqms: message.iqms, skipped: message.skipped };
            if (results.filter(Boolean).length === parts) {
              const all = results as Array<{ iqms: IqmComparison[]; skipped: string[] }>;
              resolve({
                iqms: all.flatMap((r) => r.iqms).sort(byOrder((c: IqmComparison) => c.iqm)),
                skipped: all.flatMap((r) => r.skipped).sort(byOrder((iqm: string) => iqm)),
              });
            }
          } else return;
          listeners.delete(id);
          crowdIds.delete(id);
        },
        k,
      );
    }
  });
}
