import { type EncodedColumn, encodeColumn, toStoredScalar } from './column-codec.ts';
import type { CrowdDatabase } from './db.ts';
import type { JsonObject } from './flatten-record.ts';

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

/** A column trie: children by key, so a leaf costs Map lookups of the keys JSON.parse interned. */
interface ColumnNode {
  path: string;
  values?: unknown[];
  children?: Map<string, ColumnNode>;
}

/** Rows → columns, built for the ingest hot path (~150 leaves × 10,000 rows per chunk). */
class ColumnCollector {
  private readonly root: ColumnNode = { path: '' };
  /** Columns in first-seen order, which is pandas' order. */
  readonly order: ColumnNode[] = [];

  constructor(private readonly rows: number) {}

  private child(node: ColumnNode, key: string): ColumnNode {
    node.children ??= new Map();
    let next = node.children.get(key);
    if (!next) {
      next = { path: node.path ? `${node.path}.${key}` : key };
      node.children.set(key, next);
    }
    return next;
  }

  private set(node: ColumnNode, row: number, value: unknown): void {
    if (!node.values) {
      node.values = new Array<unknown>(this.rows).fill(undefined);
      this.order.push(node);
    }
    node.values[row] = toStoredScalar(value);
  }

  private nested(node: ColumnNode, row: number, object: JsonObject): void {
    for (const key in object) {
      const value = object[key];
      const next = this.child(node, key);
      if (isObject(value)) this.nested(next, row, value);
      else this.set(next, row, value);
    }
  }

  /** As json_normalize: a record's top-level scalars first, then its nested leaves. */
  add(record: JsonObject, row: number): void {
    for (const key in record) {
      const value = record[key];
      if (!isObject(value)) this.set(this.child(this.root, key), row, value);
    }
    for (const key in record) {
      const value = record[key];
      // HATEOAS links (`_links.self.href` = `<resource>/<_id>`) are derivable: not stored.
      if (isObject(value) && key !== '_links') this.nested(this.child(this.root, key), row, value);
    }
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const collector = new ColumnCollector(records.length);
  for (let row = 0; row < records.length; row++) collector.add(records[row] as RecordWithId, row);
  const columns = collector.order.map((node) => ({
    name: node.path,
    column: encodeColumn(node.values ?? [], records.length),
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
