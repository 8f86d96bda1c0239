import { queryUrl } from './app-driver.ts';
import { openBrowser } from './browser.ts';
import { MIRROR_1M } from './dataset-1m.ts';
import { pacedCopy } from './paced-1m.ts';
import { log, sleep } from './stats.ts';
import { compactionMarks, installLongTasks, longestTask } from './store-probe.ts';
import type { Benchmark } from './types.ts';

/**
 * Compacting the 1M dataset stored in 1,000-record appends (paced-1m.ts): the app opened on the
 * Compare tab (which reads no column until a file is dropped), so the compactor the open asks
 * for is all that runs. Seconds from the compactor's start to its end (its marks on the page
 * timeline), and the longest main-thread task meanwhile (the page must stay responsive: the
 * work is in a worker). One run.
 */
export const bench: Benchmark = {
  name: 'compact-1m',
  description:
    '1M records stored in 1,000-record appends → compacted (seconds; longest main-thread task meanwhile)',
  timeoutS: 5400,
  async run(ctx) {
    const profile = await pacedCopy(ctx);
    const mirror = await ctx.mirror(MIRROR_1M);
    const session = await openBrowser(profile);
    try {
      await installLongTasks(session.context);
      await session.page.goto(queryUrl(ctx.app.url, mirror.api, { view: 'compare' }));
      const started = Date.now();
      for (;;) {
        const marks = await compactionMarks(session.page);
        const end = marks.find((m) => m.type === 'finished' || m.type === 'failed');
        const start = marks.find((m) => m.type === 'started');
        if (end && start) {
          if (end.type === 'failed')
            throw new Error(`compaction failed: ${JSON.stringify(end.detail)}`);
          const detail = end.detail as { result: { type: string; rows?: number; bytes?: number } };
          if (detail.result.type !== 'compacted') {
            throw new Error(`the compactor did not compact: ${JSON.stringify(detail.result)}`);
          }
          const seconds = (end.at - start.at) / 1000;
          const longest = await longestTask(session.page, start.at, end.at);
          log(
            `compact-1m: ${detail.result.rows} rows, ${((detail.result.bytes ?? 0) / 2 ** 20).toFixed(0)} MB of segments in ${seconds.toFixed(1)} s; longest main-thread task ${longest.toFixed(0)} ms`,
          );
          ctx.emit({ metric: 'seconds', value: seconds, unit: 's' });
          ctx.emit({ metric: 'longest_task_ms', value: longest, unit: 'ms' });
          return;
        }
        if (Date.now() - started > 3600_000) throw new Error('no compaction after an hour');
        await sleep(500);
      }
    } finally {
      await session.close();
    }
  },
};
