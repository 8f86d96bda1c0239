import type { IDBPTransaction } from 'idb';
import { ChunkBuilder, columnRange, type RecordWithId } from './chunks.ts';
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
import { columnKeys, readSegmentColumn, type SegmentRecord } from './segments.ts';
import { announce, COMPACT_EVERY } from './store-events.ts';

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
 *
 * For ingest, `createBuffer` columnises records as pages arrive (dropping ids already held,
 * being written, or buffered), so parsed records die young and a commit only encodes. The
 * commit still checks the buffer against the ids caught up in its transaction, and rebuilds
 * the chunk without any that another tab stored meanwhile.
 */
export interface DatasetWriter {
  summary(): Promise<DatasetSummary>;
  createBuffer(): RecordBuffer;
  commit(batch: CommitBatch): Promise<CommitResult>;
}

/** Records columnised for the next commit. */
export interface RecordBuffer {
  /** Appends the records not yet held nor buffered (first occurrence kept). */
  add(items: readonly RecordWithId[]): void;
  /** Records buffered (duplicates already dropped). */
  readonly size: number;
}

export interface DatasetSummary {
  stored: number;
  maxId: string | null;
  total: number | null;
}

export interface CommitBatch {
  /** Fetched records, duplicates allowed (dropped here). */
  items: readonly RecordWithId[];
  /** Records buffered by this writer's `createBuffer`, committed with (before) `items`. */
  buffer?: RecordBuffer;
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
  ('datasets' | 'jobs' | 'chunks' | 'columns' | 'segments')[],
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

  /** Compacted `_id` segments (file names: a file never changes) whose ids are in the Set. */
  const loadedSegments = new Set<string>();

  /**
   * Loads the ids of chunks seenChunks..ds.nextChunk-1 (committed by anyone) into the Set.
   * Ids a compaction moved into a segment file can't be read inside the transaction (awaiting
   * a file read would let it commit): those segments are returned, for the caller to read
   * outside it and try again.
   */
  async function catchUp(tx: WriteTx, ds: DatasetRecord | undefined): Promise<SegmentRecord[]> {
    if (!ds) {
      ids.clear(); // the dataset was deleted under us: start afresh
      loadedSegments.clear();
      seenChunks = 0;
      return [];
    }
    if (ds.nextChunk <= seenChunks) return [];
    const segments = await tx.objectStore('segments').getAll(columnKeys(info.key, '_id'));
    const unread = segments.filter((s) => s.lastChunk >= seenChunks && !loadedSegments.has(s.file));
    if (unread.length > 0) return unread;
    const range = columnRange(info.key, '_id', seenChunks);
    for (const record of await tx.objectStore('columns').getAll(range)) {
      for (const id of decodeColumn(record)) if (typeof id === 'string') ids.add(id);
    }
    seenChunks = ds.nextChunk;
    return [];
  }

  async function loadSegments(segments: readonly SegmentRecord[]): Promise<void> {
    for (const segment of segments) {
      for (const id of decodeColumn(await readSegmentColumn(db, segment))) {
        if (typeof id === 'string') ids.add(id);
      }
      loadedSegments.add(segment.file);
    }
  }

  /** Ids of the buffer being committed: held, as far as new buffers are concerned. */
  let writing: ReadonlySet<string> | null = null;

  function createBuffer(): WriterBuffer {
    return new WriterBuffer((id) => ids.has(id) || writing?.has(id) === true);
  }

  /** The batch's records not yet held, as a chunk builder (first occurrence kept). */
  function freshBuilder(buffer: RecordBuffer | undefined, items: readonly RecordWithId[]) {
    if (buffer !== undefined && !(buffer instanceof WriterBuffer)) {
      throw new TypeError('commit: the buffer was not created by this writer');
    }
    const target = buffer ?? createBuffer();
    target.add(items);
    const builder = target.take();
    // Another tab may have stored some of them since they were buffered (caught up above).
    for (const id of builder.ids) if (ids.has(id)) return builder.without((i) => ids.has(i));
    return builder;
  }

  function putChunk(tx: WriteTx, ds: DatasetRecord, fresh: ChunkBuilder, track: Track) {
    const chunk = ds.nextChunk;
    const built = fresh.build();
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

  async function commit(batch: CommitBatch): Promise<CommitResult> {
    for (;;) {
      const result = await tryCommit(batch);
      if (!Array.isArray(result)) {
        if (batch.job.status !== 'running') announce({ type: 'run-saved', key: info.key });
        else if (result.added > 0 && seenChunks % COMPACT_EVERY === 0) {
          announce({ type: 'appended', key: info.key, chunks: seenChunks });
        }
        return result;
      }
      await loadSegments(result).catch((error: unknown) => {
        throw toStoreError(error);
      });
    }
  }

  /** One attempt: the result, or the compacted segments to read before trying again. */
  async function tryCommit({
    items,
    buffer,
    job,
    total,
  }: CommitBatch): Promise<CommitResult | SegmentRecord[]> {
    const tx: WriteTx = db.transaction(
      ['datasets', 'jobs', 'chunks', 'columns', 'segments'],
      'readwrite',
    );
    const pending: Promise<unknown>[] = [tx.done];
    const track: Track = (p) => {
      p.catch(noop); // awaited below; this only stops an early abort from being "unhandled"
      pending.push(p);
    };
    tx.done.catch(noop);
    let fresh: ChunkBuilder | null = null;
    let ds: DatasetRecord;
    if (buffer instanceof WriterBuffer) writing = buffer.seen;
    try {
      const existing = await tx.objectStore('datasets').get(info.key);
      const unread = await catchUp(tx, existing);
      if (unread.length > 0) {
        abortQuietly(tx);
        return unread;
      }
      ds = existing ?? newDatasetRecord(info, now());
      fresh = freshBuilder(buffer, items);
      if (fresh.count > 0) putChunk(tx, ds, fresh, track);
      Object.assign(ds, { total, updatedAt: now(), complete: job.status === 'done' });
      track(tx.objectStore('datasets').put(ds));
      track(tx.objectStore('jobs').put(job));
      await Promise.all(pending);
    } catch (error) {
      abortQuietly(tx);
      throw toStoreError(error);
    } finally {
      writing = null;
    }
    for (const id of fresh.ids) ids.add(id);
    seenChunks = ds.nextChunk;
    return { added: fresh.count, stored: ds.stored, maxId: ds.maxId };
  }

  async function summary(): Promise<DatasetSummary> {
    const ds = await db.get('datasets', info.key);
    return { stored: ds?.stored ?? 0, maxId: ds?.maxId ?? null, total: ds?.total ?? null };
  }

  return { summary, createBuffer, commit };
}

type Track = (request: Promise<unknown>) => void;

/** A RecordBuffer over a ChunkBuilder; `held` tells the ids the writer already holds. */
class WriterBuffer implements RecordBuffer {
  private builder: ChunkBuilder | null = new ChunkBuilder();
  /** Ids buffered. */
  readonly seen = new Set<string>();

  constructor(private readonly held: (id: string) => boolean) {}

  get size(): number {
    return this.seen.size;
  }

  add(items: readonly RecordWithId[]): void {
    const builder = this.builder;
    if (!builder) throw new Error('RecordBuffer: already committed');
    for (const item of items) {
      const id = item._id;
      if (this.seen.has(id) || this.held(id)) continue;
      this.seen.add(id);
      builder.add(item);
    }
  }

  /** The builder, once: a buffer is committed at most once. */
  take(): ChunkBuilder {
    const builder = this.builder;
    if (!builder) throw new Error('RecordBuffer: already committed');
    this.builder = null;
    return builder;
  }
}

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
