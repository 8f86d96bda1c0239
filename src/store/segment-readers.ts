import { SegmentMissingError } from './segment-files.ts';
import type { FromReader, ToReader } from './segment-reader-protocol.ts';

/**
 * The page's side of the segment reader workers. A table opening reads ~15 whole column files
 * (~85 MB at 1M rows); read in the page, each Blob streams through the main thread's event loop,
 * which is busy with the app's first renders then and read ~2× slower than a worker's read-only
 * sync access handle (segment-files.ts `readShared`). Two workers: on the 2-core machines this
 * project is measured on, 16 files of 8 MB took 0.30 s from two against 0.45 s from one; four
 * gave nothing more.
 */
export const READERS = 2;

/** A reader can't do the read (no workers, a worker that failed): read in this thread instead. */
export class ReaderUnavailableError extends Error {
  override readonly name = 'ReaderUnavailableError';
}

export interface WorkerLike {
  postMessage(message: ToReader): void;
  onmessage: ((event: MessageEvent<FromReader>) => void) | null;
  onerror: ((event: Event) => void) | null;
  terminate(): void;
}

export interface ReaderPool {
  /** Bytes of the whole file `dir/name`; SegmentMissingError when it is gone. */
  read(dir: string, name: string): Promise<Uint8Array>;
}

type Pending = { resolve: (bytes: Uint8Array) => void; reject: (error: unknown) => void };

/**
 * `size` workers from `spawn`, each read sent to the one with the fewest in flight. A worker
 * that fails (its script would not load, it crashed) takes its reads with it as
 * ReaderUnavailableError and is not used again; with none left, every read says so.
 */
export function createReaderPool(spawn: () => WorkerLike, size: number): ReaderPool {
  let nextId = 0;
  const workers = Array.from({ length: size }, () => {
    const pending = new Map<number, Pending>();
    const entry = { worker: spawn(), pending, alive: true };
    entry.worker.onmessage = ({ data }) => {
      const waiting = pending.get(data.id);
      if (!waiting) return;
      pending.delete(data.id);
      if ('bytes' in data) waiting.resolve(data.bytes);
      else if (data.error.name === 'NotFoundError') {
        waiting.reject(new SegmentMissingError(data.error.message));
      } else
        waiting.reject(new ReaderUnavailableError(`${data.error.name}: ${data.error.message}`));
    };
    entry.worker.onerror = () => {
      entry.alive = false;
      entry.worker.terminate();
      for (const waiting of pending.values()) {
        waiting.reject(new ReaderUnavailableError('the segment reader worker failed'));
      }
      pending.clear();
    };
    return entry;
  });
  return {
    read(dir, name) {
      let best: (typeof workers)[number] | undefined;
      for (const w of workers) {
        if (w.alive && (!best || w.pending.size < best.pending.size)) best = w;
      }
      if (!best) return Promise.reject(new ReaderUnavailableError('no segment reader is running'));
      const id = ++nextId;
      const target = best;
      return new Promise<Uint8Array>((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, dir, name });
      });
    },
  };
}

let pool: ReaderPool | null = null;

const inPage = typeof Worker === 'function' && typeof window !== 'undefined';

/**
 * The page's readers, started on first call (main.tsx calls it first thing, so the workers load
 * while the app does). Null outside a page: workers and Node read in their own thread.
 */
export function pageReaders(): ReaderPool | null {
  if (!inPage) return null;
  pool ??= createReaderPool(
    () =>
      new Worker(new URL('./segment-reader.worker.ts', import.meta.url), {
        type: 'module',
      }) as unknown as WorkerLike,
    READERS,
  );
  return pool;
}
