import { toSerializedError } from '../worker-port/port-messages.ts';
import { createWorkerClient, type WorkerEndpoint } from '../worker-port/worker-client.ts';
import type { DownloadApi, FromWorker, JobSpec, SerializedError } from './protocol.ts';

/**
 * The page shows download progress at most this often. 300 ms rather than 250 leaves room for
 * render jitter: a late commit followed by an on-time one must not put five updates inside one
 * second. The run's end keeps the same spacing (the port's ProgressThrottle).
 */
export const PROGRESS_EVERY_MS = 300;

/**
 * The main-thread facade of the download worker: one worker for the app, created on first use,
 * spoken to through the worker port. Listeners get each run's progress (at most one every
 * PROGRESS_EVERY_MS), then its end or its error.
 */
export interface DownloadClient {
  start(job: JobSpec): void;
  pause(): void;
  cancel(): void;
  /** Changes the running job's requests in flight at once. */
  setConcurrency(concurrency: number): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: FromWorker) => void): () => void;
}

export function createDownloadClient(
  spawn: () => WorkerEndpoint = () =>
    new Worker(new URL('./download.worker.ts', import.meta.url), { type: 'module' }),
): DownloadClient {
  const port = createWorkerClient<DownloadApi>('download', spawn);
  const listeners = new Set<(message: FromWorker) => void>();
  const tell = (message: FromWorker) => {
    for (const listener of listeners) listener(message);
  };
  // The worker's errors arrive rebuilt as Errors with their data fields (kind, status): back to
  // the plain form the UI words, the same a stored job keeps.
  const failed = (error: unknown) =>
    tell({ type: 'error', error: toSerializedError(error) as SerializedError });
  // Stop and the setting have no outcome of their own: the run's end reports what they did.
  const ignore = () => {};
  return {
    start(job) {
      port
        .call('run', job, {
          onProgress: (progress) => tell({ type: 'progress', progress }),
          progressEveryMs: PROGRESS_EVERY_MS,
        })
        .then(tell, failed);
    },
    pause: () => void port.call('stop', { how: 'pause' }).catch(ignore),
    cancel: () => void port.call('stop', { how: 'cancel' }).catch(ignore),
    setConcurrency: (concurrency) =>
      void port.call('setConcurrency', { concurrency }).catch(ignore),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The app's one client (a second worker would race the first on the same dataset). */
export const downloadClient: DownloadClient = createDownloadClient();
