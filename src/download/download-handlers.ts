import { serializeError } from '../api/errors.ts';
import type { Endpoint } from '../worker-port/port-messages.ts';
import { type Handlers, serveWorker } from '../worker-port/serve-worker.ts';
import type { RunControls } from './download-engine.ts';
import { type DownloadApi, isConcurrency, isJobSpec } from './protocol.ts';
import { type JobDeps, runJob } from './run-job.ts';

/** Another run was asked for while one runs (the UI offers Download only when none does). */
export class DownloadBusyError extends Error {
  override readonly name = 'DownloadBusyError';
  constructor() {
    super('A download is already running in this tab: pause or cancel it first.');
  }
}

interface Running {
  pause: AbortController;
  cancel: AbortController;
  controls?: RunControls;
}

/**
 * The download worker's methods (protocol.ts `DownloadApi`) over run-job.ts: one job at a time,
 * Pause and Cancel reaching it in every phase, and the requests-in-flight setting applied to
 * the running job at once.
 */
export function downloadHandlers(deps: JobDeps): Handlers<DownloadApi> {
  let running: Running | null = null;
  return {
    run: async (job, call) => {
      if (!isJobSpec(job)) throw new TypeError('The download worker was sent no valid job.');
      if (running) throw new DownloadBusyError();
      const current: Running = { pause: new AbortController(), cancel: new AbortController() };
      running = current;
      // The page gave up on the call (the port's own cancel): stop as Cancel does.
      call.signal.addEventListener('abort', () => current.cancel.abort(), { once: true });
      try {
        return await runJob(job, deps, {
          pause: current.pause.signal,
          cancel: current.cancel.signal,
          onControls: (live) => {
            current.controls = live;
          },
          onProgress: (progress) => call.progress(progress),
        });
      } finally {
        running = null;
      }
    },
    stop: ({ how }) => {
      running?.[how].abort();
    },
    setConcurrency: ({ concurrency }) => {
      if (!isConcurrency(concurrency)) throw new RangeError('Requests in flight must be 1–8.');
      running?.controls?.setConcurrency(concurrency);
    },
  };
}

/**
 * Serves the download worker's methods on `scope` (the worker's `self`; a MessagePort in tests).
 * Errors cross in src/api's form, the one a stored job keeps: an API failure's kind and status
 * survive, found in the error or its causes (a page that failed for good wraps the HTTP error).
 *
 * @example
 * serveDownloads(self, { openDb: openCrowdDb, fetchFn: (url, init) => fetch(url, init) });
 */
export function serveDownloads(scope: Endpoint, deps: JobDeps): void {
  serveWorker<DownloadApi>(scope, downloadHandlers(deps), { serializeError });
}
