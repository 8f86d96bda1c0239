import { statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ByteBuffer, encodeRows } from '../src/export/csv-bytes.ts';
import { type BlockCells, type RowWriter, unparseRows } from '../src/export/csv-rows.ts';
import { installProbe, queryUrl, waitForDone } from './app-driver.ts';
import { openBrowser } from './browser.ts';
import type { BenchContext } from './context.ts';
import { MIRROR_1M, profileWith1m, RECORDS_1M } from './dataset-1m.ts';
import { HeapSampler } from './heap.ts';
import { log, sleep } from './stats.ts';
import type { Benchmark } from './types.ts';

const MB = 2 ** 20;

/**
 * Where the file goes. `file`: the File System Access path, the one Chrome and Edge users take
 * (headless Chromium's own picker closes at once, so the picker is stubbed to hand out a file
 * of the origin-private file system: real disk writes through `createWritable`). `download`:
 * the Blob path of browsers without the picker.
 */
export type Target = 'file' | 'download';

const OPFS_FILE = 'export-1m-bench.csv';

function pickerScript(target: Target): string {
  return target === 'download'
    ? `Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });`
    : `Object.defineProperty(window, 'showSaveFilePicker', { configurable: true, value: async () =>
        (await navigator.storage.getDirectory()).getFileHandle(${JSON.stringify(OPFS_FILE)}, { create: true }) });`;
}

/**
 * In the page's clock: the Export click, and when the outcome (done or error) shows. Plain
 * JavaScript text: tsx's \`__name\` helpers don't exist in the page.
 */
