import { ingestRateBench } from './ingest.ts';

/** 100,000 T1w records, no latency: one run (figures above 20k records are not repeated). */
export const bench = ingestRateBench('ingest-100k', 100_000, 1);
