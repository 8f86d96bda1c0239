import { type EncodedColumn, encodeColumn, toStoredScalar } from './column-codec.ts';
import type { CrowdDatabase } from './db.ts';
import { forEachLeaf, type JsonObject } from './flatten-record.ts';

/**
 * Records are stored column-wise in chunks: a chunk is the distinct new records of one commit
 * (a batch of pages), its columns each stored as their own IDB record keyed
 * `[datasetKey, column, chunkNo]`, so the table can load one column for all chunks without
 * reading (or parsing) whole records.
 */

/** A record as the API serves it: at least an `_id`. */
export type RecordWithId = JsonObject & { _id: string };

/** Per chunk: how many rows, and the `_id` bounds (for diagnostics and range reads). */
export interface ChunkRecord {
  datasetKey: string;
  chunk: number;
  count: number;
  minId: string;
  maxId: string;
}

/** One column of one chunk. `chunk` is repeated in the value so a column read can place rows. */
export type ColumnRecord = EncodedColumn & { chunk: number };

export interface BuiltChunk {
  count: number;
  minId: string;
  maxId: string;
  columns: Array<{ name: string; column: EncodedColumn }>;
}

/** HATEOAS links (`_links.self.href` = `<resource>/<_id>`) are derivable, so not stored. */
function isStoredPath(path: string): boolean {
  return !path.startsWith('_links.');
}

/** Rows → columns (first-seen order), each column array exactly `records.length` long. */
function collectColumns(records: readonly RecordWithId[]): Map<string, unknown[]> {
  const n = records.length;
  const columns = new Map<string, unknown[]>();
  records.forEach((record, row) => {
    forEachLeaf(record, (path, value) => {
      if (!isStoredPath(path)) return;
      let values = columns.get(path);
      if (!values) {
        values = new Array<unknown>(n).fill(undefined);
        columns.set(path, values);
      }
      values[row] = toStoredScalar(value);
    });
  });
  return columns;
}

/**
 * Encodes records (already de-duplicated, at least one) as a chunk.
 *
 * @example
 * buildChunk([{ _id: 'a', snr: 5 }]).columns.map((c) => c.name) // ['_id', 'snr']
 */
export function buildChunk(records: readonly RecordWithId[]): BuiltChunk {
  let minId = records[0]?._id ?? '';
  let maxId = minId;
  for (const { _id } of records) {
    if (_id < minId) minId = _id;
    if (_id > maxId) maxId = _id;
  }
  const columns = [...collectColumns(records)].map(([name, values]) => ({
    name,
    column: encodeColumn(values, records.length),
  }));
  return { count: records.length, minId, maxId, columns };
}

/** Key range of one column's chunks `fromChunk..` of a dataset. */
export function columnRange(datasetKey: string, column: string, fromChunk = 0): IDBKeyRange {
  return IDBKeyRange.bound([datasetKey, column, fromChunk], [datasetKey, column, Infinity]);
}

/**
 * One column of a dataset, every chunk that has it, in chunk order: one `getAll`. Chunks
 * lacking the column (records without that field) are absent; `readChunks` gives row counts.
 */
export function readColumn(
  db: CrowdDatabase,
  datasetKey: string,
  column: string,
): Promise<ColumnRecord[]> {
  return db.getAll('columns', columnRange(datasetKey, column));
}

/** Every chunk's row count and id bounds, in chunk order. */
export function readChunks(db: CrowdDatabase, datasetKey: string): Promise<ChunkRecord[]> {
  return db.getAll('chunks', IDBKeyRange.bound([datasetKey, 0], [datasetKey, Infinity]));
}
