import type { ColumnRecord } from './chunks.ts';
import type { EncodedColumn } from './column-codec.ts';
import type { CrowdDatabase } from './db.ts';
import { filesFor } from './segment-backends.ts';
import { type Backend, SegmentMissingError } from './segment-files.ts';
import { type ReadBytes, readSegment, type SegmentLayout, sliceEncoded } from './segment-layout.ts';
import { pageReaders, ReaderUnavailableError } from './segment-readers.ts';

/**
 * A column is a list of segments, in chunk order: the `columns` records a download appends (one
 * chunk each, bytes inline) and compacted segments (`segments` records, bytes in a file) that
 * replaced runs of them. Every chunk is in at most one segment; an appended record of a chunk a
 * segment covers is one the compactor has not dropped yet, and is skipped. A chunk a column has
 * no record for holds no value of it (records without that field). Both lists are read in one
 * transaction, so a compaction switching the index meanwhile is seen whole or not at all.
 */

/** A compacted segment of one column: chunks `chunk..lastChunk`, rows `counts[i]` each. */
export interface SegmentRecord {
  /** First chunk covered (also the last part of the record's key). */
  chunk: number;
  lastChunk: number;
  /** Rows of each chunk covered, in order. */
  counts: number[];
  backend: Backend;
  /** The dataset's directory (segment-files.ts datasetDir) and the file's name in it. */
  dir: string;
  file: string;
  layout: SegmentLayout;
  bytes: number;
  /**
   * Not a column's rows but data derived from them (stored-dedup.ts): never part of a column's
   * coverage, so the compactor's plans and switches leave it out.
   */
  derived?: true;
}

/** Rows of chunks `first..last` of one column, read and decoded. */
export interface ColumnPiece {
  first: number;
  last: number;
  column: EncodedColumn;
}

/** Key range of one column's records (either store) whose first chunk is in `from..to`. */
export function columnKeys(datasetKey: string, column: string, from = 0, to = Infinity) {
  return IDBKeyRange.bound([datasetKey, column, from], [datasetKey, column, to]);
}