const EXPORT_PROBE = `(() => {
  const t = { click: null, end: null, state: null, text: null, longestTask: 0 };
  window.__exportTimes = t;
  // The page's longest task while the export runs: the main thread must stay responsive.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (t.click !== null && t.end === null) t.longestTask = Math.max(t.longestTask, entry.duration);
    }
  }).observe({ type: 'longtask' });
  document.addEventListener('click', (event) => {
    const b = event.target && event.target.closest ? event.target.closest('button') : null;
    if (b && /^Export (CSV|TSV|Parquet)$/.test((b.textContent || '').trim())) t.click = performance.now();
  }, true);
  new MutationObserver(() => {
    if (t.end !== null || t.click === null) return;
    const el = document.querySelector('[aria-label="Export result"][data-state]');
    if (!el) return;
    t.end = performance.now();
    t.state = el.getAttribute('data-state');
    t.text = (el.textContent || '').trim();
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

interface ExportTimes {
  click: number | null;
  end: number | null;
  state: string | null;
  text: string | null;
  longestTask: number;
}

async function waitUntilEnabled(page: Page, name: string, timeoutS: number): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  const started = Date.now();
  while (!(await button.isEnabled().catch(() => false))) {
    if (Date.now() - started > timeoutS * 1000) {
      throw new Error(`export-1m: no enabled button "${name}" after ${timeoutS} s`);
    }
    await sleep(250);
  }
}

async function waitForOutcome(page: Page, timeoutS: number, label: string) {
  const started = Date.now();
  while (true) {
    const t = (await page.evaluate('window.__exportTimes')) as ExportTimes;
    if (t.end !== null && t.click !== null) {
      if (t.state !== 'done') throw new Error(`${label}: the export ended ${t.state}: ${t.text}`);
      return { ms: t.end - t.click, text: t.text ?? '', longestTaskMs: t.longestTask };
    }
    if (Date.now() - started > timeoutS * 1000)
      throw new Error(`${label}: no outcome after ${timeoutS} s`);
    await sleep(250);
  }
}

export interface ExportRun {
  seconds: number;
  bytes: number;
  heapGrowthMb: number;
  /** The page's longest task (Long Tasks API, ≥ 50 ms; 0 = none) from click to outcome. */
  longestTaskMs: number;
}

/**
 * One export of the stored 1M dataset in a fresh browser on the kept profile: open the query,
 * wait for the table, choose the columns, click Export CSV, time until the file is complete
 * (the app says "Saved", or the browser finished the download). Heap: the page's and workers'
 * V8 heap, sampled every 250 ms; growth = peak during the export − the heap just before the
 * click (after a forced GC).
 */
export async function exportOnce(
  ctx: BenchContext,
  o: {
    /** The Format control's choice (CSV by default). */
    format?: 'csv' | 'tsv' | 'parquet';
    profile: string;
    api: string;
    target: Target;
    columns: 'all' | 'visible';
    label: string;
    extra?: Record<string, string>;
  },
): Promise<ExportRun> {
  const session = await openBrowser(o.profile);
  try {
    const { page } = session;
    await session.context.addInitScript({ content: pickerScript(o.target) });
    await session.context.addInitScript({ content: EXPORT_PROBE });
    await installProbe(session.context);
    const sampler = await HeapSampler.attach(page);
    await page.goto(queryUrl(ctx.app.url, o.api, o.extra));
    await waitForDone(page, RECORDS_1M, { timeoutS: 180, until: 'ready', label: o.label });
    await waitUntilEnabled(page, 'Export CSV', 300);
    await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption(o.columns);
    await page.getByRole('combobox', { name: 'Format' }).selectOption(o.format ?? 'csv');
    const button = `Export ${{ csv: 'CSV', tsv: 'TSV', parquet: 'Parquet' }[o.format ?? 'csv']}`;
    await sleep(1000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const before = await sampler.sample();
    sampler.peakBytes = before;
    sampler.start(250);
    const downloading =
      o.target === 'download' ? page.waitForEvent('download', { timeout: 1_800_000 }) : null;
    const clickedAt = Date.now();
    await page.getByRole('button', { name: button, exact: true }).click();
    const outcome = await waitForOutcome(page, 1800, o.label);
    let seconds = outcome.ms / 1000;
    let bytes: number;
    if (downloading) {
      const download = await downloading;
      const failure = await download.failure();
      if (failure) throw new Error(`${o.label}: the browser's download failed: ${failure}`);
      const path = await download.path();
      // The download is complete on disk only now: count until here (Node's clock).
      seconds = Math.max(seconds, (Date.now() - clickedAt) / 1000);
      bytes = statSync(path).size;
      await download.delete();
    } else {
      bytes = (await page.evaluate(`(async () => {
        const root = await navigator.storage.getDirectory();
        const size = (await (await root.getFileHandle(${JSON.stringify(OPFS_FILE)})).getFile()).size;
        await root.removeEntry(${JSON.stringify(OPFS_FILE)});
        return size;
      })()`)) as number;
    }
    const heap = await sampler.stop();
    const gc = await page.context().newCDPSession(page);
    await gc.send('HeapProfiler.collectGarbage');
    const afterGc = (await gc.send('Runtime.getHeapUsage')).usedSize / MB;
    await gc.detach();
    ctx.log(
      `${o.label}: heap peak page ${heap.peakPageMb.toFixed(0)} MB, workers ${heap.peakWorkersMb.toFixed(0)} MB; page after a GC ${afterGc.toFixed(0)} MB`,
    );
    const run: ExportRun = {
      seconds,
      bytes,
      heapGrowthMb: heap.peakMb - before / MB,
      longestTaskMs: outcome.longestTaskMs,
    };
    ctx.log(
      `${o.label}: ${(bytes / MB).toFixed(0)} MB in ${seconds.toFixed(1)} s = ${(bytes / MB / seconds).toFixed(1)} MB/s; heap ${(before / MB).toFixed(0)} MB before, peak ${heap.peakMb.toFixed(0)} MB (+${run.heapGrowthMb.toFixed(0)} MB); longest page task ${run.longestTaskMs.toFixed(0)} ms; "${outcome.text}"`,
    );
    return run;
  } finally {
    await session.close();
  }
}

/**
 * The two row writers on the same cells, in this process (V8, like Chromium): a block shaped
 * like the 1M dataset's rows (mostly doubles, some dictionary text, some unique hex strings).
 */
