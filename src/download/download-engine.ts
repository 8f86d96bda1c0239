import type { Completeness } from '../store/datasets.ts';
import type { JobRecord } from '../store/jobs.ts';
import type { ConcurrencyOptions } from './concurrency.ts';
import { DownloadRun } from './download-run.ts';
import type { ApiItem, FetchPage, Filter } from './page-request.ts';
import type { PlanState } from './planner.ts';
import type { DoneStatus, DownloadProgress } from './protocol.ts';
import { RETRY_DEFAULTS, type RetryOptions, sleep as realSleep, type Sleep } from './retry.ts';

/**
 * The download engine's contract: what it needs (fetchPage, the store, time, settings), what it
 * returns, and `runDownload`, its one entry. The loop itself is DownloadRun (download-run.ts):
 * it runs a plan with adaptive concurrency and retries, and commits pages in batches, each batch
 * in one store transaction with the resume state describing it. Knows nothing of `self` or
 * `window`: the worker (or a test) injects fetchPage, the store and time.
 */

/** Records gathered for the next commit, e.g. columnised as they arrive. */
export interface CommitBuffer {
  /** Appends records; duplicates (of the buffer or of what the store holds) may be dropped. */
  add(items: readonly ApiItem[]): void;
  /** Records buffered. */
  readonly size: number;
}

/** What the engine needs from the store (src/store's DatasetWriter fits). */
export interface DownloadStore {
  /** Records held, counted from what is really stored, and the largest `_id` among them. */
  summary(): Promise<{ stored: number; maxId: string | null }>;
  /** Optional: a buffer to commit as `buffer`; without it the queue buffers plain arrays. */
  createBuffer?(): CommitBuffer;
  commit(batch: {
    items: readonly ApiItem[];
    buffer?: CommitBuffer;
    job: JobRecord<PlanState>;
    total: number;
    /** The run's verdict, on its last commit: the dataset is complete only if `verified`. */
    completeness?: Completeness;
  }): Promise<{ added: number; stored: number; maxId: string | null }>;
}

export interface RunDownloadOptions {
  fetchPage: FetchPage;
  store: DownloadStore;
  /** The job to run: new (`newJob(…, planDownload(…))`) or resumed from the jobs store. */
  job: JobRecord<PlanState>;
  filter: Filter | null;
  /** Cancel: aborts requests in flight, saves what was fetched, ends 'cancelled'. */
  signal?: AbortSignal;
  /** Pause: aborts requests in flight (fetched again on resume), saves, ends 'paused'. */
  pauseSignal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  concurrency?: number | Partial<ConcurrencyOptions>;
  /** Receives the run's live controls once it starts (the worker keeps them for its messages). */
  onControls?: (controls: RunControls) => void;
  /** Time limits per request are the API client's (src/api/exchange.ts), not the engine's. */
  retry?: Pick<RetryOptions, 'attempts' | 'baseMs' | 'capMs' | 'maxRetryAfterMs'>;
  /**
   * Records per committed chunk (default 10,000: 100 chunks × ~150 column records for 1M).
   * Measured in Chromium: 2,500-record chunks took 3× longer to write than 10,000.
   */
  chunkRecords?: number;
  /** Commit a partial chunk after this long, bounding what a crash loses (default 2 s). */
  flushIntervalMs?: number;
  progressIntervalMs?: number;
}

/** What can change while a run goes on. */
export interface RunControls {
  /** The user's "Requests in flight" setting, 1–8: the new ceiling, applied at once. */
  setConcurrency(setting: number): void;
}

export interface DownloadResult {
  status: DoneStatus;
  /** Records newly stored by this run. */
  added: number;
  stored: number;
  total: number;
  /** Records found above the planned set (uploaded during the run, or by a refresh). */
  grew: number;
  /** Records a repair fetched again because the store had lost them. */
  mended: number;
  /**
   * A finished run's check of the stored count against the server's (null when paused or
   * cancelled): only `verified` makes the dataset complete.
   */
  check: Completeness | null;
  job: JobRecord<PlanState>;
}

/**
 * A job record for a new plan.
 *
 * @example
 * const job = newJob('modality=T1w&…', 'download', await planDownload(filter, p, o), Date.now());
 */
export function newJob(
  datasetKey: string,
  mode: JobRecord['mode'],
  plan: PlanState,
  now: number,
): JobRecord<PlanState> {
  const base = { datasetKey, mode, status: 'running' as const, plan, pagesFetched: 0, retries: 0 };
  return { ...base, startedAt: now, updatedAt: now, error: null };
}

/**
 * Runs a download job to its end, a pause or a cancel. Throws (after saving what it can, with
 * the job marked 'failed') on a page that fails for good, a store error (StoreQuotaError) or
 * answers that contradict the plan.
 */
export function runDownload(options: RunDownloadOptions): Promise<DownloadResult> {
  const settings = { ...DEFAULTS, ...definedOnly(options) } as RunSettings;
  return new DownloadRun(settings).run();
}

/** Options with every default filled in, as DownloadRun sees them. */
export type RunSettings = RunDownloadOptions & Required<Pick<RunDownloadOptions, Defaulted>>;

type Defaulted =
  | 'now'
  | 'sleep'
  | 'random'
  | 'retry'
  | 'chunkRecords'
  | 'flushIntervalMs'
  | 'progressIntervalMs';

const DEFAULTS: Required<Pick<RunDownloadOptions, Defaulted>> = {
  now: Date.now,
  sleep: realSleep,
  random: Math.random,
  retry: { attempts: RETRY_DEFAULTS.attempts },
  chunkRecords: 10_000,
  flushIntervalMs: 2000,
  progressIntervalMs: 250,
};

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
