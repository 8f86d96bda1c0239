import type { Page } from '@playwright/test';
import { log } from './stats.ts';
import { emitMedian, measureRuns, startCpuProfile } from './table-open-1m.bench.ts';
import { startTrace } from './trace.ts';
import type { Benchmark } from './types.ts';

const SCROLL_MS = 4000;
const PX_PER_FRAME = 120;

interface ScrollResult {
  frames: number;
  ms: number;
  worst: number;
  top: number;
  firstRow: number;
  /** Median per frame of the style and layout the page's last changes needed, ms. */
  styleLayout: number;
}

/**
 * Moves `box` 120 px every animation frame for 4 s; counts the frames that ran. Each frame
 * first forces the style and layout of what the page changed since the last one (the rows the
 * grid rendered for the last scroll) and times it: a figure with less spread than the rate,
 * naming the part of the frame the grid's DOM costs. The work is done either way; forcing it
 * moves it from the frame's rendering step into its animation callback.
 */
function scrollScript(box: string): string {
  return `new Promise((resolve) => {
    const box = ${box};
    let frames = 0;
    let worst = 0;
    let t0 = 0;
    let last = 0;
    const costs = [];
    const step = (now) => {
      if (t0 === 0) { t0 = now; last = now; }
      else { frames++; worst = Math.max(worst, now - last); last = now; }
      if (now - t0 >= ${SCROLL_MS}) {
        const first = document.querySelector('table[aria-label="Records"] tbody tr');
        costs.sort((a, b) => a - b);
        resolve({ frames, ms: now - t0, worst, top: box.scrollTop,
          firstRow: Number(first && first.getAttribute('aria-rowindex')),
          styleLayout: costs[costs.length >> 1] ?? 0 });
        return;
      }
      const before = performance.now();
      document.body.offsetHeight;
      costs.push(performance.now() - before);
      box.scrollTop += ${PX_PER_FRAME};
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`;
}

// The floor: a box of the grid's size and scroll height laid over it in the same page, holding
// nothing — what this browser's frame loop gives when scrolling costs the page nothing.
const EMPTY_BOX = `(() => {
  const grid = document.querySelector('.records-grid');
  const rect = grid.getBoundingClientRect();
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;overflow:auto;contain:strict;background:#fff;z-index:99;'
    + 'left:' + rect.left + 'px;top:' + rect.top + 'px;width:' + rect.width + 'px;height:' + rect.height + 'px';
  const inner = document.createElement('div');
  inner.style.height = grid.scrollHeight + 'px';
  box.appendChild(inner);
  document.body.appendChild(box);
  return box;
})()`;

const fps = (r: ScrollResult) => r.frames / (r.ms / 1000);

/**
 * Where the rows land once the grid is scrolled to `fraction` of its range (past the browsers'
 * height cap the range is scaled, grid-scroll.ts): the rows under the top and the bottom of the
 * scroll box's visible part, read with elementFromPoint after two frames — the rows a user sees,
 * not the DOM's order.
 */
function placementScript(fraction: number): string {
  return `new Promise((resolve) => {
    const box = document.querySelector('.records-grid');
    // elementFromPoint sees only the window: the whole grid in it first.
    box.scrollIntoView({ block: 'start' });
    box.scrollTop = (box.scrollHeight - box.clientHeight) * ${fraction};
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const rect = box.getBoundingClientRect();
      const header = box.querySelector('thead').getBoundingClientRect().height;
      const x = rect.left + box.clientLeft + 60;
      const hits = [];
      const rowAt = (y) => {
        const hit = document.elementFromPoint(x, y);
        hits.push(hit ? hit.tagName + '.' + hit.className : 'nothing');
        const row = hit?.closest('tr[aria-rowindex]');
        return row ? Number(row.getAttribute('aria-rowindex')) : null;
      };
      resolve({
        top: rowAt(rect.top + box.clientTop + header + 4),
        bottom: rowAt(rect.top + box.clientTop + box.clientHeight - 4),
        rows: Number(box.querySelector('table').getAttribute('aria-rowcount')),
        fitting: Math.floor((box.clientHeight - header) / 28),
        hits: hits.join(', '),
      });
    }));
  })`;
}

