import type { CrowdDatabase } from './db.ts';
import {
  type Backend,
  type DirectoryLike,
  idbFiles,
  opfsFiles,
  opfsRoot,
  type SegmentFiles,
} from './segment-files.ts';

/**
 * The two segment backends of a database connection: IndexedDB Blobs always, origin-private
 * files where the browser has them. Readers take whichever backend an index record names;
 * compactions write to OPFS when a probe write there works (checked once, at start), else to
 * IndexedDB.
 */
export interface Backends {
  idb: SegmentFiles;
  opfs: SegmentFiles | null;
}

let rootOverride: { root: (() => Promise<DirectoryLike>) | null } | null = null;
let opfs: { root: (() => Promise<DirectoryLike>) | null; files: SegmentFiles | null } | null = null;
const idb = new WeakMap<CrowdDatabase, SegmentFiles>();
const chosen = new WeakMap<CrowdDatabase, Promise<SegmentFiles>>();

/**
 * Test support: the origin-private root to use (an in-memory stand-in in Node), or null for a
 * browser without OPFS; `undefined` restores the browser's own.
 */
export function useOpfsRoot(root: (() => Promise<DirectoryLike>) | null | undefined): void {
  rootOverride = root === undefined ? null : { root };
  opfs = null;
}

function opfsBackend(): SegmentFiles | null {
  const root = rootOverride ? rootOverride.root : opfsRoot();
  if (!opfs || opfs.root !== root) opfs = { root, files: root ? opfsFiles(root) : null };
  return opfs.files;
}

export function backendsOf(db: CrowdDatabase): Backends {
  let files = idb.get(db);
  if (!files) {
    files = idbFiles(db);
    idb.set(db, files);
  }
  return { idb: files, opfs: opfsBackend() };
}

/** The backend an index record names; a clear error where this browser lacks it. */
export function filesFor(db: CrowdDatabase, backend: Backend): SegmentFiles {
  const { idb: i, opfs: o } = backendsOf(db);
  if (backend === 'idb') return i;
  if (!o) {
    throw new Error(
      'This dataset was saved in origin-private files, which this browser does not offer here (a private window?). Open it where it was downloaded, or delete it and download it again.',
    );
  }
  return o;
}

/** Removes the files of `records` (segment records of one directory) from their backends. */
export async function removeSegmentFiles(
  db: CrowdDatabase,
  dir: string,
  records: readonly { backend: Backend; file: string }[],
): Promise<void> {
  const { idb: i, opfs: o } = backendsOf(db);
  for (const [backend, target] of [
    ['idb', i],
    ['opfs', o],
  ] as const) {
    const files = records.filter((r) => r.backend === backend).map((r) => r.file);
    if (files.length > 0 && target) await target.remove(dir, files);
  }
}

const PROBE_DIR = 'probe';

/**
 * Where new segments go: OPFS when writing a file there works, else IndexedDB. `prefer` forces
 * one (tests; `idb` also where OPFS misbehaves).
 */
export function writableFiles(db: CrowdDatabase, prefer?: Backend): Promise<SegmentFiles> {
  const { idb: i, opfs: o } = backendsOf(db);
  if (prefer === 'idb' || !o) return Promise.resolve(i);
  if (prefer === 'opfs') return Promise.resolve(o);
  let pick = chosen.get(db);
  if (!pick) {
    pick = (async () => {
      try {
        await o.write(PROBE_DIR, 'probe', [new Uint8Array(8)]);
        await o.removeDir(PROBE_DIR);
        return o;
      } catch {
        return i;
      }
    })();
    chosen.set(db, pick);
  }
  return pick;
}
