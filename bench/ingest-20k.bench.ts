import { ingestRateBench } from './ingest.ts';

/** 20,000 T1w records, no latency: cheap, so the median of 3 runs (BENCH_RUNS overrides). */
export const bench = ingestRateBench('ingest-20k', 20_000, 'cheap');
