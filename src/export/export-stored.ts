import type { CrowdDatabase } from '../store/db.ts';
import type { CallContext } from '../worker-port/serve-worker.ts';
import type { ExportChunk, ExportProgress, ExportRequest } from './export-protocol.ts';
import { runExport, type TextSink, WINDOW_CELLS } from './export-run.ts';
import { windowCellsFor } from './gather.ts';
import { runParquetExport } from './parquet-run.ts';
import { storedColumnSource } from './stored-source.ts';

/** Chunks sent but not yet written by the page. */
const IN_FLIGHT = 2;

/**
 * One export, read from the store and written as chunks to the page (`call.emit`), at most
 * IN_FLIGHT of them unwritten at a time. Stops with an AbortError when the call is cancelled.
 */
export async function exportStored(
  db: CrowdDatabase,
  request: ExportRequest,
  call: Pick<CallContext<ExportProgress, ExportChunk>, 'signal' | 'emit' | 'progress'>,
  /** Cells per chunk (tests make it small to get many chunks). */
  chunkCells?: number,
  /** Cells per Parquet row group (tests make it small to get many groups). */
  groupCells?: number,
): Promise<void> {
  const { datasetKey, rowCount, format, columns, rows } = request;
  const numbers = new Set(request.numberColumns);
  // Parquet takes the served values; the text formats get their fields encoded as read.
  const encodeAs = format === 'parquet' ? undefined : format;
  const source = await storedColumnSource(db, datasetKey, rowCount, encodeAs, numbers);
  const unwritten: Promise<void>[] = [];
  const sink: TextSink = {
    async write(data) {
      // The writer reuses its buffer: hand over a copy.
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
      unwritten.push(call.emit({ bytes: bytes.buffer }, [bytes.buffer]));
      if (unwritten.length >= IN_FLIGHT) await unwritten.shift();
    },
  };
  const common = {
    windowCells: windowCellsFor(rows, source.counts, columns.length, WINDOW_CELLS),
    columns,
    rows,
    source,
    signal: call.signal,
    sink,
    onProgress: (written: number, total: number) => call.progress({ written, total }),
  };
  if (format === 'parquet') {
    await runParquetExport({
      ...common,
      numberColumns: numbers,
      ...(request.notes ? { notes: request.notes } : {}),
      ...(groupCells ? { groupCells } : {}),
    });
    return;
  }
  await runExport({ ...common, format, ...(chunkCells ? { chunkCells } : {}) });
}
