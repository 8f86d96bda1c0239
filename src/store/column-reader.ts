import { type Column, fromDecodedChunks } from '../frame/column.ts';
import type { FrameColumnInfo } from '../frame/frame.ts';
import { Frame } from '../frame/frame.ts';
import { type ChunkRecord, type ColumnRecord, chunkRange } from './chunks.ts';
import { decodeColumn } from './column-codec.ts';
import { datasetRange } from './datasets.ts';
import type { CrowdDatabase } from './db.ts';
import {
  asChunkRecords,
  type ColumnPiece,
  readColumnPieces,
  readKnownPieces,
  type SegmentRecord,
} from './segments.ts';
import { DEDUP_NAMES, DERIVED_NAMES, derivedFrom, readDedupIndex } from './stored-dedup.ts';
import { type StoredPart, textFromStored } from './stored-text.ts';

/**
 * One column of a stored dataset as a frame column: its appended chunks and compacted segments
 * read in one index transaction (a segment's file in one read), laid end to end in chunk order,
 * and rows of chunks that never had the field (older records, other versions) filled as missing.
 * Only `chunks` are read: the rows the frame was opened with, even if a download added more.
 */
export async function loadColumn(
  db: CrowdDatabase,
  datasetKey: string,
  name: string,
  chunks: readonly ChunkRecord[],
  known: readonly SegmentRecord[] = [],
): Promise<Column> {
  const first = chunks[0]?.chunk ?? 0;
  const last = chunks.at(-1)?.chunk ?? -1;
  // A chunk lost from inside a compacted segment (its chunk record gone, its rows still in
  // the file) leaves a gap: then the segment is read chunk by chunk, so its rows are skipped.
  const gaps = chunks.some((c, i) => c.chunk !== first + i);
  const pieces =
    (!gaps && (await readKnownPieces(db, known, first, last))) ||
    (await readColumnPieces(db, datasetKey, name, first, last, gaps));
  const stored: StoredPart[] = [];
  let p = 0;
  for (let i = 0; i < chunks.length; ) {
    const chunk = chunks[i] as ChunkRecord;
    while (p < pieces.length && (pieces[p] as ColumnPiece).last < chunk.chunk) p++;
    const piece = pieces[p];
    if (piece && piece.first === chunk.chunk) {
      stored.push(piece.column);
      while (i < chunks.length && (chunks[i] as ChunkRecord).chunk <= piece.last) i++;
      p++;
    } else {
      stored.push({ kind: 'absent', count: chunk.count });
      i++;
    }
  }
  // Text columns (ids, hashes, dates, scanner names) are coded straight from the stored
  // chunks: decoding 1M strings to an array and re-coding them cost seconds at 1M rows.
  // `_id` is unique in a dataset (the writer drops ids it holds), so it needs no interning.
  const text = textFromStored(stored, { unique: name === '_id' });
  if (text) return text;
  const only = stored.length === 1 ? stored[0] : undefined;
  // One compacted number segment is already the column: no copy, and a narrow one not widened.
  if (only?.kind === 'number') return only;
  const parts = stored.map((part): ArrayLike<unknown> => {
    if (part.kind === 'absent') return new Float64Array(part.count).fill(Number.NaN);
    // Number chunks go in as they are: the frame copies Float64Arrays with one `set`.
    return part.kind === 'number' ? part.values : decodeColumn(part);
  });
  return fromDecodedChunks(parts);
}

/**
 * Rows a column's first-rows read covers at least: more than the tallest screen shows at the
 * grid's 28 px a row, plus its overscan.
 */
export const FIRST_ROWS = 200;

/** The leading chunks that hold at least {@link FIRST_ROWS} rows (all of them when fewer do). */
export function firstChunks(chunks: readonly ChunkRecord[]): ChunkRecord[] {
  const out: ChunkRecord[] = [];
  let rows = 0;
  for (const chunk of chunks) {
    if (rows >= FIRST_ROWS) break;
    out.push(chunk);
    rows += chunk.count;
  }
  return out;
}

