import type { FetchFn } from '../api/fetch-page.ts';
import { assertHttpSource } from '../api/source-url.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { type CrowdDatabase, wasClosedByBrowser } from '../store/db.ts';
import { isStoreWriteFailure, toStoreError } from '../store/errors.ts';
import { getJob } from '../store/jobs.ts';
import { type RunControls, runDownload } from './download-engine.ts';
import { createPageFetcher } from './page-fetcher.ts';
import { prepareJob } from './prepare-job.ts';
import type { DoneMessage, DownloadProgress, JobSpec } from './protocol.ts';
import { PROBE_RETRY, sleep as realSleep, type Sleep } from './retry.ts';

export interface JobDeps {
  openDb: () => Promise<CrowdDatabase>;
  fetchFn: FetchFn;
  /**
   * Takes the dataset's cross-tab lock (dataset-lock.ts holdDatasetLock), resolving to its
   * release; rejects with DatasetBusyError when another tab runs the dataset. None: unguarded.
   */
  lock?: (datasetKey: string) => Promise<() => void>;
  now?: () => number;
  sleep?: Sleep;
}

export interface JobSignals {
  /** Pause: requests in flight are abandoned at once, what was fetched is saved, Resume continues. */
  pause: AbortSignal;
  /** Cancel: the same, but the job ends (what is stored stays stored). */
  cancel: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** The running job's live controls (set-concurrency), once the run has begun. */
  onControls?: (controls: RunControls) => void;
}

/**
 * One `start` message's work, from the spec to the `done` message: refuse a source that is not
 * http(s) before anything else, take the dataset's lock, open the store, plan (probing the
 * server) or pick up the stored job, run it. Pause and Cancel act in every phase, the probe included: a stop before the plan
 * exists ends the job with nothing new saved. Throws what the run failed with.
 * @example const done = await runJob(spec, {openDb: openCrowdDb, fetchFn: (u, i) => fetch(u, i)}, {pause, cancel});
 */
export async function runJob(
  spec: JobSpec,
  deps: JobDeps,
  signals: JobSignals,
): Promise<DoneMessage> {
  assertHttpSource(spec.apiBase);
  // One writer per dataset across tabs: if another tab runs it, DatasetBusyError tells the UI
  // to show that tab's run instead.
  const release = (await deps.lock?.(spec.datasetKey)) ?? (() => {});
  let db: CrowdDatabase | undefined;
  try {
    db = await deps.openDb();
    return await runOpened(spec, db, deps, signals);
  } catch (error) {
    // A write failed and the browser closed the database: what was stored may be gone too.
    const lost = !!db && wasClosedByBrowser(db) && isStoreWriteFailure(error);
    throw lost ? toStoreError(error, { lost }) : error;
  } finally {
    release();
  }
}

async function runOpened(
  spec: JobSpec,
  db: CrowdDatabase,
  deps: JobDeps,
  signals: JobSignals,
): Promise<DoneMessage> {
  const { pause, cancel } = signals;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const info = {
    key: spec.datasetKey,
    query: spec.query,
    source: spec.apiBase,
    modality: spec.modality,
  };
  const store = createDatasetWriter(db, info);
  const fetchPage = createPageFetcher({
    apiBase: spec.apiBase,
    modality: spec.modality,
    fetchFn: deps.fetchFn,
  });
  const stop = AbortSignal.any([pause, cancel]);
  const task = { fetchPage, signal: stop, sleep, retry: PROBE_RETRY };
  const [stored, held] = await Promise.all([getJob(db, spec.datasetKey), store.summary()]);
  const heldIds = store.heldIds;
  // Once, as the check of held records starts: the counts that follow are quick, and no page is
  // fetched yet.
  const onCheck = (counts: number) => {
    if (counts === 0) signals.onProgress?.(checking(held.stored, held.total));
  };
  let job: Awaited<ReturnType<typeof prepareJob>>;
  try {
    job = await prepareJob({ spec, stored, held, heldIds, task, now: now(), onCheck });
  } catch (error) {
    if (!stop.aborted) throw error;
    const status = cancel.aborted ? 'cancelled' : 'paused';
    // total null: this run learnt nothing from the server (the UI says "before it answered").
    const stoppedAt = { added: 0, stored: held.stored, total: null, grew: 0, mended: 0 };
    return { type: 'done', status, ...stoppedAt, check: null };
  }
  const result = await runDownload({
    fetchPage,
    store,
    job,
    filter: spec.filter,
    signal: cancel,
    pauseSignal: pause,
    concurrency: spec.concurrency,
    chunkRecords: spec.chunkRecords,
    now,
    sleep,
    onControls: signals.onControls,
    onProgress: signals.onProgress,
  });
  const { status, added, stored: storedNow, total, grew, mended, check } = result;
  return { type: 'done', status, added, stored: storedNow, total, grew, mended, check };
}

/** Progress while held records are checked against the server's counts (before the run). */
function checking(stored: number, total: number | null): DownloadProgress {
  const last = Math.max(stored, total ?? 0);
  return {
    ...{ phase: 'check', fetched: stored, total: last, pages: 0, pagesTotal: 0, rate: 0 },
    ...{ etaS: null, retries: 0, inFlight: 0, concurrency: 0, added: 0 },
  };
}
