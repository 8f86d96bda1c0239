import { ingestOnce } from './ingest.ts';
import { median } from './stats.ts';
import type { Benchmark } from './types.ts';

const RECORDS = 20_000;

/**
 * 20,000 records behind 100 ms of latency per request (page limit 50: 400 pages). Serial
 * (1 request in flight, set with the "Requests in flight" control) against the UI's default,
 * alternating in each run so drift on the machine hits both alike; speedup = serial / default
 * per run, then the median.
 */
export const bench: Benchmark = {
  name: 'latency-20k',
  description: '20k records, mirror latency 100 ms: serial vs default concurrency',
  timeoutS: 900,
  async run(ctx) {
    const mirror = await ctx.mirror({ records: RECORDS, latencyMs: 100, pageLimit: 50 });
    const serial: number[] = [];
    const parallel: number[] = [];
    for (let i = 0; i < ctx.cheapRuns; i++) {
      const label = `run ${i + 1}/${ctx.cheapRuns}`;
      const one = await ingestOnce(ctx, mirror, {
        records: RECORDS,
        concurrency: 1,
        timeoutS: 200,
        label: `${label} serial`,
      });
      serial.push(one.seconds);
      const many = await ingestOnce(ctx, mirror, {
        records: RECORDS,
        timeoutS: 200,
        label: `${label} default`,
      });
      parallel.push(many.seconds);
    }
    const speedups = serial.map((s, i) => s / parallel[i]!);
    const runs = serial.length > 1 ? { runs: serial.length } : {};
    const values = (v: number[]) => (v.length > 1 ? { values: v } : {});
    ctx.emit({
      metric: 'seconds_serial',
      value: median(serial),
      unit: 's',
      ...runs,
      ...values(serial),
    });
    ctx.emit({
      metric: 'seconds_default',
      value: median(parallel),
      unit: 's',
      ...runs,
      ...values(parallel),
    });
    ctx.emit({
      metric: 'speedup',
      value: median(speedups),
      unit: 'x',
      ...runs,
      ...values(speedups),
    });
  },
};
