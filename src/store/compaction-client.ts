import type { CompactionResult } from './compaction.ts';
import type { FromCompactor, ToCompactor } from './compaction-protocol.ts';
import { listenStore } from './store-events.ts';

/**
 * The page's side of the compactor worker. Asked for at the end of every download run and every
 * COMPACT_EVERY chunks a run appends (the writer announces both), and whenever a dataset is opened (datasets stored before segments
 * existed, or a run that ended with the tab closed, compact then); the worker decides whether
 * there is anything to do. Started on first use; does nothing where there are no workers.
 */
export type CompactionState =
  | { type: 'idle' }
  | { type: 'queued' }
  | { type: 'running' }
  | { type: 'done'; result: CompactionResult }
  | { type: 'failed'; message: string };

let worker: Worker | null = null;
const states = new Map<string, CompactionState>();
const listeners = new Set<(key: string, state: CompactionState) => void>();

function set(key: string, state: CompactionState): void {
  states.set(key, state);
  for (const listener of listeners) listener(key, state);
}

const inPage = typeof Worker === 'function' && typeof window !== 'undefined';

function start(): Worker | null {
  if (worker || !inPage) return worker;
  worker = new Worker(new URL('./compact.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<FromCompactor>) => {
    // Marks on the page's timeline (dev tools, benchmarks): when each compaction ran.
    performance.mark(`crowdmri:compaction-${data.type}`, { detail: data });
    if (data.type === 'started') set(data.key, { type: 'running' });
    else if (data.type === 'finished') set(data.key, { type: 'done', result: data.result });
    else set(data.key, { type: 'failed', message: data.error.message });
  };
  return worker;
}

// A download run (in this tab's worker or another tab's) saved its last batch, or has appended
// many chunks: compact it.
if (inPage) {
  listenStore((event) => {
    if (event.type === 'run-saved' || event.type === 'appended') requestCompaction(event.key);
  });
}

/** How long an open waits before compacting: the table's own first reads go first. */
export const OPEN_DELAY_MS = 3000;

/**
 * Asks the compactor to look at `key` (compacting it if its appended chunks are worth it),
 * after `delayMs`. A delayed request makes the worker only when it is due: loading and
 * evaluating the compactor's script took ~150 ms of CPU in the middle of a 1M table's first
 * reads, on machines with two cores.
 */
export function requestCompaction(
  key: string,
  options: { force?: boolean; delayMs?: number } = {},
) {
  if (!inPage) return;
  const { force = false, delayMs = 0 } = options;
  if (states.get(key)?.type !== 'running') set(key, { type: 'queued' });
  const send = () => start()?.postMessage({ type: 'compact', key, force } satisfies ToCompactor);
  if (delayMs > 0) setTimeout(send, delayMs);
  else send();
}

export function compactionState(key: string): CompactionState {
  return states.get(key) ?? { type: 'idle' };
}

/** Calls `listener` on every state change; returns unsubscribe. */
export function subscribeCompaction(
  listener: (key: string, state: CompactionState) => void,
): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
