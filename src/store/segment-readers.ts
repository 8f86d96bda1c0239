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

/** One reader worker's calls (a WorkerClient of SegmentReaderApi, or a stand-in in tests). */
export interface ReaderClient {
  call<M extends keyof SegmentReaderApi>(
    method: M,
    input: SegmentReaderApi[M]['input'],
  ): Promise<SegmentReaderApi[M]['output']>;
}

export interface ReaderPool {
  /** Bytes of the whole file `dir/name`; SegmentMissingError when it is gone. */
  read(dir: string, name: string): Promise<Uint8Array>;
  /** The dataset in `dir` is being opened: each reader reads ahead its files of last time. */
  readAhead(dir: string): void;
}

/** Which reader reads `name`: always the same one, so the one that read it ahead is asked. */
export function readerOf(name: string, readers: number): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return h % readers;
}

/**
 * Each file is read by one reader, chosen by its name (readerOf) among those whose worker has
 * not failed (its script would not load, it crashed: the port's WorkerError); a failed one is
 * not used again. A read none can do rejects with ReaderUnavailableError.
 */
export function createReaderPool(clients: readonly ReaderClient[]): ReaderPool {
  const readers = clients.map((client) => ({ client, alive: true }));
  return {
    async read(dir, name) {
      const alive = readers.filter((r) => r.alive);
      const reader = alive[readerOf(name, alive.length)];
      if (!reader) throw new ReaderUnavailableError('no segment reader is running');
      try {
        return await reader.client.call('read', { dir, name });
      } catch (error) {
        const kind = (error as { name?: string } | null)?.name;
        if (kind === 'NotFoundError') throw new SegmentMissingError((error as Error).message);
        if (kind === 'WorkerError') reader.alive = false;
        throw new ReaderUnavailableError(`${kind}: ${(error as Error | null)?.message}`);
      }
    },
    readAhead(dir) {
      readers.forEach((r, reader) => {
        // Only a head start: a reader that can't is asked for the files when they are needed.
        if (r.alive) r.client.call('readAhead', { dir, reader }).catch(() => {});
      });
    },
  };
}

let pool: ReaderPool | null = null;

const inPage = typeof Worker === 'function' && typeof window !== 'undefined';

/**
 * The page's readers (made on first call: main.tsx makes them first thing). Null outside a
 * page: workers and Node read in their own thread.
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
