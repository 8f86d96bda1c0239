import { ByteBuffer, type ByteCells, encodeHeader, encodeRows } from './csv-bytes.ts';
import { type BlockCells, headerLine, type RowWriter, unparseRows } from './csv-rows.ts';
import type { TextFormat } from './formats.ts';

/** What a typing pass counts (parquet-columns.ts's ColumnTally). */
export interface ValueTally {
  addNumber(value: number): void;
  addValue(value: unknown): void;
}

/** Where the cells come from: a frame in memory, or the store read a window at a time. */
export interface ColumnSource {
  /**
   * The cells of `column` at frame rows `rows`, in that order. Encoded fields only for the
   * fast writer, in the job's format.
   */
  cells(column: string, rows: Uint32Array): Promise<ByteCells>;
  /**
   * Counts the cells of `column` at frame rows `rows` by kind, without making them (the
   * Parquet export's typing pass); a source without it is typed from its cells.
   */
  tally?(column: string, rows: Uint32Array, into: ValueTally): Promise<void>;
}

/**
 * Where the text goes: a file being written, or Blob parts. Bytes (UTF-8) are only valid until
 * the returned promise settles: the writer reuses its buffer for the next chunk.
 */
export interface TextSink {
  write(data: string | Uint8Array<ArrayBuffer>): Promise<void>;
}

export interface ExportJob {
  /** Header names, in file order: the frame's column names (pandas' dot paths). */
  readonly columns: readonly string[];
  /** Frame rows in file order (the view's display order). */
  readonly rows: Uint32Array;
  readonly format: TextFormat;
  readonly source: ColumnSource;
  readonly sink: TextSink;
  readonly writer?: RowWriter;
  readonly signal?: AbortSignal;
  /** Called between chunks: lets a caller on the main thread give the page a turn. */
  readonly pause?: () => Promise<void>;
  /** After each chunk: rows written so far of the total. */
  readonly onProgress?: (written: number, total: number) => void;
  /** Cells gathered in memory at once (bounds memory): rows per window = this / columns. */
  readonly windowCells?: number;
  /** Cells per written chunk (bounds the length of one task): rows per chunk = this / columns. */
  readonly chunkCells?: number;
}

/**
 * 8M cells: at ~100 columns a window of 80,000 rows, ~64 MB of numbers and the text as encoded
 * fields (both outside the JS heap), whatever the dataset's size.
 */
export const WINDOW_CELLS = 8_000_000;
/** 250k cells: ~2,500 rows of 100 columns, ~3 MB of text, a 20–60 ms task with the fast writer. */
export const CHUNK_CELLS = 250_000;
/** Columns gathered at once: each may read its chunks of the window from the store. */
const GATHER_CONCURRENCY = 4;

export interface ExportResult {
  rows: number;
}

/** The cells of every column for one window of rows, a few columns read at once. */
export async function gatherWindow(
  source: ColumnSource,
  columns: readonly string[],
  rows: Uint32Array,
  signal: AbortSignal | undefined,
): Promise<ByteCells[]> {
  const out: ByteCells[] = new Array(columns.length);
  let next = 0;
  const worker = async () => {
    while (next < columns.length) {
      const i = next++;
      signal?.throwIfAborted();
      out[i] = await source.cells(columns[i] as string, rows);
    }
  };
  await Promise.all(Array.from({ length: Math.min(GATHER_CONCURRENCY, columns.length) }, worker));
  return out;
}

/**
 * Writes the header, then the rows window by window, chunk by chunk, pausing between chunks
 * and stopping (with the signal's reason) when aborted. The text equals one `unparseRows` over
 * all rows: chunking and windows change nothing in the file.
 *
 * @example
 * await runExport({ columns: ['snr'], rows: Uint32Array.of(1, 0), format: 'csv', source, sink })
 * // sink got 'snr\r\n' then the two rows
 */
export async function runExport(job: ExportJob): Promise<ExportResult> {
  const { columns, rows, format, source, sink, signal } = job;
  const width = Math.max(1, columns.length);
  const windowRows = Math.max(1, Math.floor((job.windowCells ?? WINDOW_CELLS) / width));
  const chunkRows = Math.max(1, Math.floor((job.chunkCells ?? CHUNK_CELLS) / width));
  const bytes = (job.writer ?? 'fast') === 'fast' ? new ByteBuffer() : null;
  const total = rows.length;
  const put = async (data: string | Uint8Array<ArrayBuffer>) => {
    signal?.throwIfAborted();
    await sink.write(data);
  };
  if (bytes) {
    encodeHeader(columns, format, bytes);
    await put(bytes.view());
  } else await put(headerLine(columns, format));
  job.onProgress?.(0, total);
  for (let start = 0; start < total; start += windowRows) {
    const windowRowsAt = rows.subarray(start, Math.min(total, start + windowRows));
    const cells = await gatherWindow(source, columns, windowRowsAt, signal);
    if (!bytes && cells.some((c) => (c as { kind?: string }).kind === 'encoded')) {
      throw new TypeError('papaparse writes served values, not encoded fields');
    }
    for (let from = 0; from < windowRowsAt.length; from += chunkRows) {
      const to = Math.min(windowRowsAt.length, from + chunkRows);
      signal?.throwIfAborted();
      if (bytes) {
        bytes.reset();
        encodeRows(cells, from, to, format, bytes);
        await put(bytes.view());
      } else await put(unparseRows(cells as BlockCells[], from, to, format));
      job.onProgress?.(start + to, total);
      await job.pause?.();
    }
  }
  // A Cancel during the last write still means "don't keep this file".
  signal?.throwIfAborted();
  return { rows: total };
}