/** A stored dataset, opened as a frame over its chunks (no column read yet). */
export interface OpenedDataset {
  frame: Frame;
  chunks: ChunkRecord[];
}

/**
 * Opens the stored dataset `datasetKey` as a lazy frame, or null when nothing is stored.
 * Row count comes from the chunks themselves (what is really on disk), not the counters.
 * The dataset, its chunks and its segment index are read in one transaction: the frame's
 * first column reads go straight to the segment files instead of each asking IndexedDB for
 * its column's index first (14 such round trips took ~90 ms of a 1M table's open, the page's
 * main thread busy with its first renders meanwhile).
 */
export async function openDatasetFrame(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<OpenedDataset | null> {
  const { dataset, chunks, segments } = await readOpening(db, datasetKey);
  if (!dataset || chunks.length === 0) return null;
  const rowCount = chunks.reduce((n, c) => n + c.count, 0);
  const columns: FrameColumnInfo[] = dataset.columns.map((c) => ({ name: c.name, type: c.type }));
  const derived = new Map<string, SegmentRecord>();
  for (const name of DERIVED_NAMES) {
    const record = segments.get(name)?.[0];
    if (record) derived.set(name, record);
  }
  // A table opened at its top shows these rows while the whole columns are read: ~1 MB of
  // byte ranges (a compacted segment's first chunk) instead of ~85 MB before the first paint.
  const head = firstChunks(chunks);
  const frame = new Frame(
    rowCount,
    columns,
    (name) => loadColumn(db, datasetKey, name, chunks, segments.get(name)),
    { dedupIndex: (key) => readDedupIndex(db, datasetKey, chunks, key, derived) },
    head.length < chunks.length
      ? (name) => loadColumn(db, datasetKey, name, head, segments.get(name))
      : undefined,
  );
  // The default view's stored dedup goes first: its files are in the readers' queues ahead of
  // the table's columns, so the rows' order is worked out while the columns still load, not
  // after the last of them (~60 ms of dedup at the end of a 1M open).
  if (derivedFrom(derived.get(DEDUP_NAMES.md5sum.group), chunks)) {
    void frame.storedDedupIndex('md5sum');
  }
  return { frame, chunks };
}

/** A dataset's record, chunks and segment records (by column name), in one transaction. */
async function readOpening(db: CrowdDatabase, datasetKey: string) {
  const tx = db.transaction(['datasets', 'chunks', 'segments']);
  const range = datasetRange(datasetKey);
  const [dataset, chunks, keys, records] = await Promise.all([
    tx.objectStore('datasets').get(datasetKey),
    tx.objectStore('chunks').getAll(chunkRange(datasetKey)),
    tx.objectStore('segments').getAllKeys(range),
    tx.objectStore('segments').getAll(range),
  ]);
  const segments = new Map<string, SegmentRecord[]>();
  records.forEach((record, i) => {
    const name = (keys[i] as [string, string, number])[1];
    const list = segments.get(name);
    if (list) list.push(record);
    else segments.set(name, [record]);
  });
  return { dataset, chunks, segments };
}

/**
 * Chunks `fromChunk..toChunk` (chunk numbers, both included) of one stored column, in chunk
 * order, one record per chunk whether appended or inside a compacted segment (read by byte
 * range: only those chunks' rows); chunks whose records lack the field are absent. Nothing is
 * cached: the export reads ~150 columns a window of rows at a time and lets each go, where a
 * frame's `load` would pin every column for the frame's lifetime.
 */
export async function readColumnChunks(
  db: CrowdDatabase,
  datasetKey: string,
  name: string,
  fromChunk: number,
  toChunk: number,
): Promise<ColumnRecord[]> {
  return asChunkRecords(await readColumnPieces(db, datasetKey, name, fromChunk, toChunk, true));
}
