import type { IqmComparison } from '../../compare/comparison.ts';
import type { GroupFileResult } from '../../compare/parse-group-file.ts';
import type { FromCompareWorker, ToCompareWorker } from './compare-protocol.ts';

type Listener = (message: FromCompareWorker) => void;

let worker: Worker | null = null;
let nextId = 1;
const listeners = new Map<number, Listener>();
/** Crowd requests still listened to: only the latest matters. */
const crowdIds = new Set<number>();

function send(message: ToCompareWorker, listener: Listener): void {
  if (!worker) {
    worker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<FromCompareWorker>) =>
      listeners.get(data.id)?.(data);
    worker.onerror = (event) => {
      event.preventDefault();
      const message = event.message || 'The comparison worker failed to start.';
      for (const [id, listen] of listeners) listen({ type: 'failed', id, message });
    };
  }
  listeners.set(message.id, listener);
  worker.postMessage(message);
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
 * Compares the user's values with the crowd rows, one IQM at a time in the worker. A newer
 * request makes the worker drop an older one, whose promise then never settles: callers
 * ignore stale requests anyway (`onProgress` reports done/total IQMs).
 */
export function compareInWorker(
  request: CrowdRequest,
  onProgress: (done: number, total: number, iqm?: IqmComparison) => void,
): Promise<{ iqms: IqmComparison[]; skipped: string[] }> {
  const id = nextId++;
  for (const old of crowdIds) listeners.delete(old);
  crowdIds.clear();
  crowdIds.add(id);
  return new Promise((resolve, reject) => {
    // The rows are copied, not transferred: the view keeps using its own.
    send({ type: 'crowd', id, ...request }, (message) => {
      if (message.type === 'progress') return onProgress(message.done, message.total, message.iqm);
      if (message.type === 'compared') resolve({ iqms: message.iqms, skipped: message.skipped });
      else if (message.type === 'failed') reject(new Error(message.message));
      else return;
      listeners.delete(id);
      crowdIds.delete(id);
    });
  });
}
