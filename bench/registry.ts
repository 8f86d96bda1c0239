import { bench as chart1m } from './chart-1m.bench.ts';
import { bench as compact1m } from './compact-1m.bench.ts';
import { bench as compare1m } from './compare-1m.bench.ts';
import { bench as dedup1m } from './dedup-1m.bench.ts';
import { bench as export1m } from './export-1m.bench.ts';
import { bench as exportParquet1m } from './export-parquet-1m.bench.ts';
import { bench as facetsLatency } from './facets-latency.bench.ts';
import { bench as heapTable1m } from './heap-table-1m.bench.ts';
import { bench as ingest1m } from './ingest-1m.bench.ts';
import { bench as ingest20k } from './ingest-20k.bench.ts';
import { bench as ingest100k } from './ingest-100k.bench.ts';
import { bench as ingestFloor20k } from './ingest-floor-20k.bench.ts';
import { bench as keysetVsPages1m } from './keyset-vs-pages-1m.bench.ts';
import { bench as latency20k } from './latency-20k.bench.ts';
import { bench as readFloor16 } from './read-floor-16.bench.ts';
import { bench as reopen1m } from './reopen-1m.bench.ts';
import { bench as responsiveDownload20k } from './responsive-download-20k.bench.ts';
import { bench as scroll1m } from './scroll-1m.bench.ts';
import { bench as sort1m } from './sort-1m.bench.ts';
import { bench as storageOpen1m } from './storage-open-1m.bench.ts';
import { bench as tableOpen1m } from './table-open-1m.bench.ts';
import { bench as tableOpen1mPaced } from './table-open-1m-paced.bench.ts';
import type { Benchmark } from './types.ts';

/**
 * Every benchmark, in the order a full run takes them: cheap ones first; ingest-1m before the
 * benches that reuse its stored dataset (reopen-1m now; issue 4's table-open-1m, sort-1m,
 * dedup-1m, scroll-1m, export-1m, heap-table-1m go right after it, calling profileWith1m());
 * the capped page-plan comparison last. To add one: write bench/<name>.bench.ts exporting
 * `bench`, and list it here.
 */
export const BENCHMARKS: readonly Benchmark[] = [
  ingest20k,
  ingestFloor20k,
  ingest100k,
  latency20k,
  facetsLatency,
  responsiveDownload20k,
  ingest1m,
  reopen1m,
  readFloor16,
  storageOpen1m,
  tableOpen1m,
  tableOpen1mPaced,
  compact1m,
  sort1m,
  dedup1m,
  scroll1m,
  heapTable1m,
  chart1m,
  compare1m,
  export1m,
  exportParquet1m,
  keysetVsPages1m,
];
