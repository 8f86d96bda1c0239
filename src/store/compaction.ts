import type { ChunkRecord } from './chunks.ts';
import { readChunks } from './chunks.ts';
import { type DatasetRecord, purgeLeftovers } from './datasets.ts';
import type { CrowdDatabase } from './db.ts';
import { deriveDedupIndex } from './dedup-derivation.ts';
import { toStoreError } from './errors.ts';
import { backendsOf, removeSegmentFiles, writableFiles } from './segment-backends.ts';
import { type Backend, datasetDir, fileNonce } from './segment-files.ts';
import { encodeSegment } from './segment-layout.ts';
import { mergePieces } from './segment-merge.ts';
import {
  type ColumnPiece,
  columnKeys,
  readColumnPieces,
  readSegmentIndex,
  readSegmentRecords,
  type SegmentRecord,
} from './segments.ts';
import { announce } from './store-events.ts';

/**
 * The compactor: folds a dataset's appended chunks (and smaller compacted segments before them)
 * into one large segment per column, so a column reads as one file instead of hundreds of
 * IndexedDB values. Crash-safe in three steps:
 *
 * 1. write the new segment files (nothing names them yet: a crash leaves orphans, swept later);
 * 2. switch the index in ONE IndexedDB transaction: the new segment records in, the old segment
 *    records of that chunk range out — after checking nothing changed since the plan (another
 *    compactor, a Delete);
 * 3. drop the appended records the new segments cover, in small transactions (see
 *    dropAppended), and delete the old files. A crash leaves covered appended records (readers
 *    take the segment over them; the next compaction drops them) or orphan files (swept); a
 *    reader that still holds the old index finds a file gone and reads the index again.
 *
 * At every moment each chunk of each column is read from exactly one record — its segment if
 * one covers it, else its appended record — so every row reads exactly once. Downloads only
 * append chunks after the range, so they never conflict.
 */

/** Appended chunks at which a compaction is worth it (one chunk reads fine as it is). */
export const MIN_APPENDED_CHUNKS = 2;

/** A compacted segment is merged again when it holds at most this many times the newer rows. */
const MERGE_RATIO = 2;

export type CompactionStep = 'written' | 'switched' | 'deleted';

export interface CompactionOptions {
  /** Where new segments go (default: OPFS when a probe write works, else IndexedDB). */
  prefer?: Backend;
  /** Asked between columns: true stops the compaction (someone waits for the dataset). */
  shouldYield?: () => boolean | Promise<boolean>;
  /** After each step; throwing there is what a crash at that step leaves (tests). */
  onStep?: (step: CompactionStep) => void | Promise<void>;
  /** Compact whatever is appended, even a single chunk (tests, and an explicit request). */
  force?: boolean;
}

export type CompactionResult =
  | { type: 'nothing' }
  | { type: 'yielded' }
  /** The index changed under the compaction (another tab, a Delete): nothing switched. */
  | { type: 'changed' }
  | {
      type: 'compacted';
      from: number;
      to: number;
      rows: number;
      columns: number;
      bytes: number;
      backend: Backend;
      /** Segments of the dataset after the switch (per column). */
      segments: number;
    };

interface Plan {
  ds: DatasetRecord;
  from: number;
  to: number;
  counts: number[];
  /** Segment records (all columns) the new segment replaces. */
  replaced: SegmentRecord[];
  /** Segments per column after the switch. */
  segmentsAfter: number;
}

/** Distinct chunk ranges of a dataset's compacted segments, in chunk order. */
function rangesOf(index: readonly SegmentRecord[]): Array<{ from: number; to: number }> {
  const seen = new Map<number, number>();
  for (const s of index) seen.set(s.chunk, s.lastChunk);
  return [...seen].map(([from, to]) => ({ from, to })).sort((a, b) => a.from - b.from);
}

