/**
 * The only contract between the UI thread and the download worker: the worker's methods on the
 * worker port (src/worker-port) and the messages the page's download client hands its
 * listeners. Plain data only: it is structured-cloned by postMessage, and errors cross as
 * src/api's `SerializedError` (name, message, and an API failure's kind and status) because
 * Firefox cannot clone Error objects (duckdb-wasm's worker protocol does the same).
 */
import type { SerializedError } from '../api/errors.ts';
import type { Completeness } from '../store/datasets.ts';
import type { Method } from '../worker-port/port-messages.ts';
import type { Filter } from './page-request.ts';

export type { SerializedError };

/**
 * Everything needed to start (or, for a dataset with a stored unfinished job, resume) a job.
 *
 * @example
 * const job: JobSpec = { datasetKey: canonicalQueryKey(query), query: { modality: 'T1w' },
 *   apiBase: 'http://127.0.0.1:5174/api/v1', modality: 'T1w', filter: null, mode: 'refresh' };
 */
export interface JobSpec {
  /** Canonical query key: names the dataset in IndexedDB. */
  datasetKey: string;
  /** The query's URL parameters, kept with the dataset. */
  query: Record<string, string>;
  /** API base, e.g. `https://mriqc.nimh.nih.gov/api/v1`. */
  apiBase: string;
  modality: string;
  /** The MongoDB filter for the query (software, versions, the user's where), or null. */
  filter: Filter | null;
  /** `download` fetches everything (resuming a stored job); `refresh` only `_id` > max held. */
  mode: 'download' | 'refresh';
  /** Requests in flight to start with, 1–8 (default 4). */
  concurrency?: number;
  /** Plan kind for a new download (default keyset). */
  strategy?: 'keyset' | 'pages';
  /**
   * Records per committed chunk (the engine's default 10,000). Smaller chunks are what a
   * download at the public API's pace stores (a commit every 2 s); tests and benchmarks set it.
   */
  chunkRecords?: number;
}

/**
 * A progress snapshot, posted at most 4 times a second.
 *
 * @example
 * // 12,000 of 20,000 records, 240 pages, 9,000 records/s, about 1 s left, 4 requests in flight
 * { phase: 'main', fetched: 12000, total: 20000, pages: 240, pagesTotal: 400, rate: 9000,
 *   etaS: 0.9, retries: 2, inFlight: 4, concurrency: 4, added: 12000 }
 */
export interface DownloadProgress {
  /**
   * `check`: comparing what is stored with the server's counts before fetching (Download again,
   * Refresh, Resume of a held dataset); `tail`: the planned part is done, fetching what was
   * uploaded meanwhile (or a refresh).
   */
  phase: 'check' | 'main' | 'tail';
  /** Records held for this dataset (saved + about to be saved). */
  fetched: number;
  /** Records the query matches, as last reported by the server. */
  total: number;
  /** Pages fetched by this job (including before a resume). */
  pages: number;
  /** Pages planned or estimated in all. */
  pagesTotal: number;
  /** Records per second over the last few seconds. */
  rate: number;
  /** Seconds left at that rate, null while unknown. */
  etaS: number | null;
  /** Failed attempts retried so far in this job. */
  retries: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Current adaptive limit on requests in flight. */
  concurrency: number;
  /** Records newly stored by this run (for a refresh: "N new records"). */
  added: number;
}

/**
 * A run of one dataset as a tab sees it: `idle` before any, the three active states while the
 * worker still works on it (it has not posted `done` or `error`), then how it ended.
 */
export type RunStatus =
  | 'idle'
  | 'running'
  | 'pausing'
  | 'cancelling'
  | 'paused'
  | 'cancelled'
  | 'done'
  | 'failed';

/** The worker is still busy with the run. */
export const ACTIVE_RUN_STATUSES: ReadonlySet<RunStatus> = new Set([
  'running',
  'pausing',
  'cancelling',
]);

/**
 * How a run ended without an error.
 *
 * @example
 * const label = { done: 'Complete', paused: 'Paused', cancelled: 'Cancelled' }[status];
 */
export type DoneStatus = 'done' | 'paused' | 'cancelled';

/**
 * A run's end without an error. `total` is null when the run was paused or cancelled before
 * the server's first answer.
 *
 * @example
 * { type: 'done', status: 'paused', added: 1200, stored: 1200, total: 20000, grew: 0, mended: 0,
 *   check: null }
 */
export interface DoneMessage {
  type: 'done';
  status: DoneStatus;
  added: number;
  stored: number;
  total: number | null;
  grew: number;
  /** Records a repair fetched again because the store had lost them. */
  mended: number;
  /** A finished run's check against the server's count; null when paused or cancelled. */
  check: Completeness | null;
}

/**
 * What the page's download client (download-client.ts) tells its listeners of a run: its
 * progress (at most one every 300 ms), then its end or its error.
 *
 * @example
 * downloadClient.subscribe((message) => {
 *   if (message.type === 'progress') setProgress(message.progress);
 *   if (message.type === 'done' && message.status === 'done') say(`${message.added} new records`);
 *   if (message.type === 'error') show(message.error.message);
 * });
 */
export type FromWorker =
  | { type: 'progress'; progress: DownloadProgress }
  | DoneMessage
  | { type: 'error'; error: SerializedError };

/**
 * The download worker's methods. `run` does one job (one at a time) and resolves with its end,
 * reporting progress meanwhile; `stop` pauses or cancels the running job, which then resolves
 * `paused` or `cancelled` (what was fetched is saved either way); `setConcurrency` changes the
 * running job's requests in flight (1–8) at once.
 *
 * @example
 * const done = await port.call('run', job, { onProgress: show, progressEveryMs: 300 });
 * await port.call('stop', { how: 'pause' });
 */
export type DownloadApi = {
  run: Method<JobSpec, DoneMessage, DownloadProgress>;
  stop: Method<{ how: 'pause' | 'cancel' }, void>;
  setConcurrency: Method<{ concurrency: number }, void>;
};

/**
 * Whether a received job is a JobSpec (the worker's first line of defence).
 *
 * @example
 * if (!isJobSpec(input)) throw new TypeError('not a download job');
 */
export function isJobSpec(value: unknown): value is JobSpec {
  const job = value as Partial<JobSpec> | null;
  return (
    typeof job?.datasetKey === 'string' &&
    typeof job.apiBase === 'string' &&
    (job.mode === 'download' || job.mode === 'refresh')
  );
}

/** A requests-in-flight setting the engine accepts. */
export function isConcurrency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}
