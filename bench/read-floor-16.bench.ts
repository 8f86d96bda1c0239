import { COLUMNS, measureReadFloor } from './read-floor.ts';
import { emitMedian } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

/** Keeps the page's main thread busy for `ms`, as the app's first renders do (~0.8 s here). */
const BUSY_MS = 800;

/** Reads the 16 files, all at once; its source also runs in the worker below. */
const READ_ALL = `async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('read-floor');
  return Promise.all(Array.from({ length: ${COLUMNS} }, async (_, c) =>
    (await (await dir.getFileHandle('col-' + c)).getFile()).arrayBuffer()));
}`;

/**
 * The same read while the main thread is busy for BUSY_MS, (a) from the page and (b) from a
 * worker started (and idle) before: wall time from the start to all 16 arrays in the page. What
 * an app whose first renders fill the main thread can hope for, depending on where it reads.
 */
const READ_WHILE_BUSY = `(async () => {
  const busy = () => { const end = performance.now() + ${BUSY_MS}; while (performance.now() < end); };
  let t0 = performance.now();
  const inPage = (${READ_ALL})();
  busy();
  await inPage;
  const page = performance.now() - t0;
  const source = 'onmessage = async () => { const bufs = await (' + ${JSON.stringify(READ_ALL)} + ')(); postMessage(bufs, bufs); };';
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  await new Promise((r) => setTimeout(r, 300));
  t0 = performance.now();
  const inWorker = new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
  worker.postMessage('read');
  busy();
  const got = await inWorker;
  const warmWorker = performance.now() - t0;
  worker.terminate();
  if (got.length !== ${COLUMNS}) throw new Error('short read');
  return { page, warmWorker };
})()`;

/**
 * The floor table-open-1m is judged against (read-floor.ts): 16 columns of 1M float64 read back
 * from origin-private files. Median of BENCH_RUNS fresh profiles; also the busy reads above.
 */
export const bench: Benchmark = {
  name: 'read-floor-16',
  description: `16 columns of 1M float64 read back from origin-private files (getFile().arrayBuffer())`,
  timeoutS: 600,
  async run(ctx) {
    const seconds: number[] = [];
    const busyPage: number[] = [];
    const busyWorker: number[] = [];
    for (let i = 0; i < ctx.cheapRuns; i++) {
      const s = await measureReadFloor(ctx, async (page) => {
        const busy = (await page.evaluate(READ_WHILE_BUSY)) as { page: number; warmWorker: number };
        busyPage.push(busy.page / 1000);
        busyWorker.push(busy.warmWorker / 1000);
      });
      seconds.push(s);
      ctx.log(
        `run ${i + 1}: ${COLUMNS} columns read in ${s.toFixed(3)} s; with the main thread busy ${BUSY_MS} ms: read from the page ${busyPage.at(-1)!.toFixed(3)} s, from a running worker ${busyWorker.at(-1)!.toFixed(3)} s`,
      );
    }
    emitMedian(ctx, 'seconds', 's', seconds);
    emitMedian(ctx, 'busy_page_seconds', 's', busyPage);
    emitMedian(ctx, 'busy_worker_seconds', 's', busyWorker);
  },
};
