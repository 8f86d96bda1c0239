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
  /** The last download or refresh of this dataset finished. */
  complete: boolean;
  /** Largest `_id` held: a refresh asks for `_id` greater than this. */
  maxId: string | null;
  /** Number of the next chunk to write (chunks are 0..nextChunk-1, append-only). */
  nextChunk: number;
  /** Union of flattened columns in first-seen order (pandas' order). */
  columns: ColumnInfo[];
}

export function newDatasetRecord(info: DatasetInfo, now: number): DatasetRecord {
  return {
    ...info,
    createdAt: now,
    updatedAt: now,
    total: null,
    stored: 0,
    complete: false,
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
function datasetRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/**
 * Deletes a dataset with its job, chunks, columns and segment index in one transaction, then
 * its segment files. In that order, so no index ever names a missing file; files left by a
 * crash in between belong to no dataset and the compactor's sweep removes them.
 */
export async function deleteDataset(db: CrowdDatabase, key: string): Promise<void> {
  const dir = datasetDir(key);
  const tx = db.transaction(
    ['datasets', 'jobs', 'chunks', 'columns', 'segments', 'files'],
    'readwrite',
  );
  await Promise.all([
    tx.objectStore('datasets').delete(key),
    tx.objectStore('jobs').delete(key),
    tx.objectStore('chunks').delete(datasetRange(key)),
    tx.objectStore('columns').delete(datasetRange(key)),
    tx.objectStore('segments').delete(datasetRange(key)),
    tx.objectStore('files').delete(IDBKeyRange.bound(`${dir}/`, `${dir}/\uffff`)),
    tx.done,
  ]);
  // A browser whose OPFS fails here stored nothing there; a file that would not go is left to
  // the sweep rather than reported as a failed Delete (the dataset is gone either way).
  await backendsOf(db)
    .opfs?.removeDir(dir)
    .catch(() => {});
}
