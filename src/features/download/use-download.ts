import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { serializeError } from '../../api/errors.ts';
import { canonicalQueryKey, type ExplorerQuery } from '../../api/explorer-query.ts';
import { downloadClient } from '../../download/download-client.ts';
import {
  ACTIVE_RUN_STATUSES,
  type DownloadProgress,
  type FromWorker,
  type JobSpec,
  type RunStatus,
  type SerializedError,
} from '../../download/protocol.ts';
import { invalidateAfterRun, invalidateDeleted } from '../../queries/run-invalidation.ts';
import { noteDeleted, noteRunSaving, recheckDatabase, sharedDb } from '../../store/connection.ts';
import { browserLocks, withDatasetLock } from '../../store/dataset-lock.ts';
import { type Completeness, deleteDataset } from '../../store/datasets.ts';
import { toJobSpec } from './job-spec.ts';
import { savedDatasetQueryOptions } from './saved-dataset.ts';
import { tabPresence, useOtherTabs } from './use-other-tabs.ts';
import { useStorageEstimate } from './use-storage-estimate.ts';

export interface Outcome {
  added: number;
  stored: number;
  /** null: the run stopped before the server's first answer. */
  total: number | null;
  grew: number;
  /** Records a repair fetched again because the store had lost them. */
  mended: number;
  /** The finished run's check against the server's count (null when paused or cancelled). */
  check: Completeness | null;
}

export interface RunState {
  /** The dataset (canonical query key) this run is about. */
  key: string;
  status: RunStatus;
  mode: JobSpec['mode'];
  progress: DownloadProgress | null;
  outcome: Outcome | null;
  error: SerializedError | null;
}

/**
 * The download of the current query: starts, pauses and resumes the worker's job, keeps its
 * progress, and reads what the browser already holds for the query (to offer Resume after a
 * reload, or Refresh after a finished download).
 */
export function useDownload(query: ExplorerQuery) {
  const key = canonicalQueryKey(query);
  const [run, setRun] = useState<RunState | null>(null);
  const savedQuery = useQuery(savedDatasetQueryOptions(key));
  const [concurrency, setConcurrency] = useState(4);
  const active = run ? ACTIVE_RUN_STATUSES.has(run.status) : false;
  const queryClient = useQueryClient();

  // Another tab's run ended, or it deleted a dataset: what this tab read of it is stale.
  const [tabEvents, setTabEvents] = useState(0);
  const others = useOtherTabs(
    useCallback(
      (event: { type: 'ended' | 'deleted'; key: string }) => {
        if (event.type === 'ended') void invalidateAfterRun(queryClient, event.key);
        else void invalidateDeleted(queryClient, event.key);
        setTabEvents((n) => n + 1);
      },
      [queryClient],
    ),
  );
  // Figures move while this tab or another writes.
  const { storage, refreshStorage, persistStorage } = useStorageEstimate(active || others.size > 0);

  const runKey = useRef<string | null>(null);
  // The run's end invalidates what it changed: the saved summary, the list, storage use, and
  // the open frame if its row count moved.
  const runSpec = useRef<JobSpec | null>(null);
  useWorkerMessages(
    setRun,
    (progress) => {
      const spec = runSpec.current;
      if (spec && progress.fetched > 0) {
        noteRunSaving(
          { key: spec.datasetKey, modality: spec.modality, query: spec.query },
          progress.fetched,
        );
        runSpec.current = null; // once a run: the list's next look keeps the count
      }
    },
    (stored) => {
      if (runKey.current) void invalidateAfterRun(queryClient, runKey.current, stored);
      void recheckDatabase(); // a failed write may have cost the whole database
    },
  );
  const runMode = useRef<JobSpec['mode']>('download');
  useAnnounceRuns(runKey, runMode);

  const begin = useCallback(
    (mode: JobSpec['mode'], forQuery: ExplorerQuery = query) => {
      if (active) return;
      const job = toJobSpec(forQuery, mode, concurrency);
      if (job.type === 'invalid') return; // the query form shows the filter's problem
      if (job.type === 'refused') {
        const key = canonicalQueryKey(forQuery);
        setRun({ key, status: 'failed', mode, progress: null, outcome: null, error: job.error });
        return;
      }
      // Another tab runs it: this tab shows that run (joining) instead of racing it.
      if (others.has(job.spec.datasetKey)) return;
      runKey.current = job.spec.datasetKey;
      runSpec.current = job.spec;
      runMode.current = mode;
      setRun({
        key: job.spec.datasetKey,
        status: 'running',
        mode,
        progress: null,
        outcome: null,
        error: null,
      });
      downloadClient.start(job.spec);
      void persistStorage().then(refreshStorage);
    },
    [active, concurrency, query, others, persistStorage, refreshStorage],
  );

  /**
   * Drops what is saved of the query (under its lock: refused while any tab downloads it) and
   * downloads it from the start. A refusal shows as the run's error; nothing is dropped then.
   */
  const startOver = useCallback(async () => {
    if (active) return;
    try {
      const db = await sharedDb();
      const forgotten = () => noteDeleted(key);
      await withDatasetLock(browserLocks(), key, () => deleteDataset(db, key, { forgotten }));
      await invalidateDeleted(queryClient, key);
    } catch (error) {
      const failed = { progress: null, outcome: null, error: serializeError(error) };
      setRun({ key, status: 'failed', mode: 'download', ...failed });
      return;
    }
    begin('download');
  }, [active, key, queryClient, begin]);

  // Stable between renders that change neither, so the memoised query form skips the app's
  // renders (four while a stored table opens, each re-rendering the whole hidden form).
  const downloadQuery = useCallback(
    (forQuery?: ExplorerQuery) => begin('download', forQuery),
    [begin],
  );
  const startOverQuery = useCallback(() => void startOver(), [startOver]);

  const pause = useCallback(() => {
    setRun((r) => (r?.status === 'running' ? { ...r, status: 'pausing' } : r));
    downloadClient.pause();
  }, []);

  const cancel = useCallback(() => {
    setRun((r) => (r && ACTIVE_RUN_STATUSES.has(r.status) ? { ...r, status: 'cancelling' } : r));
    downloadClient.cancel();
  }, []);

  // A run refused because another tab holds the dataset is not this tab's run: `otherTab` shows.
  const own = run?.key === key && run.error?.name !== 'DatasetBusyError' ? run : null;
  return {
    key,
    /** The run shown for this query (a run of another query is reported as `elsewhere`). */
    run: own,
    /** This tab's latest run, of whichever query (the Datasets view shows a refresh's end). */
    lastRun: run,
    /** Another tab's run of this query (this tab then shows it instead of starting one). */
    otherTab: own && ACTIVE_RUN_STATUSES.has(own.status) ? null : (others.get(key) ?? null),
    /** Datasets other tabs are downloading, and a count of their runs' ends and deletes. */
    otherTabs: { keys: others, events: tabEvents },
    elsewhere: active && run?.key !== key ? run : null,
    /** undefined while read; null when the browser holds nothing for the query (or can't say). */
    saved: savedQuery.isError ? null : savedQuery.data,
    active,
    concurrency,
    /** Applies at once to a running download (the worker adjusts its ceiling), else to the next. */
    setConcurrency: (n: number) => {
      setConcurrency(n);
      if (active) downloadClient.setConcurrency(n);
    },
    storage,
    /** Download the query (resuming its stored unfinished job, if any). */
    download: downloadQuery,
    /** Continues the stored job: a refresh stays a refresh, a download a download. */
    resume: () => begin(savedQuery.data?.resumeMode === 'refresh' ? 'refresh' : 'download'),
    refresh: (forQuery?: ExplorerQuery) => begin('refresh', forQuery),
    /** Drops the saved records of the query and downloads it again from the start. */
    startOver: startOverQuery,
    pause,
    /** Stops the run at once; what is stored stays stored, and Download starts a new job. */
    cancel,
    /** A dataset was deleted (its keys invalidated by the delete): drop its finished run. */
    forget: (deleted: string) => {
      tabPresence()?.deleted(deleted);
      setRun((r) => (r?.key === deleted && !ACTIVE_RUN_STATUSES.has(r.status) ? null : r));
    },
  };
}