/** Every segment record of a dataset, derived ones included (their files are live too). */
export function readSegmentRecords(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<SegmentRecord[]> {
  return db.getAll('segments', IDBKeyRange.bound([datasetKey], [datasetKey, []]));
}

/** Every column segment record of a dataset (all columns): small, no bytes. */
export async function readSegmentIndex(
  db: CrowdDatabase,
  datasetKey: string,
): Promise<SegmentRecord[]> {
  return (await readSegmentRecords(db, datasetKey)).filter((s) => !s.derived);
}

/** The chunk ranges within `from..to` that no segment covers, in order. */
export function uncoveredRanges(
  segments: readonly Pick<SegmentRecord, 'chunk' | 'lastChunk'>[],
  from: number,
  to: number,
): Array<{ from: number; to: number }> {
  const gaps: Array<{ from: number; to: number }> = [];
  let next = from;
  for (const s of [...segments].sort((a, b) => a.chunk - b.chunk)) {
    if (s.chunk > next) gaps.push({ from: next, to: Math.min(to, s.chunk - 1) });
    next = Math.max(next, s.lastChunk + 1);
    if (next > to) return gaps;
  }
  gaps.push({ from: next, to });
  return gaps;
}

/**
 * The index of one column for chunks `from..to`: the segments overlapping, and the appended
 * records of the chunks they leave uncovered. Appended records a segment covers (the compactor
 * drops them after its switch) are never read: a 1M dataset's leftovers cost ~0.5 s a column.
 */
async function readIndex(
  db: CrowdDatabase,
  datasetKey: string,
  name: string,
  from: number,
  to: number,
): Promise<{ appended: ColumnRecord[]; segments: SegmentRecord[] }> {
  const tx = db.transaction(['columns', 'segments']);
  const segments = (
    await tx.objectStore('segments').getAll(columnKeys(datasetKey, name, 0, to))
  ).filter((s) => s.lastChunk >= from);
  const gaps = uncoveredRanges(segments, from, to);
  const appended = await Promise.all(
    gaps.map((g) => tx.objectStore('columns').getAll(columnKeys(datasetKey, name, g.from, g.to))),
  );
  return { appended: appended.flat(), segments };
}

/** Reads a segment's rows of chunks `from..to` (clipped to the segment). */
async function readSegmentRows(
  db: CrowdDatabase,
  segment: SegmentRecord,
  from: number,
  to: number,
): Promise<ColumnPiece> {
  const first = Math.max(from, segment.chunk);
  const last = Math.min(to, segment.lastChunk);
  const whole = first === segment.chunk && last === segment.lastChunk;
  // A whole segment is read in one go and its sections viewed in place; part of one (an export
  // window) is read by byte range.
  const all = whole ? await readSegmentFile(db, segment) : null;
  const read = all
    ? async (start: number, end: number) => all.subarray(start, end)
    : await rangeReader(db, segment);
  const column = await readSegment(
    segment.layout,
    segment.counts,
    read,
    first - segment.chunk,
    last - segment.chunk,
  );
  return { first, last, column };
}

/**
 * The bytes of one segment's file, whole: in a page, an origin-private file is read by the
 * reader workers (segment-readers.ts); elsewhere, or when they can't, in this thread.
 */
export async function readSegmentFile(
  db: CrowdDatabase,
  segment: SegmentRecord,
): Promise<Uint8Array> {
  const readers = segment.backend === 'opfs' ? pageReaders() : null;
  if (readers) {
    try {
      return await readers.read(segment.dir, segment.file);
    } catch (error) {
      if (!(error instanceof ReaderUnavailableError)) throw error;
    }
  }
  return filesFor(db, segment.backend).read(segment.dir, segment.file);
}

/**
 * Reads byte ranges of one segment's file: in a page, by a reader worker (a table's first rows,
 * asked while the page is busy with its first renders); elsewhere (the export's worker) as
 * slices of the file's Blob, opened once for all of them.
 */
async function rangeReader(db: CrowdDatabase, segment: SegmentRecord): Promise<ReadBytes> {
  const readers = segment.backend === 'opfs' ? pageReaders() : null;
  let blob: Blob | null = null;
  const sliced = async (start: number, end: number) => {
    blob ??= await filesFor(db, segment.backend).open(segment.dir, segment.file);
    return new Uint8Array(await blob.slice(start, end).arrayBuffer());
  };
  if (!readers) return sliced;
  return async (start, end) => {
    try {
      return await readers.readRange(segment.dir, segment.file, start, end);
    } catch (error) {
      if (!(error instanceof ReaderUnavailableError)) throw error;
      return sliced(start, end);
    }
  };
}

/**
 * Rows of chunks `from..to` of one column from its segment records read earlier (a frame's
 * opening index: column-reader.ts), without asking IndexedDB again. Null when those segments
 * leave a chunk uncovered (appended chunks: only an index read in one transaction with them
 * is consistent) or a file is gone (a compaction since): the caller reads the index afresh.
 */
export async function readKnownPieces(
  db: CrowdDatabase,
  known: readonly SegmentRecord[],
  from: number,
  to: number,
): Promise<ColumnPiece[] | null> {
  const segments = known.filter((s) => s.chunk <= to && s.lastChunk >= from);
  if (segments.length === 0 || uncoveredRanges(segments, from, to).length > 0) return null;
  try {
    const pieces = await Promise.all(segments.map((s) => readSegmentRows(db, s, from, to)));
    return pieces.sort((a, b) => a.first - b.first);
  } catch (error) {
    if (error instanceof SegmentMissingError) return null;
    throw error;
  }
}

/** Every row of one segment (one column), in one read. */
export async function readSegmentColumn(
  db: CrowdDatabase,
  segment: SegmentRecord,
): Promise<EncodedColumn> {
  return (await readSegmentRows(db, segment, segment.chunk, segment.lastChunk)).column;
}

const RETRIES = 3;

/**
 * The stored rows of column `name` for chunks `from..to`, as pieces in chunk order: an appended
 * chunk is one piece, a compacted segment one piece for all its chunks in range (or, with
 * `perChunk`, one piece per chunk, sharing the segment's memory). Chunks without the column are
 * skipped. A segment file deleted by a compaction that finished after the index was read is
 * caught and the index read again.
 */
export async function readColumnPieces(
  db: CrowdDatabase,
  datasetKey: string,
  name: string,
  from = 0,
  to = Infinity,
  perChunk = false,
): Promise<ColumnPiece[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { appended, segments } = await readIndex(db, datasetKey, name, from, to);
      const pieces: ColumnPiece[] = appended.map((record) => {
        const { chunk, ...column } = record;
        return { first: chunk, last: chunk, column: column as EncodedColumn };
      });
      const read = await Promise.all(segments.map((s) => readSegmentRows(db, s, from, to)));
      for (const piece of read) {
        if (perChunk) pieces.push(...splitPiece(piece, segments, piece.first));
        else pieces.push(piece);
      }
      return pieces.sort((a, b) => a.first - b.first);
    } catch (error) {
      if (!(error instanceof SegmentMissingError) || attempt >= RETRIES) throw error;
    }
  }
}

/** A segment piece as one piece per chunk (views into the piece's arrays). */
function splitPiece(
  piece: ColumnPiece,
  segments: readonly SegmentRecord[],
  first: number,
): ColumnPiece[] {
  const segment = segments.find((s) => s.chunk <= first && s.lastChunk >= first)!;
  const out: ColumnPiece[] = [];
  let at = 0;
  for (let chunk = piece.first; chunk <= piece.last; chunk++) {
    const count = segment.counts[chunk - segment.chunk] as number;
    out.push({ first: chunk, last: chunk, column: sliceEncoded(piece.column, at, at + count) });
    at += count;
  }
  return out;
}

/** Pieces as the per-chunk records the `columns` store holds (`chunk` + encoded column). */
export function asChunkRecords(pieces: readonly ColumnPiece[]): ColumnRecord[] {
  return pieces.map((p) => ({ ...p.column, chunk: p.first }));
}
