import { download1m } from './dataset-1m.ts';
import type { Benchmark } from './types.ts';

/** 1,000,000 T1w records, no latency: one run; the profile is kept for reopen-1m. */
export const bench: Benchmark = {
  name: 'ingest-1m',
  description: '1,000,000 T1w records, no latency: seconds from Download to done, peak JS heap',
  timeoutS: 1500,
  async run(ctx) {
    const result = await download1m(ctx, 'ingest 1M');
    ctx.emit({ metric: 'seconds', value: result.seconds, unit: 's' });
    ctx.emit({
      metric: 'peak_heap_mb',
      value: result.peakHeapMb,
      unit: 'MB',
      note: `page ${Math.round(result.peakPageMb)} MB, workers ${Math.round(result.peakWorkersMb)} MB at their own peaks`,
    });
  },
};
