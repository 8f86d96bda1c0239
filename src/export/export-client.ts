import { errorMessage } from '../lib/error-message.ts';
import { createWorkerClient } from '../worker-port/worker-client.ts';
import type { ExportApi, ExportRequest } from './export-protocol.ts';
import type { TextSink } from './export-run.ts';

/** The sink failed (full disk, a Blob the browser dropped): not the worker's doing. */
export class SinkError extends Error {
  constructor(readonly cause: unknown) {
    super(errorMessage(cause));
    this.name = 'SinkError';
  }
}

/** The page shows export progress at most this often. */
const PROGRESS_EVERY_MS = 100;

/**
 * Runs an export in a worker of its own (a fresh heap per export, dropped at the end), writing
 * each chunk it sends into `sink` in order. Resolves when the last chunk is written (the sink
 * is not closed); rejects with the abort reason when `signal` aborts, with a SinkError when a
 * write fails, or with the worker's error.
 */
export async function exportInWorker(
  request: ExportRequest,
  sink: TextSink,
  signal: AbortSignal,
  onProgress: (written: number, total: number) => void,
): Promise<void> {
  const client = createWorkerClient<ExportApi>(
    'export',
    () => new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' }),
  );
  // A copy of the rows goes over: the view keeps its own.
  const rows = request.rows.slice();
  try {
    await client.call(
      'export',
      { ...request, rows },
      {
        signal,
        transfer: [rows.buffer],
        onEvent: async ({ bytes }) => {
          try {
            await sink.write(new Uint8Array(bytes));
          } catch (error) {
            throw new SinkError(error);
          }
        },
        onProgress: ({ written, total }) => onProgress(written, total),
        progressEveryMs: PROGRESS_EVERY_MS,
      },
    );
  } finally {
    client.terminate();
  }
}
