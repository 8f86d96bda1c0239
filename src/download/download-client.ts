import type { FromWorker, JobSpec, ToWorker } from './protocol.ts';

/**
 * The main-thread facade of the download worker: one worker for the app, created on first use.
 * Listeners get every message the worker posts (progress at most 4 times a second).
 */
export interface DownloadClient {
  start(job: JobSpec): void;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Changes the running job's requests in flight at once (and a later Resume's). */
  setConcurrency(concurrency: number): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: FromWorker) => void): () => void;
}

export function createDownloadClient(): DownloadClient {
  let worker: Worker | null = null;
  const listeners = new Set<(message: FromWorker) => void>();
  const send = (message: ToWorker) => {
    if (!worker) {
      worker = new Worker(new URL('./download.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
        for (const listener of listeners) listener(data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const error = {
          name: 'WorkerError',
          message: event.message || 'The download worker failed to start.',
        };
        for (const listener of listeners) listener({ type: 'error', error });
      };
    }
    worker.postMessage(message);
  };
  return {
    start: (job) => send({ type: 'start', job }),
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    cancel: () => send({ type: 'cancel' }),
    setConcurrency: (concurrency) => send({ type: 'set-concurrency', concurrency }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The app's one client (a second worker would race the first on the same dataset). */
export const downloadClient: DownloadClient = createDownloadClient();
