import { serializeError } from '../api/errors.ts';
import { openCrowdDb } from '../store/db.ts';
import type { RunControls } from './download-engine.ts';
import { type FromWorker, isToWorker, type JobSpec } from './protocol.ts';
import { runJob } from './run-job.ts';

/** Thin onmessage switch: run-job.ts does the work; one job at a time. */
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
  const current: Running = { pause: new AbortController(), cancel: new AbortController() };
  running = current;
  try {
    const deps = {
      openDb: openCrowdDb,
      fetchFn: (url: string, init: RequestInit) => fetch(url, init),
    };
    post(
      await runJob(spec, deps, {
        pause: current.pause.signal,
        cancel: current.cancel.signal,
        onControls: (live) => {
          current.controls = live;
        },
        onProgress: (progress) => post({ type: 'progress', progress }),
      }),
    );
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  } finally {
    running = null;
  }
}
