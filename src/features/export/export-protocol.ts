import type { ExportFormat } from '../../export/formats.ts';

/**
 * The export worker's messages. The worker reads the stored chunks and writes the rows as
 * UTF-8; the page owns the file (a picked file's writable, or Blob parts) and acknowledges each
 * chunk once written, so at most a few chunks wait in memory however slow the disk is.
 */

export interface ExportRequest {
  datasetKey: string;
  /** Rows of the frame the view was computed on (stored chunks beyond them are newer). */
  rowCount: number;
  /** Header names, in file order. */
  columns: string[];
  /** Those the dataset types as numbers: their chunks (typed arrays) are read in one go. */
  numberColumns: string[];
  /** Frame rows in file order. */
  rows: Uint32Array;
  format: ExportFormat;
}

export type ToExportWorker = { type: 'start'; request: ExportRequest } | { type: 'ack' };

export type FromExportWorker =
  /** The next piece of the file, in order (its buffer is transferred). */
  | { type: 'chunk'; bytes: ArrayBuffer }
  | { type: 'progress'; written: number; total: number }
  | { type: 'done' }
  | { type: 'failed'; name: string; message: string };