function compareWriters(): Record<RowWriter, number> {
  const rows = 20_000;
  let seed = 1;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const hex = () => Math.floor(random() * 2 ** 52).toString(16);
  const columns: BlockCells[] = [];
  for (let c = 0; c < 90; c++)
    columns.push(Float64Array.from({ length: rows }, () => (random() - 0.3) * 10 ** (c % 7)));
  for (let c = 0; c < 10; c++)
    columns.push(Array.from({ length: rows }, () => ['Siemens', 'GE', 'Philips'][c % 3]));
  for (let c = 0; c < 7; c++) columns.push(Array.from({ length: rows }, () => hex() + hex()));
  const out = {} as Record<RowWriter, number>;
  const buffer = new ByteBuffer();
  const write = (writer: RowWriter, from: number, to: number): number => {
    if (writer === 'papaparse') return Buffer.byteLength(unparseRows(columns, from, to, 'csv'));
    buffer.reset();
    encodeRows(columns, from, to, 'csv', buffer);
    return buffer.length;
  };
  for (const writer of ['papaparse', 'fast'] as RowWriter[]) {
    write(writer, 0, 2000); // warm-up
    let bytes = 0;
    const started = performance.now();
    for (let from = 0; from < rows; from += 2300)
      bytes += write(writer, from, Math.min(rows, from + 2300));
    out[writer] = bytes / MB / ((performance.now() - started) / 1000);
  }
  return out;
}

/**
 * Export CSV, all columns, of the stored 1M dataset (the unsorted "all rows" view: stored
 * order), through the Blob download a browser without the File System Access API uses.
 * Goals: ≥ 40 MB/s, heap growth ≤ 300 MB.
 */
export const bench: Benchmark = {
  name: 'export-1m',
  description: 'Export CSV, all columns, stored 1M dataset → file downloaded (MB/s, heap growth)',
  timeoutS: 3600,
  async run(ctx) {
    const writers = compareWriters();
    log(
      `export-1m: row writers in Node: papaparse ${writers.papaparse.toFixed(0)} MB/s, fast ${writers.fast.toFixed(0)} MB/s`,
    );
    ctx.emit({ metric: 'writer_papaparse_mb_per_s', value: writers.papaparse, unit: 'MB/s' });
    ctx.emit({ metric: 'writer_fast_mb_per_s', value: writers.fast, unit: 'MB/s' });

    const profile = await profileWith1m(ctx);
    const mirror = await ctx.mirror(MIRROR_1M);
    const run = (target: Target, label: string, extra?: Record<string, string>) =>
      exportOnce(ctx, { profile, api: mirror.api, target, columns: 'all', label, extra });
    const emit = (prefix: string, r: ExportRun) => {
      ctx.emit({ metric: `${prefix}mb_per_s`, value: r.bytes / MB / r.seconds, unit: 'MB/s' });
      ctx.emit({ metric: `${prefix}heap_growth_mb`, value: r.heapGrowthMb, unit: 'MB' });
      ctx.emit({ metric: `${prefix}longest_task_ms`, value: r.longestTaskMs, unit: 'ms' });
    };
    // The figure: the Blob download, until the browser has the whole file on disk.
    let failure: unknown = null;
    try {
      const download = await run('download', 'all columns, as a download');
      emit('', download);
      ctx.emit({ metric: 'seconds', value: download.seconds, unit: 's' });
      ctx.emit({ metric: 'file_mb', value: download.bytes / MB, unit: 'MB' });
    } catch (error) {
      // Chromium drops Blob data it can't page to disk fast enough (README): say so, go on.
      failure = error;
      ctx.log(`the download path failed: ${error instanceof Error ? error.message : error}`);
    }
    // What Chrome and Edge users get: streamed into the picked file.
    emit('file_', await run('file', 'all columns, into a file'));
    // Sorted by an IQM, each window of rows is spread over every stored chunk.
    emit(
      'sorted_file_',
      await run('file', 'all columns sorted by cjv, into a file', { sort: 'cjv' }),
    );
    if (failure) throw failure;
  },
};
