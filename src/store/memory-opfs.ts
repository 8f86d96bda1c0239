import type { DirectoryLike, FileLike, SyncHandleLike } from './segment-files.ts';

/**
 * Test support: an in-memory origin-private file system with the parts of the File System API
 * the store uses (directories, getFile, sync access handles or writable streams, removeEntry),
 * throwing NotFoundError / QuotaExceededError as browsers do. Import only from *.test.ts files.
 */
export interface MemoryOpfs {
  root: () => Promise<DirectoryLike>;
  /** Every file's path ("a/b/c") and size. */
  files(): Map<string, number>;
  /** Bytes held. */
  usage(): number;
  /** Writes fail once `usage` would pass this many bytes. */
  quota: number;
}

const notFound = (what: string) => new DOMException(`${what} not found`, 'NotFoundError');

const held = (what: string) =>
  new DOMException(`${what} is held by an access handle`, 'NoModificationAllowedError');

/**
 * `sync`: files offer sync access handles (as in a dedicated worker). `sharedReads`: a
 * `read-only` handle shares the file with other read-only ones (Chromium); false gives every
 * handle the file to itself (browsers without the `mode` option). As in browsers, a handle's
 * file can't be removed until it is closed.
 */
export function memoryOpfs(
  options: { sync?: boolean; writable?: boolean; sharedReads?: boolean } = {},
): MemoryOpfs {
  const { sync = true, writable = true, sharedReads = true } = options;
  type Dir = { kind: 'dir'; entries: Map<string, Dir | File> };
  type File = { kind: 'file'; bytes: Uint8Array; readers: number; writer: boolean };
  const isHeld = (e: Dir | File): boolean =>
    e.kind === 'file' ? e.readers > 0 || e.writer : [...e.entries.values()].some(isHeld);
  const top: Dir = { kind: 'dir', entries: new Map() };
  const state: MemoryOpfs = {
    root: async () => dirHandle(top),
    files: () => {
      const out = new Map<string, number>();
      const walk = (dir: Dir, path: string) => {
        for (const [name, e] of dir.entries) {
          const p = path ? `${path}/${name}` : name;
          if (e.kind === 'dir') walk(e, p);
          else out.set(p, e.bytes.byteLength);
        }
      };
      walk(top, '');
      return out;
    },
    usage: () => [...state.files().values()].reduce((n, b) => n + b, 0),
    quota: Number.POSITIVE_INFINITY,
  };

  const grow = (file: File, size: number) => {
    if (size <= file.bytes.byteLength) return;
    if (state.usage() - file.bytes.byteLength + size > state.quota) {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    }
    const bigger = new Uint8Array(size);
    bigger.set(file.bytes);
    file.bytes = bigger;
  };

  function fileHandle(file: File): FileLike {
    const handle: FileLike = { getFile: async () => new Blob([file.bytes.slice()]) };
    if (sync) {
      handle.createSyncAccessHandle = async (opts): Promise<SyncHandleLike> => {
        const shared = sharedReads && opts?.mode === 'read-only';
        if (file.writer || (!shared && file.readers > 0)) throw held('the file');
        if (shared) file.readers++;
        else file.writer = true;
        let open = true;
        return {
          write(data, { at }) {
            if (shared) throw held('a read-only handle');
            grow(file, at + data.byteLength);
            file.bytes.set(data, at);
            return data.byteLength;
          },
          read(into, { at }) {
            const part = file.bytes.subarray(at, at + into.byteLength);
            into.set(part);
            return part.byteLength;
          },
          getSize: () => file.bytes.byteLength,
          truncate(size) {
            file.bytes = file.bytes.slice(0, size);
          },
          flush() {},
          close() {
            if (!open) return;
            open = false;
            if (shared) file.readers--;
            else file.writer = false;
          },
        };
      };
    }
    if (writable) {
      handle.createWritable = async () => {
        // Like the browser: written to a swap copy, in place only on close.
        const swap: File = { kind: 'file', bytes: new Uint8Array(0), readers: 0, writer: false };
        return {
          async write(data: BlobPart) {
            const bytes = new Uint8Array(await new Blob([data]).arrayBuffer());
            const at = swap.bytes.byteLength;
            grow(swap, at + bytes.byteLength);
            swap.bytes.set(bytes, at);
          },
          async close() {
            file.bytes = swap.bytes;
          },
        };
      };
    }
    return handle;
  }

  function dirHandle(dir: Dir): DirectoryLike {
    return {
      async getDirectoryHandle(name, opts) {
        let e = dir.entries.get(name);
        if (!e && opts?.create) {
          e = { kind: 'dir', entries: new Map() };
          dir.entries.set(name, e);
        }
        if (e?.kind !== 'dir') throw notFound(name);
        return dirHandle(e);
      },
      async getFileHandle(name, opts) {
        let e = dir.entries.get(name);
        if (!e && opts?.create) {
          e = { kind: 'file', bytes: new Uint8Array(0), readers: 0, writer: false };
          dir.entries.set(name, e);
        }
        if (e?.kind !== 'file') throw notFound(name);
        return fileHandle(e);
      },
      async removeEntry(name, opts) {
        const e = dir.entries.get(name);
        if (!e) throw notFound(name);
        if (e.kind === 'dir' && e.entries.size > 0 && !opts?.recursive) {
          throw new DOMException('directory not empty', 'InvalidModificationError');
        }
        if (isHeld(e)) throw held(name);
        dir.entries.delete(name);
      },
      async *keys() {
        for (const name of [...dir.entries.keys()]) yield name;
      },
    };
  }

  return state;
}
