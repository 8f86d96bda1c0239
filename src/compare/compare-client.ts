import { ProgressThrottle } from '../worker-port/progress-throttle.ts';
import { createWorkerClient, type WorkerClient } from '../worker-port/worker-client.ts';
import type { CompareApi, CrowdRequest, CrowdResult } from './compare-protocol.ts';
import type { IqmComparison } from './comparison.ts';
import type { GroupFileResult } from './parse-group-file.ts';

/**
 * Workers comparing at once. One IQM of a 1M-row crowd is ~0.1 s of sorting plus a read that
 * its worker must be free to finish (the stored chunks arrive as blobs read on the worker's
 * own thread), so one worker alternates between the two. A second worker sorts while the
 * first reads: a 68-IQM file against 1M rows took 12.3 s with one, 7.8 s with two (2 cores).
 */
const POOL = Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 2));
/** Partial results at most twice a second: each one re-renders the table and charts. */
const PARTIAL_EVERY_MS = 500;

const workers: WorkerClient<CompareApi>[] = [];

function workerAt(index: number): WorkerClient<CompareApi> {
  workers[index] ??= createWorkerClient<CompareApi>(
    'comparison',
    () => new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' }),
  );
  return workers[index];
}

/** Reads and parses the user's file in a worker. */
export function parseInWorker(file: File): Promise<GroupFileResult> {
  return workerAt(0).call('parse', { file });
}

export interface CompareOptions {
  /** Aborting it stops the workers; the promise rejects with the signal's reason. */
  signal: AbortSignal;
  /** IQMs done of all, and the comparisons so far (file order), at most every 500 ms. */
  onProgress: (done: number, total: number, partial: IqmComparison[]) => void;
}

/**
 * Compares the user's values with the crowd rows, the IQMs dealt round-robin to the workers;
 * the result lists IQMs in the request's order.
 */
export async function compareInWorker(
  request: CrowdRequest,
  { signal, onProgress }: CompareOptions,
): Promise<CrowdResult> {
  const total = request.iqms.length;
  const parts = Math.max(1, Math.min(POOL, total));
  const order = new Map(request.iqms.map((iqm, i) => [iqm, i]));
  const inOrder = (a: string, b: string) => order.get(a)! - order.get(b)!;
  const doneBy = new Array<number>(parts).fill(0);
  const partial: IqmComparison[] = [];
  const throttle = new ProgressThrottle<number>(
    (done) =>
      onProgress(
        done,
        total,
        [...partial].sort((a, b) => inOrder(a.iqm, b.iqm)),
      ),
    PARTIAL_EVERY_MS,
  );
  // One part failing stops the others: the comparison as a whole has failed.
  const all = new AbortController();
  const stop = () => all.abort(signal.reason);
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop);
  try {
    const results = await Promise.all(
      Array.from({ length: parts }, (_, k) => {
        const mine = request.iqms.map((_, i) => i).filter((i) => i % parts === k);
        const part: CrowdRequest = {
          datasetKey: request.datasetKey,
          // The rows are copied, not transferred: the view keeps using its own.
          rows: request.rows,
          iqms: mine.map((i) => request.iqms[i]!),
          user: mine.map((i) => request.user[i]!),
          tested: mine.map((i) => request.tested[i]!),
        };
        return workerAt(k).call('crowd', part, {
          signal: all.signal,
          onEvent: (step) => {
            doneBy[k] = step.done;
            if (step.iqm) partial.push(step.iqm);
            throttle.push(doneBy.reduce((a, b) => a + b, 0));
          },
        });
      }),
    );
    await throttle.settle();
    signal.throwIfAborted();
    return {
      iqms: results.flatMap((r) => r.iqms).sort((a, b) => inOrder(a.iqm, b.iqm)),
      skipped: results.flatMap((r) => r.skipped).sort(inOrder),
    };
  } catch (error) {
    all.abort(error);
    throw error;
  } finally {
    throttle.cancel();
    signal.removeEventListener('abort', stop);
  }
}
