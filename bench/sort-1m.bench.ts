import { log } from './stats.ts';
import { emitMedian, measureRuns, timeInPage } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

/**
 * Click the `cjv` header of the open 1M table (ascending sort, done by the frame on an index
 * array) → the grid re-rendered sorted and settled. Median of BENCH_RUNS fresh browsers.
 */
export const bench: Benchmark = {
  name: 'sort-1m',
  description: '1M-row table: click the cjv header → rows re-rendered in ascending cjv order',
  timeoutS: 1800,
  async run(ctx) {
    const seconds = await measureRuns(ctx, ctx.cheapRuns, async (page, i) => {
      const ms = await timeInPage(
        page,
        `() => document.querySelector('table[aria-label="Records"] button[aria-label="cjv"]').click()`,
        `document.querySelector('th[aria-sort="ascending"] button[aria-label="cjv"]') !== null &&
          new URLSearchParams(location.search).get('sort') === 'cjv'`,
        `sort run ${i + 1}`,
      );
      log(`${ctx.bench}: run ${i + 1}: sorted in ${ms.toFixed(0)} ms`);
      return ms / 1000;
    });
    emitMedian(ctx, 'seconds', 's', seconds);
  },
};