export type DownloadHandle = ReturnType<typeof useDownload>;

/**
 * Tells the other tabs what this tab's worker does: each progress of a run, and its end. A run
 * the worker refused because another tab holds the dataset joins that tab's run instead.
 */
function useAnnounceRuns(
  runKey: { readonly current: string | null },
  runMode: { readonly current: JobSpec['mode'] },
) {
  useEffect(
    () =>
      downloadClient.subscribe((message) => {
        const presence = tabPresence();
        const key = runKey.current;
        if (!presence || !key) return;
        const mode = runMode.current;
        if (message.type === 'progress') {
          presence.running({ key, mode, progress: message.progress });
        } else if (message.type === 'error' && message.error.name === 'DatasetBusyError') {
          presence.busyElsewhere(key, mode);
        } else {
          presence.ended(key);
        }
      }),
    [runKey, runMode],
  );
}

/** Applies the download client's messages (progress already throttled) to the run. */
function useWorkerMessages(
  setRun: (update: (run: RunState | null) => RunState | null) => void,
  onProgress: (progress: DownloadProgress) => void,
  /** `stored`: the count a run that ended without an error reported. */
  onEnd: (stored: number | undefined) => void,
) {
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const onProgressRef = useRef(onProgress);
  onProgressRef.current = onProgress;
  useEffect(() => {
    const onMessage = (message: FromWorker) => {
      if (message.type === 'progress') {
        const { progress } = message;
        setRun((r) => (r ? { ...r, progress } : r));
        onProgressRef.current(progress);
        return;
      }
      if (message.type === 'done') {
        const { status, added, stored, total, grew, mended, check } = message;
        const outcome = { added, stored, total, grew, mended, check };
        setRun((r) => (r ? { ...r, status, outcome } : r));
      } else {
        const { error } = message;
        setRun((r) => (r ? { ...r, status: 'failed', error } : r));
      }
      onEndRef.current(message.type === 'done' ? message.stored : undefined);
    };
    return downloadClient.subscribe(onMessage);
  }, [setRun]);
}
