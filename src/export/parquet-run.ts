import type { BlockCells } from './csv-rows.ts';
import {
  type ColumnSource,
  type ExportResult,
  gatherWindow,
  type TextSink,
  WINDOW_CELLS,
} from './export-run.ts';
import { ColumnTally, type ParquetColumnType, parquetValues } from './parquet-columns.ts';

export interface ParquetJob {
  /** Column names, in file order: the CSV's header. */
  readonly columns: readonly string[];
  /** Frame rows in file order. */
  readonly rows: Uint32Array;
  /** Served values (not encoded fields): the source is read without `encodeAs`. */
  readonly source: ColumnSource;
  /** Columns the dataset types as numbers: all-missing ones are float64 rather than string. */
  readonly numberColumns?: ReadonlySet<string>;
  readonly sink: TextSink;
  readonly signal?: AbortSignal;
  /** After each row group: rows written so far of the total. */
  readonly onProgress?: (written: number, total: number) => void;
  readonly windowCells?: number;
  /** Cells per row group (rows per group = this / columns). */
  readonly groupCells?: number;
  /** Key/value notes in the file's footer (the app's version, the data's source). */
  readonly notes?: readonly { key: string; value: string }[];
}

/**
 * 2M cells: ~13,000 rows of 150 columns. One row group's values are JS arrays while it is
 * encoded (~100 MB at most), and readers like row groups of 10^4–10^6 rows.
 */
export const GROUP_CELLS = 2_000_000;

/**
 * Each column's Parquet type, decided over every exported row: a file has one type per
 * column, and a float in the last window makes the whole column float64.
 */
async function columnTypes(job: ParquetJob, windowRows: number): Promise<ParquetColumnType[]> {
  const { columns, rows, source, signal } = job;
  const tallies = columns.map(() => new ColumnTally());
  for (let start = 0; start < rows.length; start += windowRows) {
    const at = rows.subarray(start, Math.min(rows.length, start + windowRows));
    if (source.tally) {
      // Counting the stored cells by kind: no text is made twice (once here, once to write).
      for (let i = 0; i < columns.length; i++) {
        signal?.throwIfAborted();
        await source.tally(columns[i] as string, at, tallies[i] as ColumnTally);
      }
      continue;
    }
    const cells = await gatherWindow(source, columns, at, signal);
    cells.forEach((c, i) => {
      tallies[i]?.add(c as BlockCells);
    });
  }
  return tallies.map((t, i) => t.type(job.numberColumns?.has(columns[i] as string) ?? false));
}

/**
 * Writes the rows as one Parquet file, window by window (as the CSV export) and row group by
 * row group, each group's bytes handed to the sink as soon as it is encoded. A first pass over
 * the same windows types the columns. Stops (with the signal's reason) when aborted. The writer
 * (hyparquet-writer) is loaded here, on first use: the page and the CSV export never load it.
 */
export async function runParquetExport(job: ParquetJob): Promise<ExportResult> {
  const { columns, rows, source, sink, signal } = job;
  const width = Math.max(1, columns.length);
  const windowRows = Math.max(1, Math.floor((job.windowCells ?? WINDOW_CELLS) / width));
  const groupRows = Math.max(1, Math.floor((job.groupCells ?? GROUP_CELLS) / width));
  const total = rows.length;
  job.onProgress?.(0, total);
  const types = await columnTypes(job, windowRows);
  signal?.throwIfAborted();

  const { ByteWriter, ParquetWriter, schemaFromColumnData } = await import('hyparquet-writer');
  const bytes = new ByteWriter(1 << 20);
  const flush = async () => {
    signal?.throwIfAborted();
    if (bytes.index > 0) await sink.write(new Uint8Array(bytes.buffer, 0, bytes.index));
    bytes.index = 0;
  };
  // The writer calls flush after each row group; the footer is flushed by hand below.
  Object.assign(bytes, { flush });
  const schema = schemaFromColumnData({
    columnData: columns.map((name, i) => ({ name, data: [], type: types[i] })),
  });
  const writer = new ParquetWriter({
    writer: bytes,
    schema,
    kvMetadata: job.notes?.map((n) => ({ ...n })),
    createdBy: 'CrowdMRI Explorer (hyparquet-writer)',
  });
  for (let start = 0; start < total; start += windowRows) {
    const at = rows.subarray(start, Math.min(total, start + windowRows));
    const cells = (await gatherWindow(source, columns, at, signal)) as BlockCells[];
    for (let from = 0; from < at.length; from += groupRows) {
      const to = Math.min(at.length, from + groupRows);
      signal?.throwIfAborted();
      const columnData = columns.map((name, i) => ({
        name,
        data: parquetValues(cells[i] as BlockCells, types[i] as ParquetColumnType, from, to),
        // Snappy finds little to shorten in IQM doubles (~4% of the file here) at a cost of
        // about half the writer's time: they are stored as they are.
        ...(types[i] === 'DOUBLE' ? { codec: 'UNCOMPRESSED' as const } : {}),
      }));
      await writer.write({ columnData, rowGroupSize: to - from });
      job.onProgress?.(start + to, total);
    }
  }
  await writer.finish();
  await flush();
  // A Cancel during the last write still means "don't keep this file".
  signal?.throwIfAborted();
  return { rows: total };
}
