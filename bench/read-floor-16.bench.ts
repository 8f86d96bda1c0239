import { openBrowser, removeProfile } from './browser.ts';
import { emitMedian } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

/**
 * The floor table-open-1m is judged against: in the same browser, on the app's origin, 16
 * columns of 1M float64 (8 MB each) written to origin-private files, then read back with
 * `getFile().arrayBuffer()` — all 16 at once, as the table asks for its columns — and viewed as
 * Float64Arrays. Time from the first getFile to the last array. Median of BENCH_RUNS fresh
 * browsers (a fresh profile each: no file cached from the write in the page).
 */
const COLUMNS = 16;
const ROWS = 1_000_000;

const WRITE = `(async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('read-floor', { create: true });
  for (let c = 0; c < ${COLUMNS}; c++) {
    const values = new Float64Array(${ROWS});
    for (let i = 0; i < values.length; i++) values[i] = Math.random() * c;
    const file = await dir.getFileHandle('col-' + c, { create: true });
    const w = await file.createWritable();
    await w.write(values);
    await w.close();
  }
})()`;

const READ = `(async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('read-floor');
  const t0 = performance.now();
  const columns = await Promise.all(Array.from({ length: ${COLUMNS} }, async (_, c) => {
    const file = await (await dir.getFileHandle('col-' + c)).getFile();
    return new Float64Array(await file.arrayBuffer());
  }));
  const ms = performance.now() - t0;
  if (columns.some((c) => c.length !== ${ROWS})) throw new Error('short read');
  return ms;
})()`;

/** Keeps the page's main thread busy for `ms`, as the app's first renders do (~0.8 s here). */
const BUSY_MS = 800;

/**
 * The same read while the main thread is busy for BUSY_MS, (a) from the page and (b) from a
 * worker started (and idle) before: wall time from the start to all 16 arrays in the page. What
 * an app whose first renders fill the main thread can hope for, depending on where it reads.
 */
/** Reads the 16 files, all at once; its source also runs in the worker below. */
const READ_ALL = `async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('read-floor');
  return Promise.all(Array.from({ length: ${COLUMNS} }, async (_, c) =>
    (await (await dir.getFileHandle('col-' + c)).getFile()).arrayBuffer()));
}`;

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

export const bench: Benchmark = {
  name: 'read-floor-16',
  description: `16 columns of 1M float64 read back from origin-private files (getFile().arrayBuffer())`,
  timeoutS: 600,
  async run(ctx) {
    const seconds: number[] = [];
    const busyPage: number[] = [];
    const busyWorker: number[] = [];
    for (let i = 0; i < ctx.cheapRuns; i++) {
      const profile = ctx.newProfile();
      try {
        // Written in one browser, read in another: the read is not served from the writer's
        // memory, as a table opened after a reload is not.
        let session = await openBrowser(profile);
        await session.page.goto(ctx.app.url);
        await session.page.evaluate(WRITE);
        await session.close();
        session = await openBrowser(profile);
        try {
          await session.page.goto(ctx.app.url);
          const ms = (await session.page.evaluate(READ)) as number;
          ctx.log(`run ${i + 1}: ${COLUMNS} columns read in ${(ms / 1000).toFixed(3)} s`);
          seconds.push(ms / 1000);
          const busy = (await session.page.evaluate(READ_WHILE_BUSY)) as {
            page: number;
            warmWorker: number;
          };
          ctx.log(
            `run ${i + 1}: with the main thread busy ${BUSY_MS} ms: read from the page ${(busy.page / 1000).toFixed(3)} s, from a running worker ${(busy.warmWorker / 1000).toFixed(3)} s`,
          );
          busyPage.push(busy.page / 1000);
          busyWorker.push(busy.warmWorker / 1000);
        } finally {
          await session.close();
        }
      } finally {
        removeProfile(profile);
      }
    }
    emitMedian(ctx, 'seconds', 's', seconds);
    emitMedian(ctx, 'busy_page_seconds', 's', busyPage);
    emitMedian(ctx, 'busy_worker_seconds', 's', busyWorker);
  },
};