/** What to merge: the appended tail, and the compacted ranges before it not much larger. */
function planOf(
  ds: DatasetRecord,
  chunks: readonly ChunkRecord[],
  index: readonly SegmentRecord[],
  force: boolean,
): Plan | null {
  const ranges = rangesOf(index);
  const covered = (chunk: number) => ranges.some((r) => r.from <= chunk && chunk <= r.to);
  const rowsOf = new Map(chunks.map((c) => [c.chunk, c.count]));
  const appended = chunks.filter((c) => !covered(c.chunk));
  if (appended.length === 0 || (!force && appended.length < MIN_APPENDED_CHUNKS)) return null;
  let from = (appended[0] as ChunkRecord).chunk;
  const to = (chunks.at(-1) as ChunkRecord).chunk;
  let rows = appended.reduce((n, c) => n + c.count, 0);
  // Ranges wholly before the first appended chunk, newest first: merged while not much larger
  // than what is merged already, so segments grow geometrically and stay few.
  const before = ranges.filter((r) => r.to < from).reverse();
  for (const r of before) {
    let rangeRows = 0;
    for (let c = r.from; c <= r.to; c++) rangeRows += rowsOf.get(c) ?? 0;
    if (rangeRows > MERGE_RATIO * rows) break;
    rows += rangeRows;
    from = r.from;
  }
  const counts: number[] = [];
  for (let c = from; c <= to; c++) {
    const count = rowsOf.get(c);
    if (count === undefined) return null; // chunk numbers with a gap: not ours to touch
    counts.push(count);
  }
  const replaced = index.filter((s) => s.chunk >= from && s.lastChunk <= to);
  const segmentsAfter = ranges.filter((r) => r.to < from).length + 1;
  return { ds, from, to, counts, replaced, segmentsAfter };
}

/** Chunks whose appended records one transaction drops (per column). */
const DROP_CHUNKS = 1000;

/**
 * Drops the appended records of chunks `from..to` of the given columns: one transaction per
 * column and at most DROP_CHUNKS chunks, a few hundred kB of keys. Chromium writes an undo log
 * holding the old values of whatever a transaction deletes once its write batch passes 1 MB:
 * dropping a 1M dataset's appended values in the switch wrote ~430 MB of undo log, and one
 * left behind (the browser closed meanwhile) was replayed at every later start, 2.3 s before
 * the session's first IndexedDB open answered.
 */
async function dropAppended(
  db: CrowdDatabase,
  datasetKey: string,
  names: readonly string[],
  from: number,
  to: number,
  shouldYield?: CompactionOptions['shouldYield'],
): Promise<void> {
  for (const name of names) {
    // Whoever waits for the dataset goes first: what is left is never read, and the next
    // compaction drops it.
    if (await shouldYield?.()) return;
    for (let first = from; first <= to; first += DROP_CHUNKS) {
      const last = Math.min(to, first + DROP_CHUNKS - 1);
      await db.delete('columns', columnKeys(datasetKey, name, first, last));
    }
  }
}

/** Appended records a segment covers (a compaction stopped after its switch): dropped now. */
async function dropCovered(
  db: CrowdDatabase,
  ds: DatasetRecord,
  index: readonly SegmentRecord[],
  shouldYield?: CompactionOptions['shouldYield'],
): Promise<void> {
  // Adjacent segment ranges counted as one: one count per column for the usual 0..K.
  const ranges: Array<{ from: number; to: number }> = [];
  for (const r of rangesOf(index)) {
    const last = ranges.at(-1);
    if (last && last.to + 1 === r.from) last.to = r.to;
    else ranges.push({ ...r });
  }
  if (ranges.length === 0) return;
  const names = ds.columns.map((c) => c.name);
  const tx = db.transaction('columns');
  const found = await Promise.all(
    names.flatMap((name) =>
      ranges.map(async (r) =>
        (await tx.store.count(columnKeys(ds.key, name, r.from, r.to))) > 0 ? { name, r } : null,
      ),
    ),
  );
  for (const hit of found) {
    if (hit) await dropAppended(db, ds.key, [hit.name], hit.r.from, hit.r.to, shouldYield);
  }
}

/**
 * Tidies what a crash left of a dataset: appended records a segment covers, files of the
 * dataset's directory that no index record names, and everything of a dataset whose Delete
 * was cut short.
 */
