/**
 * The only contract between the UI thread and the download worker. Plain data only: it is
 * structured-cloned by postMessage, and errors cross as src/api's `SerializedError` (name,
 * message, and an API failure's kind and status) because Firefox cannot clone Error objects
 * (duckdb-wasm's worker protocol does the same).
 */
import type { SerializedError } from '../api/errors.ts';
import type { Completeness } from '../store/datasets.ts';
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
 * Messages to the worker.
 *
 * @example
 * worker.postMessage({ type: 'start', job: { datasetKey, query, apiBase, modality: 'T1w',
 *   filter: { 'provenance.version': { $in: ['23.1.0'] } }, mode: 'download' } } satisfies ToWorker);
 * worker.postMessage({ type: 'pause' } satisfies ToWorker);
 */
export type ToWorker =
  | { type: 'start'; job: JobSpec }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' }
  /** The user changed "Requests in flight": applies to the running job at once (1–8). */
  | { type: 'set-concurrency'; concurrency: number };

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
 * Messages from the worker.
 *
 * @example
 * worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
 *   if (data.type === 'progress') setProgress(data.progress);
 *   if (data.type === 'done' && data.status === 'done') say(`${data.added} new records`);
 *   if (data.type === 'error') show(data.error.message);
 * };
 */
export type FromWorker =
  | { type: 'progress'; progress: DownloadProgress }
  | DoneMessage
  | { type: 'error'; error: SerializedError };

const TO_WORKER_TYPES = new Set(['start', 'pause', 'resume', 'cancel', 'set-concurrency']);

/**
 * Whether a received message is a ToWorker (the worker's first line of defence).
 *
 * @example
 * self.onmessage = ({ data }) => { if (isToWorker(data)) handle(data); };
 */
export function isToWorker(value: unknown): value is ToWorker {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !TO_WORKER_TYPES.has(type)) return false;
  if (type === 'set-concurrency') {
    const n = (value as { concurrency?: unknown }).concurrency;
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 8;
  }
  if (type !== 'start') return true;
  const job = (value as { job?: Partial<JobSpec> }).job;
  return typeof job?.datasetKey === 'string' && typeof job.apiBase === 'string' && !!job.mode;
}
