import type { CrowdDatabase } from './db.ts';
import { toStoreError } from './errors.ts';

/**
 * Where compacted segments keep their bytes: origin-private files (OPFS) where the browser has
 * them, else Blobs in IndexedDB's `files` store. Both behind one interface; the segment index
 * (IndexedDB, the database of record) names the backend of each file, so a dataset compacted
 * under one backend stays readable whichever one new compactions use.
 *
 * Files live in one directory per dataset (`datasetDir`), so deleting a dataset removes them all
 * at once, and a sweep can tell files no index record names (left by a crash) from live ones.
 */
export type Backend = 'opfs' | 'idb';

export interface SegmentFiles {
  readonly backend: Backend;
  /** Writes a new file whole; resolves once it is stored. Storage faults as toStoreError's. */
  write(dir: string, name: string, parts: readonly Uint8Array[]): Promise<void>;
  /** The file's bytes as a Blob: slice it to read part of it. Rejects with NotFoundError. */
  open(dir: string, name: string): Promise<Blob>;
  /** The whole file's bytes, read the fastest way this thread has. Rejects with NotFoundError. */
  read(dir: string, name: string): Promise<Uint8Array>;
  /**
   * Bytes `start..end` (end excluded, clipped to the file) read the fastest way this thread
   * has. Rejects with NotFoundError.
   */
  readRange(dir: string, name: string, start: number, end: number): Promise<Uint8Array>;
  /** Removes these files of `dir` (missing ones are fine). */
  remove(dir: string, names: readonly string[]): Promise<void>;
  /** Removes `dir` and every file in it (a missing directory is fine). */
  removeDir(dir: string): Promise<void>;
  /** The files of `dir` (none when it does not exist). */
  list(dir: string): Promise<string[]>;
  /** Every directory holding files. */
  dirs(): Promise<string[]>;
}

/** A file the index names but the backend lacks (deleted by a compaction after the read began). */
export class SegmentMissingError extends Error {
  override readonly name = 'NotFoundError';
}

/** The directory of a dataset's files: a hash of its key (keys are long query strings). */
export function datasetDir(datasetKey: string): string {
  // FNV-1a, two 32-bit lanes with different offsets: 64 bits, no collision among a user's
  // handful of datasets in practice.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < datasetKey.length; i++) {
    const c = datasetKey.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `d${hex(a)}${hex(b)}`;
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: string }).name === 'NotFoundError';

// ---------------------------------------------------------------------------------------------
// IndexedDB: one Blob per file in the `files` store, keyed "dir/name". Chromium keeps large
// Blobs as files beside the database, and a Blob read back is sliced without reading all of it.

const SEP = '/';

function dirRange(dir: string): IDBKeyRange {
  return IDBKeyRange.bound(`${dir}${SEP}`, `${dir}${SEP}\uffff`);
}

export function idbFiles(db: CrowdDatabase): SegmentFiles {
  const files: SegmentFiles = {
    backend: 'idb',
    async write(dir, name, parts) {
      try {
        await db.put('files', new Blob(parts as unknown as BlobPart[]), `${dir}${SEP}${name}`);
      } catch (error) {
        throw toStoreError(error);
      }
    },
    async open(dir, name) {
      const blob = await db.get('files', `${dir}${SEP}${name}`);
      if (!blob) throw new SegmentMissingError(`segment file ${dir}/${name} is gone`);
      return blob;
    },
    async read(dir, name) {
      return new Uint8Array(await (await files.open(dir, name)).arrayBuffer());
    },
    async readRange(dir, name, start, end) {
      return new Uint8Array(await (await files.open(dir, name)).slice(start, end).arrayBuffer());
    },
    async remove(dir, names) {
      if (names.length === 0) return;
      const tx = db.transaction('files', 'readwrite');
      await Promise.all([...names.map((n) => tx.store.delete(`${dir}${SEP}${n}`)), tx.done]);
    },
    async removeDir(dir) {
      await db.delete('files', dirRange(dir));
    },
    async list(dir) {
      const keys = await db.getAllKeys('files', dirRange(dir));
      return keys.map((k) => k.slice(dir.length + 1));
    },
    async dirs() {
      const keys = await db.getAllKeys('files');
      return [...new Set(keys.map((k) => k.slice(0, k.indexOf(SEP))))];
    },
  };
  return files;
}

// ---------------------------------------------------------------------------------------------
// Origin-private files. Written through a sync access handle where there is one (dedicated
// workers: the compactor), else a writable stream; read whole through a shared read-only sync
// access handle where there is one (workers: the page's segment readers, the compactor), else
// and by byte range with getFile(), from any thread.

/** The parts of FileSystemDirectoryHandle the store uses (an in-memory stand-in fits in tests). */
export interface DirectoryLike {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryLike>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileLike>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  keys(): AsyncIterable<string>;
}

export interface FileLike {
  getFile(): Promise<Blob>;
  createWritable?(): Promise<{ write(data: BlobPart): Promise<void>; close(): Promise<void> }>;
  /** Dedicated workers only. `read-only` handles share the file; the default one locks it. */
  createSyncAccessHandle?(options?: { mode?: 'readwrite' | 'read-only' }): Promise<SyncHandleLike>;
}

