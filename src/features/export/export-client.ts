import type { ExportRequest, FromExportWorker, ToExportWorker } from './export-protocol.ts';
import type { FileSink } from './file-sinks.ts';

/** The sink failed (full disk, a Blob the browser dropped): not the worker's doing. */
export class SinkError extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message || cause.name : String(cause));
    this.name = 'SinkError';
  }
}

/**
 * Runs an export in its own worker, writing each chunk it sends into `sink` in order. Resolves
 * when the last chunk is written (the sink is not closed); rejects with the abort reason when
 * `signal` aborts (the worker is terminated at once), with a SinkError when a write fails, or
 * with the worker's error.
 */
export function exportInWorker(
  request: ExportRequest,
  sink: FileSink,
  signal: AbortSignal,
  onProgress: (written: number, total: number) => void,
): Promise<void> {
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: ToExportWorker, transfer: Transferable[] = []) =>
    worker.postMessage(message, { transfer });
  return new Promise<void>((resolve, reject) => {
    let writes = Promise.resolve();
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener('abort', onAbort);
    worker.onmessage = ({ data }: MessageEvent<FromExportWorker>) => {
      switch (data.type) {
        case 'chunk':
          writes = writes.then(async () => {
            if (settled) return;
            try {
              await sink.write(new Uint8Array(data.bytes));
            } catch (error) {
              finish(new SinkError(error));
              return;
            }
            send({ type: 'ack' });
          });
          break;
        case 'progress':
          // In line with the writes: rows count once they are in the file.
          writes = writes.then(() => {
            if (!settled) onProgress(data.written, data.total);
          });
          break;
        case 'done':
          void writes.then(() => finish());
          break;
        case 'failed':
          finish(Object.assign(new Error(data.message), { name: data.name }));
          break;
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(new Error(event.message || 'The export worker failed to start.'));
    };
    if (signal.aborted) return onAbort();
    // A copy of the rows goes over: the view keeps its own.
    const rows = request.rows.slice();
    send({ type: 'start', request: { ...request, rows } }, [rows.buffer]);
  });
}
