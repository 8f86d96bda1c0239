import { HttpError } from '../api/errors.ts';
import { buildCollectionUrl, isModality } from '../api/eve-url.ts';
import { fetchPage as apiFetchPage, type FetchFn } from '../api/fetch-page.ts';
import { createDatasetWriter } from '../store/dataset-writer.ts';
import { openCrowdDb } from '../store/db.ts';
import { getJob } from '../store/jobs.ts';
import { REQUEST_TIMEOUT_MS, type RunControls, runDownload } from './download-engine.ts';
import type { FetchPage } from './page-request.ts';
import { prepareJob } from './prepare-job.ts';
import { type FromWorker, isToWorker, type JobSpec, toSerializedError } from './protocol.ts';
import { sleep } from './retry.ts';

/** Thin onmessage switch: the engine (download-engine.ts) does the work; one job at a time. */
const post = (message: FromWorker) => self.postMessage(message);
let last: JobSpec | null = null;
interface Running {
  pause: AbortController;
  cancel: AbortController;
  controls?: RunControls;
}
let running: Running | null = null;

self.onmessage = ({ data }: MessageEvent<unknown>) => {
  if (!isToWorker(data)) return;
  if (data.type === 'start') void start(data.job);
  else if (data.type === 'resume' && last) void start(last);
  else if (data.type === 'pause') running?.pause.abort();
  else if (data.type === 'cancel') running?.cancel.abort();
  else if (data.type === 'set-concurrency') {
    // Also the setting a later Resume starts with.
    if (last) last = { ...last, concurrency: data.concurrency };
    running?.controls?.setConcurrency(data.concurrency);
  }
};

async function start(spec: JobSpec): Promise<void> {
  if (running) return; // the UI offers Download/Resume only when nothing runs
  last = spec;
  const controls: Running = {
    pause: new AbortController(),
    cancel: new AbortController(),
  };
  running = controls;
  try {
    const db = await openCrowdDb();
    const info = {
      key: spec.datasetKey,
      query: spec.query,
      source: spec.apiBase,
      modality: spec.modality,
    };
    const store = createDatasetWriter(db, info);
    const fetchPage = pageFetcher(spec);
    const task = {
      fetchPage,
      signal: controls.cancel.signal,
      sleep,
      timeoutMs: REQUEST_TIMEOUT_MS,
      retry: {},
    };
    const [stored, held] = await Promise.all([getJob(db, spec.datasetKey), store.summary()]);
    const job = await prepareJob({ spec, stored, held, task, now: Date.now() });
    const result = await runDownload({
      fetchPage,
      store,
      job,
      filter: spec.filter,
      signal: controls.cancel.signal,
      pauseSignal: controls.pause.signal,
      concurrency: spec.concurrency,
      chunkRecords: spec.chunkRecords,
      onControls: (live) => {
        controls.controls = live;
      },
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    const { status, added, stored: held2, total, grew } = result;
    post({ type: 'done', status, added, stored: held2, total, grew });
  } catch (error) {
    post({ type: 'error', error: toSerializedError(error) });
  } finally {
    running = null;
  }
}

/** The engine's FetchPage over src/api: Eve URL, fetch, envelope check, typed errors. */
function pageFetcher(spec: JobSpec): FetchPage {
  const { apiBase, modality } = spec;
  if (!isModality(modality)) throw new RangeError(`Unknown modality "${modality}"`);
  return async (req, signal) => {
    const query = { software: '', versions: [], filter: req.where };
    const url = buildCollectionUrl(apiBase, modality, query, {
      maxResults: req.maxResults,
      page: req.page,
      sort: req.sort,
    });
    let retryAfterS: number | undefined;
    // Retry-After is only readable when the server exposes it (Eve does not); honour it then.
    const fetchFn: FetchFn = async (u, init) => {
      const response = await fetch(u, init);
      const header = Number(response.headers.get('retry-after') ?? Number.NaN);
      if (Number.isFinite(header)) retryAfterS = header;
      return response;
    };
    try {
      // The engine times each attempt (requestTimeoutMs) and aborts `signal`; a second, shorter
      // timer here would silently override it.
      return await apiFetchPage(fetchFn, url, { signal, timeoutMs: Number.POSITIVE_INFINITY });
    } catch (error) {
      if (error instanceof HttpError && retryAfterS !== undefined) {
        Object.assign(error, { retryAfterS });
      }
      throw error;
    }
  };
}
