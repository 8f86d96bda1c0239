import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { canonicalQueryKey, type ExplorerQuery } from '../../api/explorer-query.ts';
import { downloadClient } from '../../download/download-client.ts';
import type {
  DownloadProgress,
  FromWorker,
  JobSpec,
  SerializedError,
} from '../../download/protocol.ts';
import { invalidateAfterRun } from '../../queries/run-invalidation.ts';
import { toJobSpec } from './job-spec.ts';
import { savedDatasetQueryOptions } from './saved-dataset.ts';
import { useStorageEstimate } from './use-storage-estimate.ts';

export type RunStatus =
  | 'idle'
  | 'running'
  | 'pausing'
  | 'cancelling'
  | 'paused'
  | 'cancelled'
  | 'done'
  | 'failed';

export interface Outcome {
  added: number;
  stored: number;
  /** null: the run stopped before the server's first answer. */
  total: number | null;
  grew: number;
}

/** The worker is still busy with the run (it has not posted `done` or `error`). */
const ACTIVE: ReadonlySet<RunStatus> = new Set(['running', 'pausing', 'cancelling']);

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
  const { storage, refreshStorage, persistStorage } = useStorageEstimate();
  const active = run ? ACTIVE.has(run.status) : false;

  const runKey = useRef<string | null>(null);
  const queryClient = useQueryClient();
  // The run's end invalidates what it changed: the saved summary, the list, storage use, and
  // the open frame if its row count moved.
  useWorkerMessages(setRun, (stored) => {
    if (runKey.current) void invalidateAfterRun(queryClient, runKey.current, stored);
  });

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
      runKey.current = job.spec.datasetKey;
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
    [active, concurrency, query, persistStorage, refreshStorage],
  );

  const pause = useCallback(() => {
    setRun((r) => (r?.status === 'running' ? { ...r, status: 'pausing' } : r));
    downloadClient.pause();
  }, []);

  const cancel = useCallback(() => {
    setRun((r) => (r && ACTIVE.has(r.status) ? { ...r, status: 'cancelling' } : r));
    downloadClient.cancel();
  }, []);

  return {
    key,
    /** The run shown for this query (a run of another query is reported as `elsewhere`). */
    run: run?.key === key ? run : null,
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
    download: (forQuery?: ExplorerQuery) => begin('download', forQuery),
    /** Continues the stored job: a refresh stays a refresh, a download a download. */
    resume: () => begin(savedQuery.data?.resumeMode === 'refresh' ? 'refresh' : 'download'),
    refresh: (forQuery?: ExplorerQuery) => begin('refresh', forQuery),
    pause,
    /** Stops the run at once; what is stored stays stored, and Download starts a new job. */
    cancel,
    /** A dataset was deleted (its keys invalidated by the delete): drop its finished run. */
    forget: (deleted: string) => {
      setRun((r) => (r?.key === deleted && !ACTIVE.has(r.status) ? null : r));
    },
  };
}

export type DownloadHandle = ReturnType<typeof useDownload>;

/** Applies the download client's messages (progress already throttled) to the run. */
function useWorkerMessages(
  setRun: (update: (run: RunState | null) => RunState | null) => void,
  /** `stored`: the count a run that ended without an error reported. */
  onEnd: (stored: number | undefined) => void,
) {
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  useEffect(() => {
    const onMessage = (message: FromWorker) => {
      if (message.type === 'progress') {
        const { progress } = message;
        setRun((r) => (r ? { ...r, progress } : r));
        return;
      }
      if (message.type === 'done') {
        const { status, added, stored, total, grew } = message;
        setRun((r) => (r ? { ...r, status, outcome: { added, stored, total, grew } } : r));
      } else {
        const { error } = message;
        setRun((r) => (r ? { ...r, status: 'failed', error } : r));
      }
      onEndRef.current(message.type === 'done' ? message.stored : undefined);
    };
    return downloadClient.subscribe(onMessage);
  }, [setRun]);
}
