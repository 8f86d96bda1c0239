import type { CrowdDatabase } from './db.ts';
import { backendsOf } from './segment-backends.ts';
import { datasetDir } from './segment-files.ts';

/** What identifies a dataset: the canonical query and where it came from. */
export interface DatasetInfo {
  /** Canonical query key string (sorted keys, normalised where): names the dataset. */
  key: string;
  /** The query's URL parameters, to show it and rebuild requests. */
  query: Readonly<Record<string, string>>;
  /** API base URL the records came from. */
  source: string;
  modality: string;
}

/** A column of the dataset: `text` as soon as any chunk held a non-numeric value. */
export interface ColumnInfo {
  name: string;
  type: 'number' | 'text';
}

export interface DatasetRecord extends DatasetInfo {
  createdAt: number;
  updatedAt: number;
  /** Server total last seen (records matching the query), null before the first response. */
  total: number | null;
  /** Distinct records held. */
  stored: number;
  /**
   * The last run's end was verified: the stored count equals the server's count for the query
   * (`completeness.type === 'verified'`). Never set on a run's word alone.
   */
  complete: boolean;
  /**
   * How the last run's end compared the store with the server; null while a run goes on or
   * before any ended (absent in datasets written before the check existed).
   */
  completeness?: Completeness | null;
  /** Largest `_id` held: a refresh asks for `_id` greater than this. */
  maxId: string | null;
  /** Number of the next chunk to write (chunks are 0..nextChunk-1, append-only). */
  nextChunk: number;
  /** Union of flattened columns in first-seen order (pandas' order). */
  columns: ColumnInfo[];
}

/**
 * What the server did during a run that does not add up, counted page by page (kept in the
 * job's plan, so a paused and resumed run remembers it).
 */
export interface ServerAnomalies {
  /** Records the server sent again (twice on a page, or again on a later page): stored once. */
  duplicates: number;
  /** Answers whose `_meta.total` disagreed with the records they carried or with the answer before. */
  countMismatches: number;
  /** The first such answer: it counted `total` matching records and carried `served`. */
  example: { total: number; served: number } | null;
  /** Answers counting more records than any MRIQC collection could hold (their count is ignored). */
  implausibleTotals: number;
}

/**
 * The stored count against the server's count for the query (`_id` up to the largest id held)
 * at the end of a run.
 *
 * @example
 * { type: 'missing', count: 30000, missing: 11337 } // Resume fetches the ranges that differ
 */
export type Completeness =
  /** Equal: every record the server counts is stored. */
  | { type: 'verified'; count: number }
  /** The server counts `missing` more than are stored. */
  | { type: 'missing'; count: number; missing: number }
  /** The server counts fewer than are stored: removed upstream since, or it miscounts. */
  | { type: 'surplus'; count: number; extra: number }
  /** The server's answers contradicted each other or themselves: no count can be trusted. */
  | { type: 'inconsistent'; anomalies: ServerAnomalies }
  /** The count request failed: whether anything is missing is unknown. */
  | { type: 'unchecked'; message: string };

export function newDatasetRecord(info: DatasetInfo, now: number): DatasetRecord {
  return {
    ...info,
    createdAt: now,
    updatedAt: now,
    total: null,
    stored: 0,
    complete: false,
    completeness: null,
    maxId: null,
    nextChunk: 0,
    columns: [],
  };
}

/** Adds a chunk's columns to the catalogue, keeping first-seen order; mixed types become text. */
export function mergeColumns(
  existing: readonly ColumnInfo[],
  added: ReadonlyArray<readonly [name: string, type: ColumnInfo['type']]>,
): ColumnInfo[] {
  const out = existing.map((c) => ({ ...c }));
  const byName = new Map(out.map((c) => [c.name, c]));
  for (const [name, type] of added) {
    const known = byName.get(name);
    if (!known) {
      const info = { name, type };
      out.push(info);
      byName.set(name, info);
    } else if (type === 'text') known.type = 'text';
  }
  return out;
}

export function getDataset(db: CrowdDatabase, key: string): Promise<DatasetRecord | undefined> {
  return db.get('datasets', key);
}

