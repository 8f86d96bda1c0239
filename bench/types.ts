import type { BenchContext } from './context.ts';

/** One measured figure: printed as one JSON line on stdout and stored in results/latest.json. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** How many runs the value is the median of (absent = a single run). */
  runs?: number;
  /** Every run's value, when there were several. */
  values?: number[];
  /** Set when the value is a model-based estimate rather than a measurement. */
  extrapolated?: boolean;
  note?: string;
}

/**
 * A benchmark: one `bench/<name>.bench.ts` file exporting one of these, listed in registry.ts.
 * `run` emits its figures through `ctx.emit`; the runner owns processes, browsers and cleanup.
 */
export interface Benchmark {
  name: string;
  description: string;
  /** Hard limit for the whole benchmark, including its mirror start and browser launches. */
  timeoutS: number;
  run(ctx: BenchContext): Promise<void>;
}