export interface SyncHandleLike {
  write(data: Uint8Array, options: { at: number }): number;
  read(into: Uint8Array, options: { at: number }): number;
  getSize(): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

/** The folder under the origin's root that holds every dataset's files. */
const ROOT = 'crowdmri-segments';

/**
 * A whole file through a shared read-only sync access handle: one copy from the file into the
 * array, no Blob streamed through the thread's event loop. Measured in Chromium 156 on this
 * project's 2-core machines, 16 files of 8 MB: 0.45 s from one worker (0.30 s from two) against
 * 0.60–0.65 s with getFile().arrayBuffer(). Null where it can't be done: no sync handles (a
 * page), or a browser that gives only exclusive ones and another reader holds the file.
 */
async function readShared(
  file: FileLike,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): Promise<Uint8Array | null> {
  if (!file.createSyncAccessHandle) return null;
  let handle: SyncHandleLike;
  try {
    handle = await file.createSyncAccessHandle({ mode: 'read-only' });
  } catch (error) {
    if (isNotFound(error)) throw error;
    return null;
  }
  try {
    const size = handle.getSize();
    const from = Math.min(start, size);
    const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - from));
    for (let at = 0; at < bytes.byteLength; ) {
      const n = handle.read(bytes.subarray(at), { at: from + at });
      if (n <= 0) return null; // shorter than it said: read it the other way
      at += n;
    }
    return bytes;
  } finally {
    handle.close();
  }
}

/** Pauses between tries of a removal a reader holds up, and how many. */
const HELD_RETRY_MS = 50;
const HELD_TRIES = 40;

/**
 * Runs `remove` again while a reader's sync handle holds the file (NoModificationAllowedError):
 * a read holds it for tens of milliseconds.
 */
async function removeHeld(remove: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await remove();
      return;
    } catch (error) {
      const held = (error as { name?: string } | null)?.name === 'NoModificationAllowedError';
      if (!held || attempt >= HELD_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, HELD_RETRY_MS));
    }
  }
}

export function opfsFiles(root: () => Promise<DirectoryLike>): SegmentFiles {
  let base: Promise<DirectoryLike> | null = null;
  const top = () => {
    base ??= root().then((r) => r.getDirectoryHandle(ROOT, { create: true }));
    base.catch(() => {
      base = null;
    });
    return base;
  };
  const dirHandles = new Map<string, Promise<DirectoryLike>>();
  const folder = (dir: string, create: boolean): Promise<DirectoryLike> => {
    if (!create) return top().then((t) => t.getDirectoryHandle(dir));
    let handle = dirHandles.get(dir);
    if (!handle) {
      handle = top().then((t) => t.getDirectoryHandle(dir, { create: true }));
      handle.catch(() => dirHandles.delete(dir));
      dirHandles.set(dir, handle);
    }
    return handle;
  };

  return {
    backend: 'opfs',
    async write(dir, name, parts) {
      try {
        const file = await (await folder(dir, true)).getFileHandle(name, { create: true });
        if (file.createSyncAccessHandle) {
          const handle = await file.createSyncAccessHandle();
          try {
            handle.truncate(0);
            let at = 0;
            for (const part of parts) {
              // write() may write less than asked (a full disk): loop until done or it throws.
              let done = 0;
              while (done < part.byteLength) {
                const n = handle.write(part.subarray(done), { at: at + done });
                if (n <= 0)
                  throw new DOMException('the disk took no more bytes', 'QuotaExceededError');
                done += n;
              }
              at += part.byteLength;
            }
            handle.flush();
          } finally {
            handle.close();
          }
        } else if (file.createWritable) {
          const stream = await file.createWritable();
          for (const part of parts) await stream.write(part as BlobPart);
          await stream.close();
        } else {
          throw new DOMException(
            'this browser cannot write origin-private files',
            'NotSupportedError',
          );
        }
      } catch (error) {
        dirHandles.delete(dir); // the directory may be gone (a Delete): look it up afresh next time
        throw toStoreError(error);
      }
    },
    async open(dir, name) {
      try {
        const file = await (await folder(dir, false)).getFileHandle(name);
        return await file.getFile();
      } catch (error) {
        if (isNotFound(error)) throw new SegmentMissingError(`segment file ${dir}/${name} is gone`);
        throw error;
      }
    },
    async read(dir, name) {
      try {
        const file = await (await folder(dir, false)).getFileHandle(name);
        return (
          (await readShared(file)) ?? new Uint8Array(await (await file.getFile()).arrayBuffer())
        );
      } catch (error) {
        if (isNotFound(error)) throw new SegmentMissingError(`segment file ${dir}/${name} is gone`);
        throw error;
      }
    },
    async readRange(dir, name, start, end) {
      try {
        const file = await (await folder(dir, false)).getFileHandle(name);
        return (
          (await readShared(file, start, end)) ??
          new Uint8Array(await (await file.getFile()).slice(start, end).arrayBuffer())
        );
      } catch (error) {
        if (isNotFound(error)) throw new SegmentMissingError(`segment file ${dir}/${name} is gone`);
        throw error;
      }
    },
    async remove(dir, names) {
      let handle: DirectoryLike;
      try {
        handle = await folder(dir, false);
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      for (const name of names) {
        await removeHeld(() => handle.removeEntry(name)).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      }
    },
    async removeDir(dir) {
      dirHandles.delete(dir);
      const parent = await top();
      await removeHeld(() => parent.removeEntry(dir, { recursive: true })).catch(
        (error: unknown) => {
          if (!isNotFound(error)) throw error;
        },
      );
    },
    async list(dir) {
      const names: string[] = [];
      try {
        for await (const name of (await folder(dir, false)).keys()) names.push(name);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      return names;
    },
    async dirs() {
      const names: string[] = [];
      for await (const name of (await top()).keys()) names.push(name);
      return names;
    },
  };
}

/** The browser's origin-private root, or null where there is none (checked once, at start). */
export function opfsRoot(): (() => Promise<DirectoryLike>) | null {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return null;
  return () => storage.getDirectory() as unknown as Promise<DirectoryLike>;
}

/** A fresh file-name prefix: a retried write never collides with an orphan of the last try. */
export function fileNonce(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
}
