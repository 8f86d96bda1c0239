import { ingestOnce } from './ingest.ts';
import type { Benchmark } from './types.ts';

const RECORDS = 1_000_000;
const PAGE_SIZE = 50;

/**
 * Simulated cost per document skipped by `page=N` (Eve turns it into `skip((N-1)*max_results)`).
 *
 * Why 300 ns: MongoDB cannot jump to an offset; it walks the `_id` index to the skip point and,
 * because the query also filters on `provenance.software` (not indexed), fetches each walked
 * document to test it before counting it as skipped. Reports of index-walk skips put this at
 * roughly 0.1 µs per document (covered, in cache) and of fetching skips at ~1 µs per document
 * (`skip(1_000_000)` taking ~0.3–1 s on a typical server). 300 ns is the geometric middle of
 * that range, so the page plan is neither flattered nor caricatured. The mirror spins on its one
 * thread for the cost, so concurrent deep pages queue behind each other, as on a busy single
 * mongod core; a multi-core server would overlap them, by at most the number of requests in
 * flight (4), which changes no conclusion below.
 */
export const SKIP_COST_NS = 300;

/**
 * At 1M records (20,000 pages) the page plan skips M·Σ(p−1) = 50·20000·19999/2 ≈ 1.0e10
 * documents in all: ≈ 3,000 s of skip cost at 300 ns. That is beyond the run's budget, so the
 * page plan runs for PAGES_CAP_S, then the rest is extrapolated (and marked so).
 */
const PAGES_CAP_S = Number(process.env.BENCH_PAGES_CAP_S ?? 150);

/**
 * The rest of a capped page-plan run: pages are handed out in order, so the k pages done are
 * about 1..k; pages k+1..P still owe their skip cost (serialised in the mirror) plus the
 * per-record cost of everything else, taken from the keyset run on the same data, which skips
 * nothing.
 */
export function extrapolatePages(o: {
  elapsedS: number;
  fetched: number;
  records: number;
  keysetS: number;
  skipCostNs: number;
}): { totalS: number; modelCheck: number } {
  const pages = Math.ceil(o.records / PAGE_SIZE);
  const k = Math.floor(o.fetched / PAGE_SIZE);
  const skipped = (n: number) => (PAGE_SIZE * n * (n - 1)) / 2; // docs skipped by pages 1..n
  const perRecordS = o.keysetS / o.records;
  const skipRestS = ((skipped(pages) - skipped(k)) * o.skipCostNs) / 1e9;
  const restS = (o.records - o.fetched) * perRecordS;
  // The same model's prediction of the part measured: near 1 means the model fits.
  const predictedSoFar = (skipped(k) * o.skipCostNs) / 1e9 + o.fetched * perRecordS;
  return { totalS: o.elapsedS + skipRestS + restS, modelCheck: predictedSoFar / o.elapsedS };
}

/**
 * Both plans against one mirror with skip cost modelled; the plan is chosen with the `plan`
 * URL param (keyset | pages), which the UI passes to the engine as JobSpec.strategy.
 */
export const bench: Benchmark = {
  name: 'keyset-vs-pages-1m',
  description: `1M records, skip cost ${SKIP_COST_NS} ns/doc: keyset plan vs page plan`,
  timeoutS: 1500 + PAGES_CAP_S,
  async run(ctx) {
    const mirror = await ctx.mirror({ records: RECORDS, skipCostNs: SKIP_COST_NS });
    const keyset = await ingestOnce(ctx, mirror, {
      records: RECORDS,
      plan: 'keyset',
      timeoutS: 1200,
      label: 'keyset plan',
    });
    ctx.emit({
      metric: 'seconds_keyset',
      value: keyset.seconds,
      unit: 's',
      note: `skip cost ${SKIP_COST_NS} ns/doc`,
    });
    const pages = await ingestOnce(ctx, mirror, {
      records: RECORDS,
      plan: 'pages',
      timeoutS: PAGES_CAP_S + 60,
      capS: PAGES_CAP_S,
      label: 'page plan',
    });
    if (!pages.capped) {
      ctx.emit({
        metric: 'seconds_pages',
        value: pages.seconds,
        unit: 's',
        note: `skip cost ${SKIP_COST_NS} ns/doc`,
      });
      return;
    }
    const { totalS, modelCheck } = extrapolatePages({
      elapsedS: pages.seconds,
      fetched: pages.fetched,
      records: RECORDS,
      keysetS: keyset.seconds,
      skipCostNs: SKIP_COST_NS,
    });
    ctx.log(
      `page plan capped at ${pages.seconds.toFixed(0)} s with ${pages.fetched} records; model/measured so far = ${modelCheck.toFixed(2)}`,
    );
    ctx.emit({
      metric: 'seconds_pages_extrapolated',
      value: totalS,
      unit: 's',
      extrapolated: true,
      note:
        `EXTRAPOLATED: ran ${pages.seconds.toFixed(0)} s (${pages.fetched} of ${RECORDS} records), rest = ` +
        `remaining skip cost at ${SKIP_COST_NS} ns/doc + remaining records at the keyset run's per-record time; ` +
        `model/measured on the part run = ${modelCheck.toFixed(2)}`,
    });
  },
};
