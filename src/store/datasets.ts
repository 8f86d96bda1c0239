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