interface Placement {
  hits: string;
  top: number | null;
  bottom: number | null;
  rows: number;
  fitting: number;
}

/** Throws unless the rows at `fraction` of the range are there, contiguous, in proportion. */
async function checkPlacement(page: Page, fraction: number) {
  const at = (await page.evaluate(placementScript(fraction))) as Placement;
  const expected = Math.round(fraction * (at.rows - at.fitting)) + 1;
  const ok =
    at.top !== null &&
    at.bottom !== null &&
    Math.abs(at.top - expected) <= 2 &&
    at.bottom - at.top >= at.fitting - 1 &&
    at.bottom - at.top <= at.fitting + 1 &&
    (fraction < 1 || at.bottom === at.rows);
  if (!ok) {
    throw new Error(
      `scrolled to ${fraction * 100}% of the range: rows ${at.top}–${at.bottom} on screen, expected ${expected}–${expected + at.fitting} of ${at.rows} (the points hit ${at.hits})`,
    );
  }
}

/**
 * Frames per second while the open 1M table scrolls: every animation frame moves the grid's
 * scroll box 120 px (~7,000 px/s at 60 fps, a brisk wheel scroll) for 4 s, and
 * the frames that ran are counted. A frame the page can't render in time is a frame missed,
 * so slow row rendering shows up as a lower rate. Then, in the same page, the floor: an empty
 * box of the grid's size scrolled the same way — the rate when scrolling costs the page
 * nothing. Median of BENCH_RUNS fresh browsers; BENCH_CPU_PROFILE and BENCH_TRACE record the
 * scroll itself.
 */
export const bench: Benchmark = {
  name: 'scroll-1m',
  description: '1M-row table: requestAnimationFrame rate during a 4 s programmatic scroll',
  timeoutS: 1800,
  async run(ctx) {
    const floors: number[] = [];
    const styleLayout: number[] = [];
    const rates = await measureRuns(ctx, ctx.cheapRuns, async (page, i) => {
      const cpu = await startCpuProfile(page);
      const trace = await startTrace(page);
      const result = (await page.evaluate(
        scrollScript(`document.querySelector('.records-grid')`),
      )) as ScrollResult;
      await cpu?.stop(`${ctx.bench}-scroll-run-${i + 1}`);
      await trace?.stop(`${ctx.bench}-run-${i + 1}`);
      if (!(result.firstRow > 100)) {
        throw new Error(`scroll run ${i + 1}: no rows rendered where the grid scrolled to`);
      }
      // The rate means nothing if the rows are not where the scroll bar says.
      for (const fraction of [0.5, 0.9, 1]) await checkPlacement(page, fraction);
      const floor = (await page.evaluate(scrollScript(EMPTY_BOX))) as ScrollResult;
      floors.push(fps(floor));
      styleLayout.push(result.styleLayout);
      log(
        `${ctx.bench}: run ${i + 1}: ${fps(result).toFixed(1)} fps (empty box ${fps(floor).toFixed(1)}), style and layout ${result.styleLayout.toFixed(1)} ms a frame, worst frame ${result.worst.toFixed(0)} ms, scrolled to ${result.top} px (row ${result.firstRow})`,
      );
      return fps(result);
    });
    emitMedian(ctx, 'fps', 'fps', rates);
    emitMedian(ctx, 'floor_fps', 'fps', floors);
    const ratios = rates.map((rate, i) => rate / floors[i]!);
    emitMedian(ctx, 'ratio', 'x', ratios);
    emitMedian(ctx, 'style_layout_ms', 'ms', styleLayout);
  },
};
