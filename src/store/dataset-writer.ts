import type { IDBPTransaction } from 'idb';
import {
  ChunkBuilder,
  type ChunkRecord,
  type ColumnRecord,
  chunkRange,
  columnRange,
  type RecordWithId,
} from './chunks.ts';
import type { EncodedColumn } from './column-codec.ts';
import { decodeColumn } from './column-codec.ts';
import {
  type Completeness,
  type DatasetInfo,
  type DatasetRecord,
  datasetRange,
  mergeColumns,
  newDatasetRecord,
  purgeLeftovers,
} from './datasets.ts';
import type { CrowdDatabase, CrowdDb } from './db.ts';
import { StoreWriteError, toStoreError } from './errors.ts';
import type { JobRecord } from './jobs.ts';
import { SegmentMissingError } from './segment-files.ts';
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
  /**
   * What the store holds, counted from the stored `_id`s themselves (not the dataset's
   * counters, which records lost behind the app's back would leave too high). Loads the ids,
   * so buffers made after it drop records already held from the first page on.
   */
  summary(): Promise<DatasetSummary>;
  /** Every `_id` held, ascending (for comparing per-range counts with the server's). */
  heldIds(): Promise<string[]>;
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
  /**
   * The run's verdict (its last commit): the dataset is complete only when this says
   * `verified`. Absent: a run goes on, so the dataset is not complete.
   */
  completeness?: Completeness;
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
  let maxHeld: string | null = null;
  let seenChunks = 0;

  /** Compacted `_id` segments (file names: a file never changes) whose ids are in the Set. */
  const loadedSegments = new Set<string>();

  /**
   * Loads the ids of chunks seenChunks..ds.nextChunk-1 (committed by anyone) into the Set. If
   * the chunks' row counts then disagree with the Set, chunks vanished behind our back (lost
   * or deleted by other code): the Set is rebuilt once from what is really there, so counts
   * and the records a buffer drops never rest on ids the store no longer holds.
   *
   * A chunk is held when its `chunks` record is there and its ids are, whether still appended
   * (`columns`) or compacted into a segment: a compaction moves ids, it never loses them, so
   * it is never taken for a loss; a chunk gone from `chunks` (or a segment file gone) is, even
   * inside a segment. Segment files can't be read inside the transaction (awaiting a file
   * would let it commit): the segments to read are returned, with the chunks present, for the
   * caller to read outside it and try again.
   */
  async function catchUp(
    tx: ReadTx,
    ds: DatasetRecord | undefined,
    attempt: Attempt,
  ): Promise<Unread> {
    if (!ds) {
      forget(); // the dataset was deleted under us: start afresh
      return null;
    }
    const [chunks, segments] = await Promise.all([
      tx.objectStore('chunks').getAll(chunkRange(info.key)),
      tx.objectStore('segments').getAll(columnKeys(info.key, '_id')),
    ]);
    const present = new Set(chunks.map((c) => c.chunk));
    const unread = segments.filter((s) => s.lastChunk >= seenChunks && !loadedSegments.has(s.file));
    if (unread.length > 0) return { segments: unread, present };
    if (ds.nextChunk > seenChunks) await loadIds(tx, seenChunks, ds.nextChunk, present);
    const rows = chunks.reduce((n, c) => n + c.count, 0);
    if (rows !== ids.size && !attempt.rebuilt) {
      attempt.rebuilt = true;
      forget();
      return catchUp(tx, ds, attempt);
    }
    return null;
  }

  function forget(): void {
    ids.clear();
    loadedSegments.clear();
    [maxHeld, seenChunks] = [null, 0];
  }

  function hold(id: unknown): void {
    if (typeof id !== 'string') return;
    ids.add(id);
    if (maxHeld === null || id > maxHeld) maxHeld = id;
  }

  async function loadIds(tx: ReadTx, from: number, to: number, present: ReadonlySet<number>) {
    const range = columnRange(info.key, '_id', from);
    for (const record of await tx.objectStore('columns').getAll(range)) {
      if (present.has(record.chunk)) for (const id of decodeColumn(record)) hold(id);
    }
    seenChunks = to;
  }

  /** Reads the ids of compacted segments, only of chunks still present (see catchUp). */
  async function loadSegments({ segments, present }: NonNullable<Unread>): Promise<void> {
    for (const segment of segments) {
      let column: EncodedColumn | null = null;
      try {
        column = await readSegmentColumn(db, segment);
      } catch (error) {
        // A file gone while its index stays: its records are lost (the row check then finds
        // them missing), unless a compaction replaced it meanwhile (the retry reads the new).
        if (!(error instanceof SegmentMissingError)) throw error;
      }
      if (column) {
        const values = decodeColumn(column);
        let row = 0;
        segment.counts.forEach((count, i) => {
          if (present.has(segment.chunk + i))
            for (let r = row; r < row + count; r++) hold(values[r]);
          row += count;
        });
      }
      loadedSegments.add(segment.file);
    }
  }

  /** Catches up in transactions from `open` until no segment is left to read outside one. */
  async function caughtUp<T>(open: () => Promise<{ unread: Unread } | { done: T }>): Promise<T> {
    for (;;) {
      const step = await open();
      if ('done' in step) return step.done;
      await loadSegments(step.unread as NonNullable<Unread>).catch((error: unknown) => {
        throw toStoreError(error);
      });
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
    ds.maxId = maxHeld === null || maxId > maxHeld ? maxId : maxHeld;
    ds.columns = mergeColumns(ds.columns, built.columns.map(columnType));
  }

  async function commit(batch: CommitBatch): Promise<CommitResult> {
    const attempt: Attempt = { rebuilt: false };
    const result = await caughtUp(async () => {
      let tried = await tryCommit(batch, attempt);
      // A Delete cut short (or still going, in a tab without locks) left records under the key:
      // removed before this dataset starts over at chunk 0.
      for (let purges = 0; 'leftovers' in tried; purges++) {
        if (purges === 3) {
          throw new StoreWriteError(
            'Records of a deleted copy of this dataset are still being removed; try again.',
          );
        }
        await purgeLeftovers(db, info.key).catch((error: unknown) => {
          throw toStoreError(error);
        });
        tried = await tryCommit(batch, attempt);
      }
      return 'added' in tried ? { done: tried } : tried;
    });
    if (batch.job.status !== 'running') announce({ type: 'run-saved', key: info.key });
    else if (result.added > 0 && seenChunks % COMPACT_EVERY === 0) {
      announce({ type: 'appended', key: info.key, chunks: seenChunks });
    }
    return result;
  }

  /** One attempt: the result, or the compacted segments to read before trying again. */
  async function tryCommit(
    { items, buffer, job, total, completeness }: CommitBatch,
    attempt: Attempt,
  ): Promise<CommitResult | { unread: Unread } | { leftovers: true }> {
    let tx: WriteTx;
    try {
      tx = db.transaction(['datasets', 'jobs', 'chunks', 'columns', 'segments'], 'readwrite');
    } catch (error) {
      // InvalidStateError: the browser closed the connection (after a failed write on a full
      // disk, Chromium does): a storage fault like the write's own, not a bug of the caller.
      throw toStoreError(error);
    }
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
      if (!existing && (await leftoversIn(tx, info.key))) {
        abortQuietly(tx);
        return { leftovers: true };
      }
      const unread = await catchUp(tx, existing, attempt);
      if (unread) {
        abortQuietly(tx);
        return { unread };
      }
      ds = existing ?? newDatasetRecord(info, now());
      fresh = freshBuilder(buffer, items);
      // Counted from the ids caught up above: exact even if chunks vanished behind our back.
      [ds.stored, ds.maxId] = [ids.size + fresh.count, maxHeld];
      if (fresh.count > 0) putChunk(tx, ds, fresh, track);
      const complete = completeness?.type === 'verified';
      Object.assign(ds, { total, updatedAt: now(), complete, completeness: completeness ?? null });
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
    [maxHeld, seenChunks] = [ds.maxId, ds.nextChunk];
    return { added: fresh.count, stored: ds.stored, maxId: ds.maxId };
  }

  async function summary(): Promise<DatasetSummary> {
    const attempt: Attempt = { rebuilt: false };
    return caughtUp<DatasetSummary>(async () => {
      const tx = db.transaction(['datasets', 'chunks', 'columns', 'segments'], 'readonly');
      const ds = await tx.objectStore('datasets').get(info.key);
      const unread = await catchUp(tx, ds, attempt);
      if (unread) return { unread };
      return { done: { stored: ids.size, maxId: maxHeld, total: ds?.total ?? null } };
    });
  }

  async function heldIds(): Promise<string[]> {
    await summary();
    return [...ids].sort();
  }

  return { summary, heldIds, createBuffer, commit };
}

type Track = (request: Promise<unknown>) => void;
/** What catchUp reads, in a commit's transaction or summary's read-only one. */
interface ReadTx {
  objectStore(name: 'columns'): { getAll(range: IDBKeyRange): Promise<ColumnRecord[]> };
  objectStore(name: 'chunks'): { getAll(range: IDBKeyRange): Promise<ChunkRecord[]> };
  objectStore(name: 'segments'): { getAll(range: IDBKeyRange): Promise<SegmentRecord[]> };
}
/** One commit's (or summary's) catching up: the Set is rebuilt at most once per call. */
interface Attempt {
  rebuilt: boolean;
}
/** Compacted segments to read outside the transaction, and the chunks present when asked. */
type Unread = { segments: SegmentRecord[]; present: ReadonlySet<number> } | null;

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

/** Whether records of the key's chunks, columns or segments exist (the dataset record aside). */
async function leftoversIn(tx: WriteTx, key: string): Promise<boolean> {
  const range = datasetRange(key);
  const found = await Promise.all(
    (['chunks', 'columns', 'segments'] as const).map((name) => tx.objectStore(name).getKey(range)),
  );
  return found.some((k) => k !== undefined);
}