export async function sweepDataset(
  db: CrowdDatabase,
  datasetKey: string,
  shouldYield?: CompactionOptions['shouldYield'],
): Promise<number> {
  const dir = datasetDir(datasetKey);
  const [ds, records] = await Promise.all([
    db.get('datasets', datasetKey),
    readSegmentRecords(db, datasetKey),
  ]);
  // A Delete cut short: records no dataset names, removed as the Delete would have.
  if (!ds) {
    await purgeLeftovers(db, datasetKey);
    return 0;
  }
  await dropCovered(
    db,
    ds,
    records.filter((s) => !s.derived),
    shouldYield,
  );
  const live = new Set(records.map((s) => `${s.backend}:${s.file}`));
  let removed = 0;
  const { idb, opfs } = backendsOf(db);
  for (const files of [idb, opfs]) {
    if (!files) continue;
    const orphans = (await files.list(dir)).filter((n) => !live.has(`${files.backend}:${n}`));
    await files.remove(dir, orphans);
    removed += orphans.length;
  }
  return removed;
}

/**
 * The dedup index of the dataset's rows as they now are (stored-dedup.ts), unless someone waits
 * for the dataset. It only saves time: a failure (a full disk) leaves readers computing the
 * dedup from the columns, and is not the compaction's failure.
 */
async function deriveIndex(
  db: CrowdDatabase,
  datasetKey: string,
  options: CompactionOptions,
): Promise<void> {
  if (await options.shouldYield?.()) return;
  await deriveDedupIndex(db, datasetKey, options.prefer).catch(() => false);
}

/**
 * Compacts one dataset (see the module comment). The caller holds the dataset's lock (the
 * compactor worker takes dataset-lock.ts `datasetLockName`), so no other compactor or Delete runs meanwhile;
 * the switch still checks, so a caller without the lock can't corrupt anything either.
 */
export async function compactDataset(
  db: CrowdDatabase,
  datasetKey: string,
  options: CompactionOptions = {},
): Promise<CompactionResult> {
  await sweepDataset(db, datasetKey, options.shouldYield);
  const [ds, chunks, index] = await Promise.all([
    db.get('datasets', datasetKey),
    readChunks(db, datasetKey),
    readSegmentIndex(db, datasetKey),
  ]);
  if (!ds || chunks.length === 0) return { type: 'nothing' };
  const plan = planOf(ds, chunks, index, options.force ?? false);
  if (!plan) {
    // A dataset compacted before the dedup index existed, or whose derivation was cut short.
    await deriveIndex(db, datasetKey, options);
    return { type: 'nothing' };
  }

  const files = await writableFiles(db, options.prefer);
  const dir = datasetDir(datasetKey);
  const prefix = `${fileNonce()}-${plan.from}-${plan.to}`;
  const written: Array<{ column: string; record: SegmentRecord }> = [];
  const discard = () =>
    files.remove(
      dir,
      written.map((w) => w.record.file),
    );
  let bytes = 0;
  try {
    const read = (name: string | undefined) => {
      if (name === undefined) return null;
      const pieces = readColumnPieces(db, datasetKey, name, plan.from, plan.to);
      pieces.catch(() => {}); // awaited in its turn; a yield may leave it unread
      return pieces;
    };
    // The next column is read while this one is merged and written: the reads run in the
    // browser's storage process, the merging here.
    let next = read(ds.columns[0]?.name);
    for (const [i, { name }] of ds.columns.entries()) {
      const reading = next as Promise<ColumnPiece[]>;
      next = read(ds.columns[i + 1]?.name);
      if (await options.shouldYield?.()) {
        await discard();
        return { type: 'yielded' };
      }
      const pieces = await reading;
      if (pieces.length === 0) continue; // no record of the range has this field
      const merged = mergePieces(pieces, plan.from, plan.counts);
      const encoded = encodeSegment(merged, plan.counts);
      const file = `${prefix}-${i}`;
      await files.write(dir, file, encoded.parts);
      bytes += encoded.bytes;
      const record: SegmentRecord = {
        chunk: plan.from,
        lastChunk: plan.to,
        counts: plan.counts,
        backend: files.backend,
        dir,
        file,
        layout: encoded.layout,
        bytes: encoded.bytes,
      };
      written.push({ column: name, record });
    }
  } catch (error) {
    await discard().catch(() => {});
    throw toStoreError(error);
  }
  await options.onStep?.('written');

  const switched = await switchIndex(db, datasetKey, plan, written).catch(async (error) => {
    await discard().catch(() => {});
    throw toStoreError(error);
  });
  if (!switched) {
    await discard().catch(() => {});
    return { type: 'changed' };
  }
  await options.onStep?.('switched');
  const names = ds.columns.map((c) => c.name); // every column of the range: the plan read them
  await dropAppended(db, datasetKey, names, plan.from, plan.to, options.shouldYield);

  await removeSegmentFiles(db, dir, plan.replaced);
  await options.onStep?.('deleted');
  await deriveIndex(db, datasetKey, options);
  announce({ type: 'compacted', key: datasetKey, segments: plan.segmentsAfter });
  const rows = plan.counts.reduce((n, c) => n + c, 0);
  return {
    type: 'compacted',
    from: plan.from,
    to: plan.to,
    rows,
    columns: written.length,
    bytes,
    backend: files.backend,
    segments: plan.segmentsAfter,
  };
}

