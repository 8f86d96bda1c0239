import { useCallback, useEffect, useRef, useState } from 'react';
import { canonicalQueryKey, type ExplorerQuery } from '../../api/explorer-query.ts';
import { downloadClient } from '../../download/download-client.ts';
import type {
  DownloadProgress,
  FromWorker,
  JobSpec,
  SerializedError,
} from '../../download/protocol.ts';
import { toJobSpec } from './job-spec.ts';
import { readSavedDataset, type SavedDataset } from './saved-dataset.ts';
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
 * The UI re-renders at most 4 times a second, whatever the worker posts. 300 ms rather than
 * 250 leaves room for render jitter: a late commit followed by an on-time one must not put five
 * updates inside one second.
 */
const UI_INTERVAL_MS = 300;

/**
 * The download of the current query: starts, pauses and resumes the worker's job, keeps its
 * progress, and reads what the browser already holds for the query (to offer Resume after a
 * reload, or Refresh after a finished download).
 */
export function useDownload(query: ExplorerQuery) {
  const key = canonicalQueryKey(query);
  const [run, setRun] = useState<RunState | null>(null);
  const [saved, setSaved] = useState<{ key: string; value: SavedDataset | null } | null>(null);
  const [concurrency, setConcurrency] = useState(4);
  const { storage, refreshStorage, persistStorage } = useStorageEstimate();
  const active = run ? ACTIVE.has(run.status) : false;

  const reloadSaved = useCallback((forKey: string) => {
    readSavedDataset(forKey).then(
      (value) => setSaved({ key: forKey, value }),
      () => setSaved({ key: forKey, value: null }),
    );
  }, []);

  useEffect(() => {
    reloadSaved(key);
  }, [key, reloadSaved]);

  const runKey = useRef<string | null>(null);
  useWorkerMessages(setRun, () => {
    if (runKey.current) reloadSaved(runKey.current);
    void refreshStorage();
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
    saved: saved?.key === key ? saved.value : undefined,
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
    resume: () =>
      begin(saved?.key === key && saved.value?.resumeMode === 'refresh' ? 'refresh' : 'download'),
    refresh: (forQuery?: ExplorerQuery) => begin('refresh', forQuery),
    pause,
    /** Stops the run at once; what is stored stays stored, and Download starts a new job. */
    cancel,
    /** A dataset was deleted: drop its finished run and re-read what the browser holds. */
    forget: (deleted: string) => {
      setRun((r) => (r?.key === deleted && !ACTIVE.has(r.status) ? null : r));
      reloadSaved(key);
      void refreshStorage();
    },
  };
}

export type DownloadHandle = ReturnType<typeof useDownload>;

/** Applies worker messages to the run; progress is coalesced to one render per UI_INTERVAL_MS. */
function useWorkerMessages(
  setRun: (update: (run: RunState | null) => RunState | null) => void,
  onEnd: () => void,
) {
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  useEffect(() => {
    let latest: DownloadProgress | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastFlush = 0;
    const flush = () => {
      timer = null;
      lastFlush = performance.now();
      const progress = latest;
      latest = null;
      if (progress) setRun((r) => (r ? { ...r, progress } : r));
    };
    // The final render keeps the same spacing as progress renders, so the end of a run cannot
    // be the fifth update within a second.
    const end = (patch: (r: RunState) => Partial<RunState>) => {
      if (timer) clearTimeout(timer);
      const finish = () => {
        timer = null;
        const progress = latest;
        latest = null;
        setRun((r) => (r ? { ...r, ...(progress ? { progress } : {}), ...patch(r) } : r));
        onEndRef.current();
      };
      const wait = Math.max(0, UI_INTERVAL_MS - (performance.now() - lastFlush));
      timer = setTimeout(finish, wait);
    };
    const onMessage = (message: FromWorker) => {
      if (message.type === 'progress') {
        latest = message.progress;
        if (!timer) {
          const wait = Math.max(0, UI_INTERVAL_MS - (performance.now() - lastFlush));
          timer = setTimeout(flush, wait);
        }
      } else if (message.type === 'done') {
        const { status, added, stored, total, grew } = message;
        end(() => ({ status, outcome: { added, stored, total, grew } }));
      } else {
        end(() => ({ status: 'failed', error: message.error }));
      }
    };
    const unsubscribe = downloadClient.subscribe(onMessage);
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [setRun]);
}
