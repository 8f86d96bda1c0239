import type { AppServer } from './app-server.ts';
import { newProfile } from './browser.ts';
import { type Mirror, type MirrorSpec, sameSpec, startMirror } from './mirror.ts';
import { log, round } from './stats.ts';
import type { Figure } from './types.ts';

/**
 * What a benchmark gets from the runner: the served app, mirrors (one at a time on the bench
 * port; a mirror with the same options is reused by the next benchmark), profiles, state
 * shared between benchmarks of one run (e.g. the profile holding the 1M dataset), and emit().
 */
export class BenchContext {
  bench = '';
  private current: Mirror | null = null;
  readonly shared = new Map<string, unknown>();
  readonly figures: Figure[] = [];

  constructor(
    readonly app: AppServer,
    /** Runs for figures cheap enough to repeat (≤ 20k records); BENCH_RUNS overrides. */
    readonly cheapRuns: number,
  ) {}

  async mirror(spec: MirrorSpec): Promise<Mirror> {
    if (this.current && sameSpec(this.current.spec, spec)) return this.current;
    await this.stopMirror();
    this.current = await startMirror(spec);
    return this.current;
  }

  async stopMirror(): Promise<void> {
    const mirror = this.current;
    this.current = null;
    if (mirror) await mirror.stop();
  }

  newProfile(label: string = this.bench): string {
    return newProfile(label);
  }

  /** Prints one figure as a JSON line on stdout and keeps it for results/latest.json. */
  emit(figure: Omit<Figure, 'bench'>): void {
    const full: Figure = { bench: this.bench, ...figure, value: round(figure.value) };
    if (full.values) full.values = full.values.map((v) => round(v));
    this.figures.push(full);
    process.stdout.write(`${JSON.stringify(full)}\n`);
  }

  log(message: string): void {
    log(`${this.bench}: ${message}`);
  }
}