/**
 * Step 2: in one transaction, checks the dataset, its chunks of the range and the segments
 * being replaced are as planned, then puts the new segment records and removes the segment
 * records they replace (the appended ones are dropped after, in small transactions). False
 * (nothing changed) when the check fails.
 */
async function switchIndex(
  db: CrowdDatabase,
  datasetKey: string,
  plan: Plan,
  written: ReadonlyArray<{ column: string; record: SegmentRecord }>,
): Promise<boolean> {
  const tx = db.transaction(['datasets', 'chunks', 'segments'], 'readwrite');
  tx.done.catch(() => {});
  const abort = () => {
    try {
      tx.abort();
    } catch {
      // already finished
    }
    return false;
  };
  try {
    const [ds, chunks, index] = await Promise.all([
      tx.objectStore('datasets').get(datasetKey),
      tx
        .objectStore('chunks')
        .getAll(IDBKeyRange.bound([datasetKey, plan.from], [datasetKey, plan.to])),
      tx.objectStore('segments').getAll(IDBKeyRange.bound([datasetKey], [datasetKey, []])),
    ]);
    const sameChunks =
      chunks.length === plan.counts.length &&
      chunks.every((c, i) => c.chunk === plan.from + i && c.count === plan.counts[i]);
    const files = (list: readonly SegmentRecord[]) =>
      list
        .filter((s) => !s.derived && s.lastChunk >= plan.from && s.chunk <= plan.to)
        .map((s) => s.file)
        .sort()
        .join('\n');
    if (!ds || !sameChunks || files(index) !== files(plan.replaced)) return abort();
    const writes: Promise<unknown>[] = [];
    const names = new Set([...ds.columns.map((c) => c.name), ...written.map((w) => w.column)]);
    for (const name of names) {
      writes.push(
        tx.objectStore('segments').delete(columnKeys(datasetKey, name, plan.from, plan.to)),
      );
    }
    for (const { column, record } of written) {
      writes.push(tx.objectStore('segments').put(record, [datasetKey, column, plan.from]));
    }
    await Promise.all([...writes, tx.done]);
    return true;
  } catch (error) {
    abort();
    throw error;
  }
}

/** What a dataset holds, for deciding whether to compact and for showing it. */
export async function segmentSummary(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<{ chunks: number; appended: number; segments: number }> {
  const [chunks, index] = await Promise.all([
    readChunks(db, datasetKey),
    readSegmentIndex(db, datasetKey),
  ]);
  const ranges = rangesOf(index);
  const appended = chunks.filter(
    (c) => !ranges.some((r) => r.from <= c.chunk && c.chunk <= r.to),
  ).length;
  return { chunks: chunks.length, appended, segments: ranges.length };
}
