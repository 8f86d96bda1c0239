import { queryUrl } from './app-driver.ts';
import { openBrowser } from './browser.ts';
import { MIRROR_1M, RECORDS_1M } from './dataset-1m.ts';
import { pacedCopy } from './paced-1m.ts';
import { log, median } from './stats.ts';
import { waitForCompaction } from './store-probe.ts';
import { emitMedian, installTableProbe, waitForTable } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

/**
 * The 1M dataset stored in 1,000-record appends (paced-1m.ts), opened the way a user opens it:
 * the first open reads the appended chunks (and the compactor, asked for by the open, starts
 * 3 s later, as for the user); the bench waits for it to finish, then opens the table again in
 * BENCH_RUNS fresh browsers. Figures: `seconds_before` (the first open), `seconds` (median of
 * the opens after compaction), and `ratio` = seconds / table-open-1m of the same run.
 */
export const bench: Benchmark = {
  name: 'table-open-1m-paced',
  description:
    '1M records stored in 1,000-record appends: table open before and after the compactor',
  timeoutS: 5400,
  async run(ctx) {
    const profile = await pacedCopy(ctx);
    const mirror = await ctx.mirror(MIRROR_1M);
    const url = queryUrl(ctx.app.url, mirror.api, { view: 'table' });
    const open = async (
      label: string,
      then?: (page: import('@playwright/test').Page) => Promise<void>,
    ) => {
      const session = await openBrowser(profile);
      try {
        await installTableProbe(session.context);
        await session.page.goto(url);
        const ms = await waitForTable(session.page, label, 600);
        const rows = await session.page
          .getByRole('grid', { name: 'Records' })
          .getAttribute('aria-rowcount');
        if (Number(rows) !== RECORDS_1M)
          throw new Error(`${label}: ${rows} rows, expected ${RECORDS_1M}`);
        await then?.(session.page);
        return ms / 1000;
      } finally {
        await session.close();
      }
    };
    const before = await open('open before compaction', async (page) => {
      const at = await waitForCompaction(page, 'paced compaction', 3600);
      log(`table-open-1m-paced: compacted ${(at / 1000).toFixed(1)} s after navigation start`);
    });
    log(`table-open-1m-paced: first open (appended chunks) ${before.toFixed(2)} s`);
    ctx.emit({ metric: 'seconds_before', value: before, unit: 's' });
    const after: number[] = [];
    for (let i = 0; i < ctx.cheapRuns; i++) {
      after.push(await open(`open after compaction ${i + 1}`));
      log(`table-open-1m-paced: run ${i + 1}: ${after.at(-1)!.toFixed(2)} s`);
    }
    emitMedian(ctx, 'seconds', 's', after);
    const plain = ctx.figures.find((f) => f.bench === 'table-open-1m' && f.metric === 'seconds');
    if (plain) {
      ctx.emit({
        metric: 'ratio',
        value: median(after) / plain.value,
        unit: 'x',
        note: `paced ${median(after).toFixed(2)} s ÷ table-open-1m ${plain.value.toFixed(2)} s, same run`,
      });
    }
  },
};
