import {
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  openDB,
  type StoreNames,
} from 'idb';
import type { ChunkRecord, ColumnRecord } from './chunks.ts';
import type { DatasetRecord } from './datasets.ts';
import type { FilterRecord } from './filters.ts';
import type { JobRecord } from './jobs.ts';
import type { SegmentRecord } from './segments.ts';

/**
 * The app's one IndexedDB database.
 *
 * - `datasets`: one per canonical query key (what the query URL names).
 * - `jobs`: the resume state of a dataset's download, keyed like its dataset.
 * - `chunks`: per dataset, per chunk number: row count and id bounds.
 * - `columns`: one record per (dataset, column, chunk) as a download appends them, so loading
 *   one column of a whole dataset is a single key-range `getAll` that never touches the other
 *   ~150 columns.
 * - `filters`: field filters too long for the page address, by the reference the URL carries.
 * - `segments`: per (dataset, column, first chunk): a compacted segment covering chunks
 *   first..last, its bytes in a file (see segments.ts); it replaces those chunks' `columns`
 *   records in the one transaction that writes it.
 * - `files`: segment bytes as Blobs, keyed "dir/name", where the browser has no origin-private
 *   files (segment-files.ts).
 */
export interface CrowdDb extends DBSchema {
  datasets: { key: string; value: DatasetRecord };
  jobs: { key: string; value: JobRecord };
  chunks: { key: [string, number]; value: ChunkRecord };
  columns: { key: [string, string, number]; value: ColumnRecord };
  filters: { key: string; value: FilterRecord };
  segments: { key: [string, string, number]; value: SegmentRecord };
  files: { key: string; value: Blob };
}

export type CrowdDatabase = IDBPDatabase<CrowdDb>;
type UpgradeTx = IDBPTransaction<CrowdDb, StoreNames<CrowdDb>[], 'versionchange'>;
type Migration = (db: CrowdDatabase, tx: UpgradeTx) => void;

export const DB_NAME = 'crowdmri-explorer';

/**
 * Migration i takes the schema from version i to i + 1. Append, never edit: a browser that
 * last opened version k runs migrations k.. in order, inside the one upgrade transaction.
 */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('datasets', { keyPath: 'key' });
    db.createObjectStore('jobs', { keyPath: 'datasetKey' });
    db.createObjectStore('chunks', { keyPath: ['datasetKey', 'chunk'] });
    // Out-of-line keys: the dataset key is not repeated inside ~150 values per chunk.
    db.createObjectStore('columns');
  },
  (db) => {
    db.createObjectStore('filters', { keyPath: 'ref' });
  },
  (db) => {
    // Compacted column segments (issue 11). Datasets stored before keep their `columns`
    // records, which every reader still takes: nothing is migrated, the compactor folds them
    // in later.
    db.createObjectStore('segments');
    db.createObjectStore('files');
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Connections the browser closed under us (idb's `terminated`: the database's `close` event). */
const closedByBrowser = new WeakSet<CrowdDatabase>();

/**
 * Whether the browser closed this connection itself, or is closing it. Chromium does after an
 * I/O error (a full disk), and may delete the site's whole database with it: whatever was
 * stored may be gone. Its `close` event comes only once the aborted transactions have ended,
 * often after the failed write's error has reached the caller; until then a new transaction is
 * refused (InvalidStateError), which is how a closing connection shows. Ask only of a
 * connection the app has not closed itself.
 */
export function wasClosedByBrowser(db: CrowdDatabase): boolean {
  if (closedByBrowser.has(db)) return true;
  try {
    db.transaction('datasets'); // no request: it ends by itself
    return false;
  } catch (error) {
    return (error as { name?: unknown } | null)?.name === 'InvalidStateError';
  }
}

/**
 * Opens (creating or upgrading) the database. `name` is overridable for tests; `onTerminated`
 * hears when the browser closes the connection (see wasClosedByBrowser).
 */
export async function openCrowdDb(
  name: string = DB_NAME,
  options: { onTerminated?: () => void } = {},
): Promise<CrowdDatabase> {
  const db: CrowdDatabase = await openDB<CrowdDb>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v]?.(db, tx);
    },
    // Another tab wants a newer schema: step aside rather than block its upgrade forever.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
    },
    // Only ever called after openDB resolved (idb listens for `close` on the opened db).
    terminated() {
      closedByBrowser.add(db);
      options.onTerminated?.();
    },
  });
  return db;
}
