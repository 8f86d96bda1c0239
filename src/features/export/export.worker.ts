import { runExport, WINDOW_CELLS } from '../../export/export-run.ts';
import { windowCellsFor } from '../../export/gather.ts';
import { openCrowdDb } from '../../store/db.ts';
import type { ExportRequest, FromExportWorker, ToExportWorker } from './export-protocol.ts';
import { storedColumnSource } from './stored-source.ts';

/**
 * Runs one export off the main thread: the page stays responsive, and the export's short-lived
 * strings (a double's digits, ~100 M of them for 1M × 150 cells) are collected in this small
 * heap instead of piling up beside the table's columns until the page's next full GC.
 * The page terminates the worker to cancel.
 */

/** Chunks posted but not yet written by the page. */
const IN_FLIGHT = 2;
const post = (message: FromExportWorker, transfer: Transferable[] = []) =>
  self.postMessage(message, { transfer });
const waiting: Array<() => void> = [];
let unacked = 0;

self.onmessage = ({ data }: MessageEvent<ToExportWorker>) => {
  if (data.type === 'start') void run(data.request);
  else if (data.type === 'ack') {
    unacked--;
    waiting.shift()?.();
  }
};

async function send(data: string | Uint8Array<ArrayBuffer>): Promise<void> {
  // The writer reuses its buffer: hand over a copy.
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
  post({ type: 'chunk', bytes: bytes.buffer }, [bytes.buffer]);
  unacked++;
  while (unacked >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
}

async function run(request: ExportRequest): Promise<void> {
  try {
    const db = await openCrowdDb();
    const { datasetKey, rowCount, format, columns, rows } = request;
    const numbers = new Set(request.numberColumns);
    const source = await storedColumnSource(db, datasetKey, rowCount, format, numbers);
    await runExport({
      windowCells: windowCellsFor(rows, source.counts, columns.length, WINDOW_CELLS),
      columns,
      rows,
      format,
      source,
      sink: { write: send },
      onProgress: (written, total) => post({ type: 'progress', written, total }),
    });
    post({ type: 'done' });
  } catch (error) {
    const { name, message } =
      error instanceof Error ? error : { name: 'Error', message: String(error) };
    post({ type: 'failed', name, message });
  }
}
