import { log } from './stats.ts';
import { emitMedian, measureRuns } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

const SCROLL_MS = 4000;
const PX_PER_FRAME = 120;

/**
 * Frames per second while the open 1M table scrolls: every animation frame moves the grid's
 * scroll box 120 px (about 4 rows, ~7,000 px/s at 60 fps, a brisk wheel scroll) for 4 s, and
 * the frames that ran are counted. A frame the page can't render in time is a frame missed,
 * so slow row rendering shows up as a lower rate. Median of BENCH_RUNS fresh browsers.
 */
export const bench: Benchmark = {
  name: 'scroll-1m',
  description: '1M-row table: requestAnimationFrame rate during a 4 s programmatic scroll',
  timeoutS: 1800,
  async run(ctx) {
    const fps = await measureRuns(ctx, ctx.cheapRuns, async (page, i) => {
      const result = (await page.evaluate(`new Promise((resolve) => {
        const box = document.querySelector('.records-grid');
        let frames = 0;
        let worst = 0;
        let t0 = 0;
        let last = 0;
        const step = (now) => {
          if (t0 === 0) { t0 = now; last = now; }
          else { frames++; worst = Math.max(worst, now - last); last = now; }
          if (now - t0 >= ${SCROLL_MS}) {
            const first = document.querySelector('table[aria-label="Records"] tbody tr');
            resolve({ frames, ms: now - t0, worst, top: box.scrollTop,
              firstRow: Number(first && first.getAttribute('aria-rowindex')) });
            return;
          }
          box.scrollTop += ${PX_PER_FRAME};
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      })`)) as { frames: number; ms: number; worst: number; top: number; firstRow: number };
      const rate = result.frames / (result.ms / 1000);
      if (!(result.firstRow > 100)) {
        throw new Error(`scroll run ${i + 1}: no rows rendered where the grid scrolled to`);
      }
      log(
        `${ctx.bench}: run ${i + 1}: ${rate.toFixed(1)} fps, worst frame ${result.worst.toFixed(0)} ms, scrolled to ${result.top} px (row ${result.firstRow})`,
      );
      return rate;
    });
    emitMedian(ctx, 'fps', 'fps', fps);
  },
};
