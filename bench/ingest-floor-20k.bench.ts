import { openBrowser, removeProfile } from './browser.ts';
import type { BenchContext } from './context.ts';
import { ingestOnce } from './ingest.ts';
import { median } from './stats.ts';
import type { Benchmark } from './types.ts';

/**
 * The floor of a browser download: a bare client in the same Chromium, against the same mirror
 * as ingest-20k, doing only what any download must — keyset requests (`_id` ranges, split to
 * keep 4 in flight, as the app's planner does), `JSON.parse`, nothing kept — in a dedicated
 * worker, as the app's engine runs. records/s from its first request to its last answer; the
 * app's ingest-20k measured in the same run gives `ratio` = ingest-20k / this.
 *
 * Plain JavaScript text (see app-driver.ts), run in a worker made from a Blob URL.
 */
const RECORDS = 20_000;

const CLIENT = `
const toBig = (id) => BigInt('0x' + id);
const fromBig = (n) => n.toString(16).padStart(24, '0');
onmessage = async ({ data: { api, filter, inFlight } }) => {
  const get = async (params) => {
    const url = api + '/T1w?' + new URLSearchParams(params);
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(url + ': ' + response.status);
    return JSON.parse(await response.text());
  };
  const where = (lo, hi) => {
    const id = {};
    if (lo !== null) id.$gt = lo;
    if (hi !== null) id.$lte = hi;
    return JSON.stringify({ $and: [filter, { _id: id }] });
  };
  const t0 = performance.now();
  let records = 0;
  const first = await get({ where: JSON.stringify(filter), sort: '_id', max_results: 500, page: 1 });
  const last = await get({ where: JSON.stringify(filter), sort: '-_id', max_results: 1, page: 1 });
  const pageSize = first._meta.max_results;
  const lo = toBig(first._items[0]._id);
  const span = toBig(last._items[0]._id) - lo;
  const parts = BigInt(2 * inFlight);
  const ranges = [];
  for (let i = 0n; i < parts; i++) {
    ranges.push({
      cursor: i === 0n ? null : fromBig(lo + (span * i) / parts),
      hi: i === parts - 1n ? last._items[0]._id : fromBig(lo + (span * (i + 1n)) / parts),
      busy: false,
      done: false,
    });
  }
  const next = () => {
    const idle = ranges.find((r) => !r.busy && !r.done);
    if (idle) return idle;
    // Nothing waiting: split the widest range in flight, as the app does to keep slots busy.
    let widest = null;
    for (const r of ranges) {
      if (r.done || r.cursor === null) continue;
      const d = toBig(r.hi) - toBig(r.cursor);
      if (d > 1n && (!widest || d > toBig(widest.hi) - toBig(widest.cursor))) widest = r;
    }
    if (!widest) return null;
    const mid = fromBig(toBig(widest.cursor) + (toBig(widest.hi) - toBig(widest.cursor)) / 2n);
    const split = { cursor: mid, hi: widest.hi, busy: false, done: false };
    widest.hi = mid;
    ranges.push(split);
    return split;
  };
  const slot = async () => {
    for (let range = next(); range; range = next()) {
      range.busy = true;
      const page = await get({ where: where(range.cursor, range.hi), sort: '_id', max_results: pageSize, page: 1 });
      const items = page._items.filter((item) => item._id <= range.hi);
      records += items.length;
      range.busy = false;
      if (items.length < page._items.length || page._items.length < pageSize) range.done = true;
      else range.cursor = items[items.length - 1]._id;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, slot));
  postMessage({ records, ms: performance.now() - t0 });
};
`;

/** One run of the bare client in a fresh browser: records/s. */
async function floorOnce(ctx: BenchContext, api: string, label: string): Promise<number> {
  const profile = ctx.newProfile();
  const session = await openBrowser(profile);
  try {
    await session.page.goto(ctx.app.url);
    const result = (await session.page.evaluate(
      ({ source, api }) =>
        new Promise((resolve, reject) => {
          const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
          const worker = new Worker(url);
          worker.onmessage = ({ data }) => resolve(data);
          worker.onerror = (e) => reject(new Error(e.message));
          const filter = { 'provenance.software': 'mriqc' };
          worker.postMessage({ api, filter, inFlight: 4 });
        }),
      { source: CLIENT, api },
    )) as { records: number; ms: number };
    if (result.records !== RECORDS) throw new Error(`${label}: ${result.records} records`);
    const rate = result.records / (result.ms / 1000);
    ctx.log(`${label}: ${(result.ms / 1000).toFixed(2)} s (${rate.toFixed(0)} records/s)`);
    return rate;
  } finally {
    await session.close();
    removeProfile(profile);
  }
}

/**
 * Runs the floor and the app's own download (as ingest-20k does) in turn, BENCH_RUNS times
 * each, so both see the same machine: the ratio compares medians of these paired runs.
 */
export const bench: Benchmark = {
  name: 'ingest-floor-20k',
  description:
    'a bare keyset client (4 in flight, JSON.parse, nothing kept) in a worker, on the ingest-20k mirror, in turn with the app: records/s of each, ratio = app / floor',
  timeoutS: 900,
  async run(ctx) {
    const mirror = await ctx.mirror({ records: RECORDS });
    const floor: number[] = [];
    const app: number[] = [];
    for (let i = 0; i < ctx.cheapRuns; i++) {
      floor.push(await floorOnce(ctx, mirror.api, `floor run ${i + 1}`));
      const result = await ingestOnce(ctx, mirror, {
        records: RECORDS,
        timeoutS: 300,
        label: `app run ${i + 1}`,
      });
      app.push(RECORDS / result.seconds);
    }
    const runs = (values: number[]) => (values.length > 1 ? { runs: values.length, values } : {});
    ctx.emit({ metric: 'records_per_s', value: median(floor), unit: 'records/s', ...runs(floor) });
    ctx.emit({ metric: 'app_records_per_s', value: median(app), unit: 'records/s', ...runs(app) });
    ctx.emit({
      metric: 'ratio',
      value: median(app) / median(floor),
      unit: 'x',
      note: 'app (ingest-20k) ÷ bare client, medians of runs taken in turn',
    });
  },
};
