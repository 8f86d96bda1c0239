import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppServer, BUILD_DIR, startApp } from './app-server.ts';
import { chromiumVersion, closeBrowsers, removeProfiles } from './browser.ts';
import { BenchContext } from './context.ts';
import { stopAll } from './processes.ts';
import { BENCHMARKS } from './registry.ts';
import { log, sleep } from './stats.ts';
import type { Benchmark, Figure } from './types.ts';

/**
 * `npm run bench -- [NAME…]` (`npx tsx bench/run.ts [NAME…]`): builds the app, serves it, runs
 * the named benchmarks (all by default) in registry order, prints each figure as one JSON line
 * on stdout (logs go to stderr) and writes them all to bench/results/latest.json.
 * `--list` prints the names. Env: BENCH_RUNS (runs of cheap figures, default 3),
 * BENCH_PAGES_CAP_S (page-plan cap, default 150), BENCH_VERBOSE=1 (child output),
 * BENCH_KEEP_BUILD=1 (keep dist-bench/), CHROMIUM_PATH.
 */

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  chromium: string;
  platform: string;
  date: string;
}

type Entry = (Figure | { bench: string; error: string }) & { machine: Machine };

function select(args: string[]): Benchmark[] {
  if (args.length === 0) return [...BENCHMARKS];
  const known = new Map(BENCHMARKS.map((b) => [b.name, b]));
  const unknown = args.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}\nknown: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
    );
    process.exit(2);
  }
  return BENCHMARKS.filter((b) => args.includes(b.name));
}

/** Runs one benchmark under its time limit; on timeout, closes its browsers so it unwinds. */
async function runOne(ctx: BenchContext, bench: Benchmark): Promise<void> {
  ctx.bench = bench.name;
  const started = Date.now();
  log(`${bench.name}: ${bench.description}`);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`over its ${bench.timeoutS} s limit`)),
      bench.timeoutS * 1000,
    );
  });
  const work = bench.run(ctx);
  try {
    await Promise.race([work, limit]);
  } catch (error) {
    await closeBrowsers();
    await Promise.race([work.catch(() => undefined), sleep(10_000)]);
    throw error;
  } finally {
    clearTimeout(timer);
    log(`${bench.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

async function cleanup(app: AppServer | null, ctx: BenchContext | null): Promise<void> {
  await closeBrowsers();
  await ctx?.stopMirror().catch(() => undefined);
  await app?.stop().catch(() => undefined);
  await stopAll();
  removeProfiles();
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const b of BENCHMARKS) process.stdout.write(`${b.name}\t${b.description}\n`);
    return 0;
  }
  const chosen = select(args);
  let app: AppServer | null = null;
  let ctx: BenchContext | null = null;
  // Ctrl-C reaches the runner twice (from the terminal, and relayed by tsx): the first starts
  // the cleanup, later ones are ignored; a cleanup that hangs is cut off after 20 s, and the
  // exit hook below still kills every child and removes profiles and the build.
  let stopping = false;
  const interrupted = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping servers and browsers`);
    setTimeout(() => process.exit(130), 20_000).unref();
    void cleanup(app, ctx).finally(() => process.exit(130));
  };
  process.on('SIGINT', () => interrupted('SIGINT'));
  process.on('SIGTERM', () => interrupted('SIGTERM'));
  process.on('exit', () => {
    removeProfiles();
    if (process.env.BENCH_KEEP_BUILD !== '1') rmSync(BUILD_DIR, { recursive: true, force: true });
  });

  const entries: Entry[] = [];
  let failures = 0;
  try {
    const machine: Machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: await chromiumVersion(),
      platform: `${process.platform}-${process.arch}`,
      date: new Date().toISOString(),
    };
    log(`machine: ${JSON.stringify(machine)}`);
    app = await startApp();
    ctx = new BenchContext(app, Math.max(1, Number(process.env.BENCH_RUNS ?? 3)));
    for (const bench of chosen) {
      const before = ctx.figures.length;
      try {
        await runOne(ctx, bench);
      } catch (error) {
        failures++;
        const message = error instanceof Error ? error.message : String(error);
        log(`${bench.name} FAILED: ${message}`);
        entries.push({ bench: bench.name, error: message, machine });
      }
      for (const figure of ctx.figures.slice(before)) entries.push({ ...figure, machine });
    }
  } finally {
    await cleanup(app, ctx);
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(entries, null, 2)}\n`);
    log(`${entries.length} entries written to ${RESULTS}`);
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(
      `bench run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
