import { createWorkerClient } from '../worker-port/worker-client.ts';
import { SegmentMissingError } from './segment-files.ts';
import type { SegmentReaderApi } from './segment-reader-api.ts';

/**
 * The page's side of the segment reader workers. A table opening reads ~15 whole column files
 * (~85 MB at 1M rows); read in the page, each Blob streams through the main thread's event loop,
 * busy with the app's first renders then, at about half the speed of a worker's read-only sync
 * access handle (segment-files.ts `readShared`). Two workers: on the 2-core machines this
 * project is measured on, 16 files of 8 MB took 0.30 s from two against 0.45 s from one.
 */
export const READERS = 2;

/** A reader can't do the read (no workers, a worker that failed): read in this thread instead. */
export class ReaderUnavailableError extends Error {
  override readonly name = 'ReaderUnavailableError';
}

type ReadInput = { dir: string; name: string; start?: number; end?: number };

/** One reader worker's calls (a WorkerClient of SegmentReaderApi, or a stand-in in tests). */
export interface ReaderClient {
  call(method: 'read', input: { dir: string; name: string }): Promise<Uint8Array>;
  call(
    method: 'readRange',
    input: { dir: string; name: string; start: number; end: number },
  ): Promise<Uint8Array>;
}

export interface ReaderPool {
  /** Bytes of the whole file `dir/name`; SegmentMissingError when it is gone. */
  read(dir: string, name: string): Promise<Uint8Array>;
  /** Bytes `start..end` (end excluded) of `dir/name`; SegmentMissingError when it is gone. */
  readRange(dir: string, name: string, start: number, end: number): Promise<Uint8Array>;
}

/**
 * Each read goes to the reader with the fewest in flight. A reader whose worker failed (its
 * script would not load, it crashed: the port's WorkerError) is not used again; a read it or
 * none can do rejects with ReaderUnavailableError.
 */
export function createReaderPool(clients: readonly ReaderClient[]): ReaderPool {
  const readers = clients.map((client) => ({ client, inFlight: 0, alive: true }));
  const read = async (input: ReadInput): Promise<Uint8Array> => {
    let best: (typeof readers)[number] | undefined;
    for (const r of readers) {
      if (r.alive && (!best || r.inFlight < best.inFlight)) best = r;
    }
    if (!best) throw new ReaderUnavailableError('no segment reader is running');
    const reader = best;
    reader.inFlight++;
    try {
      const { dir, name, start, end } = input;
      return start === undefined || end === undefined
        ? await reader.client.call('read', { dir, name })
        : await reader.client.call('readRange', { dir, name, start, end });
    } catch (error) {
      const kind = (error as { name?: string } | null)?.name;
      if (kind === 'NotFoundError') throw new SegmentMissingError((error as Error).message);
      if (kind === 'WorkerError') reader.alive = false;
      throw new ReaderUnavailableError(`${kind}: ${(error as Error | null)?.message}`);
    } finally {
      reader.inFlight--;
    }
  };
  return {
    read: (dir, name) => read({ dir, name }),
    readRange: (dir, name, start, end) => read({ dir, name, start, end }),
  };
}

let pool: ReaderPool | null = null;

const inPage = typeof Worker === 'function' && typeof window !== 'undefined';

/**
 * The page's readers, made on first call (open-store-early.ts, which main.tsx imports first).
 * Null outside a page: workers and Node read in their own thread.
 */
export function pageReaders(): ReaderPool | null {
  if (!inPage) return null;
  pool ??= createReaderPool(
    Array.from({ length: READERS }, () => {
      const spawn = () =>
        new Worker(new URL('./segment-reader.worker.ts', import.meta.url), { type: 'module' });
      // Made now, not on the first read, so its script loads while the app starts.
      let early: Worker | null = spawn();
      return createWorkerClient<SegmentReaderApi>('segment reader', () => {
        const worker = early ?? spawn();
        early = null;
        return worker;
      });
    }),
  );
  return pool;
}
