import { type EncodedColumn, toStoredScalar } from './column-codec.ts';
import { ColumnValues } from './column-values.ts';
import type { CrowdDatabase } from './db.ts';
import type { JsonObject } from './flatten-record.ts';
import { asChunkRecords, readColumnPieces } from './segments.ts';

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
  /** Index in the builder's column order, once the node holds a value. */
  index: number;
  /** Row values, kept as they will be encoded (see column-values.ts). */
  values?: ColumnValues;
  children?: Map<string, ColumnNode>;
  /**
   * The keys of the last object seen here and their nodes, by position: records of one API
   * mostly list the same keys in the same order, so a key is found by one comparison (keys
   * from JSON.parse are interned) instead of a Map lookup.
   */
  lastKeys?: string[];
  lastNodes?: ColumnNode[];
}

/**
 * Rows → columns, appended as records arrive (built for the ingest hot path: ~150 leaves per
 * record, 10,000 rows per chunk), so a record object can die young: the builder keeps only
 * its stored scalars. Columns are kept in first-seen order, which is pandas' order.
 *
 * It also logs which columns each row set, in the row's leaf order, so `without` can drop rows
 * and still give exactly the chunk `buildChunk` would give for the rows kept.
 *
 * @example
 * const b = new ChunkBuilder();
 * b.add({ _id: 'a', snr: 5 });
 * b.build().columns.map((c) => c.name) // ['_id', 'snr']
 */
export class ChunkBuilder {
  private readonly root: ColumnNode = { path: '', index: -1 };
  private readonly order: ColumnNode[] = [];
  /** Row → `_id`, in row order. */
  readonly ids: string[] = [];
  private minId = '';
  private maxId = '';
  /** Column indexes set by each row, row after row; row r's are log[rowEnds[r-1]..rowEnds[r]). */
  private log = new Int32Array(4096);
  private logLength = 0;
  private readonly rowEnds: number[] = [];

  /** Rows appended so far. */
  get count(): number {
    return this.ids.length;
  }

  /** The child of `node` for `key`, the `i`-th key of the object being added. */
  private childAt(node: ColumnNode, key: string, i: number): ColumnNode {
    if (!node.lastKeys) [node.lastKeys, node.lastNodes] = [[], []];
    if (node.lastKeys[i] === key) return (node.lastNodes as ColumnNode[])[i] as ColumnNode;
    const next = this.child(node, key);
    node.lastKeys[i] = key;
    (node.lastNodes as ColumnNode[])[i] = next;
    return next;
  }

  private child(node: ColumnNode, key: string): ColumnNode {
    node.children ??= new Map();
    let next = node.children.get(key);
    if (!next) {
      next = { path: node.path ? `${node.path}.${key}` : key, index: -1 };
      node.children.set(key, next);
    }
    return next;
  }

  /** Sets `row`'s stored scalar of `node` (row = the row being appended). */
  private setStored(node: ColumnNode, row: number, stored: unknown): void {
    let values = node.values;
    if (!values) {
      values = node.values = new ColumnValues();
      node.index = this.order.length;
      this.order.push(node);
    }
    values.set(row, stored);
    if (this.logLength === this.log.length) {
      const grown = new Int32Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logLength++] = node.index;
  }

  private nested(node: ColumnNode, row: number, object: JsonObject): void {
    let i = 0;
    for (const key in object) {
      const value = object[key];
      const next = this.childAt(node, key, i++);
      if (isObject(value)) this.nested(next, row, value);
      else this.setStored(next, row, toStoredScalar(value));
    }
  }

  /** The nested objects of the record being added, and their nodes (reused buffers). */
  private readonly pendingNodes: ColumnNode[] = [];
  private readonly pendingObjects: (JsonObject | undefined)[] = [];

  private startRow(id: string): number {
    const row = this.ids.length;
    if (row === 0 || id < this.minId) this.minId = id;
    if (row === 0 || id > this.maxId) this.maxId = id;
    this.ids.push(id);
    return row;
  }

  /** Appends one record as the next row. As json_normalize: top-level scalars first, then nested leaves. */
  add(record: RecordWithId): void {
    const row = this.startRow(record._id);
    let i = 0;
    let objects = 0;
    for (const key in record) {
      const value = record[key];
      const node = this.childAt(this.root, key, i++);
      if (!isObject(value)) this.setStored(node, row, toStoredScalar(value));
      // HATEOAS links (`_links.self.href` = `<resource>/<_id>`) are derivable: not stored.
      else if (key !== '_links') {
        this.pendingNodes[objects] = node;
        this.pendingObjects[objects++] = value;
      }
    }
    for (let k = 0; k < objects; k++) {
      this.nested(this.pendingNodes[k] as ColumnNode, row, this.pendingObjects[k] as JsonObject);
      this.pendingObjects[k] = undefined; // the record may die young
    }
    this.rowEnds.push(this.logLength);
  }

  /**
   * A builder holding only the rows whose `_id` `drop` rejects, exactly as if only those had
   * been added (same columns, same order). The result is for `build` only: don't `add` to it.
   */
  without(drop: (id: string) => boolean): ChunkBuilder {
    const out = new ChunkBuilder();
    const targets = new Map<ColumnNode, ColumnNode>();
    let from = 0;
    for (let row = 0; row < this.ids.length; row++) {
      const to = this.rowEnds[row] as number;
      const id = this.ids[row] as string;
      if (!drop(id)) {
        const outRow = out.startRow(id);
        for (let i = from; i < to; i++) {
          const node = this.order[this.log[i] as number] as ColumnNode;
          let target = targets.get(node);
          if (!target) {
            target = { path: node.path, index: -1 };
            targets.set(node, target);
          }
          out.setStored(target, outRow, node.values?.at(row));
        }
        out.rowEnds.push(out.logLength);
      }
      from = to;
    }
    return out;
  }

  /** Encodes the rows appended (at least one) as a chunk. */
  build(): BuiltChunk {
    const count = this.ids.length;
    const columns = this.order.map((node) => ({
      name: node.path,
      column: (node.values as ColumnValues).encode(count),
    }));
    return { count, minId: this.minId, maxId: this.maxId, columns };
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
  const builder = new ChunkBuilder();
  for (const record of records) builder.add(record);
  return builder.build();
}

/** Key range of one column's appended chunks `fromChunk..` of a dataset. */
export function columnRange(datasetKey: string, column: string, fromChunk = 0): IDBKeyRange {
  return IDBKeyRange.bound([datasetKey, column, fromChunk], [datasetKey, column, Infinity]);
}

/**
 * One column of a dataset, every chunk that has it, in chunk order, whether the chunk is still
 * as appended or compacted into a segment. Chunks lacking the column (records without that
 * field) are absent; `readChunks` gives row counts.
 */
export async function readColumn(
  db: CrowdDatabase,
  datasetKey: string,
  column: string,
): Promise<ColumnRecord[]> {
  return asChunkRecords(await readColumnPieces(db, datasetKey, column, 0, Infinity, true));
}

/** Key range of a dataset's chunk records. */
export function chunkRange(datasetKey: string): IDBKeyRange {
  return IDBKeyRange.bound([datasetKey, 0], [datasetKey, Infinity]);
}

/** Every chunk's row count and id bounds, in chunk order. */
export function readChunks(db: CrowdDatabase, datasetKey: string): Promise<ChunkRecord[]> {
  return db.getAll('chunks', chunkRange(datasetKey));
}
