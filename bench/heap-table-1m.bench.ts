import { queryUrl } from './app-driver.ts';
import { openBrowser } from './browser.ts';
import { MIRROR_1M, profileWith1m } from './dataset-1m.ts';
import { HeapSampler } from './heap.ts';
import { log, sleep } from './stats.ts';
import { installTableProbe, waitForTable } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

/**
 * JS heap with the 1M table open: the peak of the page and its workers (HeapSampler, every
 * 250 ms) from navigation until 3 s after the grid settled. V8's heap leaves out ArrayBuffer
 * backing stores (the typed-array columns); where Chromium reports them
 * (`backingStorageSize`), the note gives them too. One run (the figure barely moves).
 */
export const bench: Benchmark = {
  name: 'heap-table-1m',
  description: '1M-row table open: peak JS heap (page + workers)',
  timeoutS: 1800,
  async run(ctx) {
    const profile = await profileWith1m(ctx);
    const mirror = await ctx.mirror(MIRROR_1M);
    const session = await openBrowser(profile);
    try {
      await installTableProbe(session.context);
      const sampler = await HeapSampler.attach(session.page);
      sampler.start(250);
      await session.page.goto(queryUrl(ctx.app.url, mirror.api, { view: 'table' }));
      const readyMs = await waitForTable(session.page, 'heap-table');
      await sleep(3000);
      const heap = await sampler.stop();
      const cdp = await session.context.newCDPSession(session.page);
      const usage = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
      await cdp.detach();
      const backing =
        usage.backingStorageSize === undefined
          ? 'not reported'
          : `${Math.round(usage.backingStorageSize / 2 ** 20)} MB`;
      log(
        `${ctx.bench}: table ready after ${(readyMs / 1000).toFixed(2)} s; peak heap ${heap.peakMb.toFixed(0)} MB (page ${heap.peakPageMb.toFixed(0)}, workers ${heap.peakWorkersMb.toFixed(0)}); settled heap ${(usage.usedSize / 2 ** 20).toFixed(0)} MB; ArrayBuffers ${backing}`,
      );
      ctx.emit({
        metric: 'heap_mb',
        value: heap.peakMb,
        unit: 'MB',
        note: `peak page ${Math.round(heap.peakPageMb)} MB, workers ${Math.round(heap.peakWorkersMb)} MB; settled ${Math.round(usage.usedSize / 2 ** 20)} MB; ArrayBuffer backing stores ${backing}`,
      });
    } finally {
      await session.close();
    }
  },
};
