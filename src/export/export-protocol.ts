import type { Method } from '../worker-port/port-messages.ts';
import type { ExportFormat } from './formats.ts';

/**
 * The export worker's one method. The worker reads the stored chunks and writes the rows as
 * UTF-8; the page owns the file (a picked file's writable, or Blob parts) and handles each
 * chunk (an event) once written, so at most a few chunks wait in memory however slow the disk
 * is. Progress counts rows once the chunks before it are written.
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
  /** Parquet only: key/value notes for the file's footer (app version, source, synthetic). */
  notes?: { key: string; value: string }[];
}

export interface ExportProgress {
  written: number;
  total: number;
}

/** The next piece of the file, in order (its buffer is transferred). */
export interface ExportChunk {
  bytes: ArrayBuffer;
}

export type ExportApi = {
  export: Method<ExportRequest, void, ExportProgress, ExportChunk>;
};
