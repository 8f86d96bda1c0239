import type { FetchFn } from '../api/fetch-page.ts';
import { assertHttpSource } from '../api/source-url.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import type { CrowdDatabase } from '../store/db.ts';
import { getJob } from '../store/jobs.ts';
import { type RunControls, runDownload } from './download-engine.ts';
import { createPageFetcher } from './page-fetcher.ts';
import { prepareJob } from './prepare-job.ts';
import type { DoneMessage, DownloadProgress, JobSpec } from './protocol.ts';
import { PROBE_RETRY, sleep as realSleep, type Sleep } from './retry.ts';

export interface JobDeps {
  openDb: () => Promise<CrowdDatabase>;
  fetchFn: FetchFn;
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
 * http(s) before anything else, open the store, plan (probing the server) or pick up the stored
 * job, run it. Pause and Cancel act in every phase, the probe included: a stop before the plan
 * exists ends the job with nothing new saved. Throws what the run failed with.
 * @example const done = await runJob(spec, {openDb: openCrowdDb, fetchFn: (u, i) => fetch(u, i)}, {pause, cancel});
 */
export async function runJob(
  spec: JobSpec,
  deps: JobDeps,
  signals: JobSignals,
): Promise<DoneMessage> {
  assertHttpSource(spec.apiBase);
  const { pause, cancel } = signals;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const db = await deps.openDb();
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
  let job: Awaited<ReturnType<typeof prepareJob>>;
  try {
    job = await prepareJob({ spec, stored, held, task, now: now() });
  } catch (error) {
    if (!stop.aborted) throw error;
    const status = cancel.aborted ? 'cancelled' : 'paused';
    // total null: this run learnt nothing from the server (the UI says "before it answered").
    return { type: 'done', status, added: 0, stored: held.stored, total: null, grew: 0 };
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
  const { status, added, stored: storedNow, total, grew } = result;
  return { type: 'done', status, added, stored: storedNow, total, grew };
}