export function listDatasets(db: CrowdDatabase): Promise<DatasetRecord[]> {
  return db.getAll('datasets');
}

/** Everything of one dataset in key order: [key] < [key, anything] < [key, []]. */
export function datasetRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/**
 * Keys one transaction of a Delete removes. Chromium's IndexedDB writes a transaction whose
 * write batch passes 1 MB to an undo log on disk, holding every value it deletes: a 1M-record
 * uncompacted dataset (966 chunks, 104,847 column records) deleted in one transaction took
 * 23.8 s and grew the database from 607 to 1,174 MB on disk, and each later start opened it in
 * ~2 s. Keys are stored as UTF-16, and every record key starts with the dataset's key (a
 * query: long with filters), so the batch is sized to ~400 kB of keys, 50 to 1,000 of them.
 *
 * @example
 * deleteBatch('x'.repeat(130)) // 1000
 * deleteBatch('x'.repeat(2000)) // 98
 */
export function deleteBatch(datasetKey: string): number {
  const perKey = 2 * datasetKey.length + 64;
  return Math.max(50, Math.min(1000, Math.floor(400_000 / perKey)));
}

export interface PurgeOptions {
  /** Keys per transaction (deleteBatch). */
  batch?: number;
  /** Called after each transaction; a throw stops the purge there (tests: a crash). */
  afterBatch?: () => void | Promise<void>;
}

/**
 * Deletes a dataset: first its record and its job, in one small transaction — from then on no
 * reader, list or download sees the dataset — then what it held: its origin-private files, then
 * in small transactions (deleteBatch) its IndexedDB files, chunks, columns and segment index.
 * The files go first, so that while anything is left some record still names the key
 * (orphanedKeys): a crash midway leaves records no dataset names, which the next download of
 * the same query purges before its first write (dataset-writer.ts), and the compactor sweeps
 * when it starts. Run holding the dataset's lock.
 */
export async function deleteDataset(
  db: CrowdDatabase,
  key: string,
  options: PurgeOptions & {
    /** Called once the dataset's record is gone, before its records are (a tab killed during
     * a long Delete must not later report a dataset the user deleted as lost). */
    forgotten?: () => void;
  } = {},
): Promise<void> {
  // The caller holds the lock for the whole of it.
  await deleteThenFree(db, key, { ...options, locked: (step) => step() });
}

/**
 * The Delete the Datasets view runs: the dataset's record, its job and its origin-private files
 * inside `locked` (the dataset's lock: a compaction writes those files), then `gone` — from here
 * the dataset is deleted for every reader — then its IndexedDB records freed outside the lock
 * (purgeRecords: each batch checks the key has no dataset, so a download of the same query may
 * start meanwhile; its writer purges what is left first). A failure after `gone` leaves records
 * no dataset names, which the compactor's sweep removes.
 */
export async function deleteThenFree(
  db: CrowdDatabase,
  key: string,
  options: PurgeOptions & {
    locked: (step: () => Promise<void>) => Promise<void>;
    /** Called inside the lock, right after the record is gone (see deleteDataset). */
    forgotten?: () => void;
    gone?: () => void;
  },
): Promise<void> {
  await options.locked(async () => {
    await forgetDataset(db, key);
    options.forgotten?.();
    await removeDatasetFiles(db, key);
  });
  options.gone?.();
  await purgeRecords(db, key, options);
}

/** Deletes the dataset's record and its job (one small transaction): the first step of a Delete. */
export async function forgetDataset(db: CrowdDatabase, key: string): Promise<void> {
  const tx = db.transaction(['datasets', 'jobs'], 'readwrite');
  await Promise.all([
    tx.objectStore('datasets').delete(key),
    tx.objectStore('jobs').delete(key),
    tx.done,
  ]);
}

/**
 * Removes what a dataset no longer named left under `key` (a Delete cut short), so a new
 * dataset of the same key starts from nothing: its chunk 0 must not meet the old chunk 0's
 * columns, nor an old segment claiming its chunks. Does nothing while the dataset exists, and
 * stops if a dataset of the key is written meanwhile (its writer purged first). Run holding
 * the dataset's lock.
 */
