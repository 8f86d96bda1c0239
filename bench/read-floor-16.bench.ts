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

export const bench: Benchmark = {
  name: 'read-floor-16',
  description: `16 columns of 1M float64 read back from origin-private files (getFile().arrayBuffer())`,
  timeoutS: 600,
  async run(ctx) {
    const seconds: number[] = [];
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
        } finally {
          await session.close();
        }
      } finally {
        removeProfile(profile);
      }
    }
    emitMedian(ctx, 'seconds', 's', seconds);
  },
};
