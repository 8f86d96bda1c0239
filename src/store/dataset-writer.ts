import type { IDBPTransaction } from 'idb';
import { buildChunk, columnRange, type RecordWithId } from './chunks.ts';
import type { EncodedColumn } from './column-codec.ts';
import { decodeColumn } from './column-codec.ts';
import {
  type DatasetInfo,
  type DatasetRecord,
  mergeColumns,
  newDatasetRecord,
} from './datasets.ts';
import type { CrowdDatabase, CrowdDb } from './db.ts';
import { toStoreError } from './errors.ts';
import type { JobRecord } from './jobs.ts';

/**
 * Writes downloaded pages into a dataset. Each `commit` is ONE transaction holding the new
 * records' chunk, the dataset counters and the job's resume state, so after any crash the
 * resume state describes exactly the records stored.
 *
 * Records are keyed by `_id`: the writer keeps the dataset's ids in memory (a Set, ~60 MB at
 * 1M) and drops ids already held, so a page written twice, or a record seen again on a
 * shifted offset page, changes nothing. Inside the transaction it first reads the dataset
 * record and loads the ids of any chunk written since it last looked (another tab, or its
 * own first commit), which keeps the Set exact without a per-record IDB index.
 */
export interface DatasetWriter {
  summary(): Promise<DatasetSummary>;
  commit(batch: CommitBatch): Promise<CommitResult>;
}

export interface DatasetSummary {
  stored: number;
  maxId: string | null;
  total: number | null;
}

export interface CommitBatch {
  /** Fetched records, duplicates allowed (dropped here). */
  items: readonly RecordWithId[];
  /** Resume state describing the store after this batch. */
  job: JobRecord;
  /** Server total last seen. */
  total: number;
}

export interface CommitResult {
  /** Records newly stored by this commit. */
  added: number;
  stored: number;
  maxId: string | null;
}

type WriteTx = IDBPTransaction<
  CrowdDb,
  ('datasets' | 'jobs' | 'chunks' | 'columns')[],
  'readwrite'
>;

const noop = () => {};

export function createDatasetWriter(
  db: CrowdDatabase,
  info: DatasetInfo,
  now: () => number = Date.now,
): DatasetWriter {
  const ids = new Set<string>();
  let seenChunks = 0;

  /** Loads the ids of chunks seenChunks..ds.nextChunk-1 (committed by anyone) into the Set. */
  async function catchUp(tx: WriteTx, ds: DatasetRecord | undefined): Promise<void> {
    if (!ds) {
      ids.clear(); // the dataset was deleted under us: start afresh
      seenChunks = 0;
      return;
    }
    if (ds.nextChunk <= seenChunks) return;
    const range = columnRange(info.key, '_id', seenChunks);
    for (const record of await tx.objectStore('columns').getAll(range)) {
      for (const id of decodeColumn(record)) if (typeof id === 'string') ids.add(id);
    }
    seenChunks = ds.nextChunk;
  }

  /** The batch's records not yet held, first occurrence kept. */
  function freshItems(items: readonly RecordWithId[]): RecordWithId[] {
    const batchIds = new Set<string>();
    return items.filter((item) => {
      if (ids.has(item._id) || batchIds.has(item._id)) return false;
      batchIds.add(item._id);
      return true;
    });
  }

  function putChunk(tx: WriteTx, ds: DatasetRecord, fresh: RecordWithId[], track: Track) {
    const chunk = ds.nextChunk;
    const built = buildChunk(fresh);
    const { count, minId, maxId } = built;
    track(tx.objectStore('chunks').put({ datasetKey: info.key, chunk, count, minId, maxId }));
    for (const { name, column } of built.columns) {
      track(tx.objectStore('columns').put({ ...column, chunk }, [info.key, name, chunk]));
    }
    ds.nextChunk = chunk + 1;
    ds.stored += count;
    ds.maxId = ds.maxId === null || maxId > ds.maxId ? maxId : ds.maxId;
    ds.columns = mergeColumns(ds.columns, built.columns.map(columnType));
  }

  async function commit({ items, job, total }: CommitBatch): Promise<CommitResult> {
    const tx: WriteTx = db.transaction(['datasets', 'jobs', 'chunks', 'columns'], 'readwrite');
    const pending: Promise<unknown>[] = [tx.done];
    const track: Track = (p) => {
      p.catch(noop); // awaited below; this only stops an early abort from being "unhandled"
      pending.push(p);
    };
    tx.done.catch(noop);
    let fresh: RecordWithId[] = [];
    let ds: DatasetRecord;
    try {
      const existing = await tx.objectStore('datasets').get(info.key);
      await catchUp(tx, existing);
      ds = existing ?? newDatasetRecord(info, now());
      fresh = freshItems(items);
      if (fresh.length > 0) putChunk(tx, ds, fresh, track);
      Object.assign(ds, { total, updatedAt: now(), complete: job.status === 'done' });
      track(tx.objectStore('datasets').put(ds));
      track(tx.objectStore('jobs').put(job));
      await Promise.all(pending);
    } catch (error) {
      abortQuietly(tx);
      throw toStoreError(error);
    }
    for (const item of fresh) ids.add(item._id);
    seenChunks = ds.nextChunk;
    return { added: fresh.length, stored: ds.stored, maxId: ds.maxId };
  }

  async function summary(): Promise<DatasetSummary> {
    const ds = await db.get('datasets', info.key);
    return { stored: ds?.stored ?? 0, maxId: ds?.maxId ?? null, total: ds?.total ?? null };
  }

  return { summary, commit };
}

type Track = (request: Promise<unknown>) => void;

function columnType(entry: { name: string; column: EncodedColumn }) {
  return [entry.name, entry.column.kind === 'number' ? 'number' : 'text'] as const;
}

/** Rolls back; a transaction that already failed or finished can't be aborted again. */
function abortQuietly(tx: WriteTx): void {
  try {
    tx.abort();
  } catch {
    // already aborted by the failing request, or finished
  }
}