export async function purgeLeftovers(
  db: CrowdDatabase,
  key: string,
  options: PurgeOptions = {},
): Promise<void> {
  await removeDatasetFiles(db, key);
  await purgeRecords(db, key, options);
}

/**
 * Removes the origin-private directory of `key`, unless a dataset of the key exists. Run
 * holding the dataset's lock: files are written by a compaction, which holds it, and a
 * directory removed under one would take a new dataset's segments.
 */
export async function removeDatasetFiles(db: CrowdDatabase, key: string): Promise<void> {
  if ((await db.getKey('datasets', key)) !== undefined) return;
  // A browser whose OPFS fails here stored nothing there; a file that would not go is left
  // behind rather than reported as a failed Delete (the dataset is gone either way).
  await backendsOf(db)
    .opfs?.removeDir(datasetDir(key))
    .catch(() => {});
}

/**
 * The key's IndexedDB segment files, chunks, columns and segment index, batch by batch (the
 * index last: while anything is left, it names the key). Each batch's transaction first checks
 * that no dataset of the key exists, so this needs no lock: a writer starting the key again
 * either commits first (the purge stops there) or finds the leftovers and purges them itself.
 */
export async function purgeRecords(
  db: CrowdDatabase,
  key: string,
  options: PurgeOptions = {},
): Promise<void> {
  const dir = datasetDir(key);
  const files = IDBKeyRange.bound(`${dir}/`, `${dir}/\uffff`);
  const stores = [
    ['files', files],
    ['chunks', datasetRange(key)],
    ['columns', datasetRange(key)],
    ['segments', datasetRange(key)],
  ] as const;
  // Once a new dataset of the key exists, what is left is its own: stop.
  for (const [name, range] of stores) {
    if (!(await purgeBatches(db, key, name, range, options))) return;
  }
}

/** Deletes `all` of one store in transactions of `batch` keys; false if a dataset of `key` appeared. */
async function purgeBatches(
  db: CrowdDatabase,
  key: string,
  name: 'chunks' | 'columns' | 'segments' | 'files',
  all: IDBKeyRange,
  options: PurgeOptions,
): Promise<boolean> {
  const batch = options.batch ?? deleteBatch(key);
  let range = all;
  for (;;) {
    const tx = db.transaction(['datasets', name], 'readwrite');
    const store = tx.objectStore(name);
    // A dataset of the key written again: from then on these records are its own.
    const [again, keys] = await Promise.all([
      tx.objectStore('datasets').getKey(key),
      store.getAllKeys(range, batch),
    ]);
    if (again !== undefined || keys.length === 0) {
      await tx.done;
      return again === undefined;
    }
    // The first `batch` keys of the range, and nothing else, lie between its first and last.
    await Promise.all([store.delete(IDBKeyRange.bound(keys[0]!, keys.at(-1)!)), tx.done]);
    // The next batch starts past this one's last key: read from the range's start, it would
    // step over every key deleted so far (LevelDB keeps them until it compacts) — the 1M
    // dataset above took 134 s so, 22 s seeking past them.
    range = IDBKeyRange.bound(keys.at(-1)!, all.upper, true, all.upperOpen);
    await options.afterBatch?.();
  }
}

/**
 * Keys with chunks, columns or a segment index but no dataset record: Deletes cut short.
 * One lookup per key and store (each jumps past the key's records).
 */
export async function orphanedKeys(db: CrowdDatabase): Promise<string[]> {
  const tx = db.transaction(['datasets', 'chunks', 'columns', 'segments'], 'readonly');
  const named = new Set<IDBValidKey>(await tx.objectStore('datasets').getAllKeys());
  const found = new Set<string>();
  for (const name of ['chunks', 'columns', 'segments'] as const) {
    const store = tx.objectStore(name);
    // Numbers sort first: from the first key of the store on.
    let next: IDBValidKey | undefined = await store.getKey(IDBKeyRange.lowerBound(-Infinity));
    while (next !== undefined) {
      const key = (next as [string, ...unknown[]])[0];
      if (!named.has(key)) found.add(key);
      // [] sorts after every number and string: the first key past this dataset's records.
      next = await store.getKey(IDBKeyRange.lowerBound([key, []], true));
    }
  }
  await tx.done;
  return [...found];
}
