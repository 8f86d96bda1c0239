import { spawn } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { MIRROR_USAGE, type MirrorOptions, parseMirrorArgs } from './cli-options.ts';
import { DataFileError } from './data/load-data.ts';
import { type Database, STORED_RESOURCES } from './data/types.ts';
import { loadDatabase, startMirror } from './http/server.ts';

/**
 * `npm run mirror -- [options]`: parses the options (exit 2 with a message when they are bad),
 * re-runs itself with a larger heap when the requested dataset needs one, builds the data,
 * listens, and prints `mirror listening on http://HOST:PORT/api/v1` once ready (scripts and
 * tests wait for that line).
 */

/**
 * V8 heap per generated record, with headroom: the generator keeps records as typed-array
 * columns (about 90 heap bytes per record measured, plus ~600 bytes of ArrayBuffer storage
 * that `--max-old-space-size` does not count), so only very large datasets need a bigger heap.
 */
const HEAP_BYTES_PER_RECORD = 256;
const HEAP_BASE_MB = 512;
const REEXEC_FLAG = 'MIRROR_HEAP_REEXEC';

async function main(): Promise<void> {
  const parsed = parseMirrorArgs(process.argv.slice(2));
  if (parsed.type === 'help') {
    console.log(MIRROR_USAGE);
    return;
  }
  if (parsed.type === 'error') {
    console.error(`mirror: ${parsed.message}\nRun "npm run mirror -- --help" for the options.`);
    process.exit(2);
  }
  const options = parsed.options;
  const neededMb = heapNeededMb(options);
  if (neededMb > heapLimitMb() && !process.env[REEXEC_FLAG]) return reexecWithHeap(neededMb);
  const started = Date.now();
  const db = readData(options);
  const mirror = await startMirror(options, db);
  console.log(describeData(db, options, Date.now() - started));
  console.log(`mirror token for HEAD and POST: ${options.token}`);
  console.log(`mirror listening on ${mirror.url}`);
  const stop = () => {
    mirror.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The dataset; a malformed `--data` file is a bad option too (exit 2, naming the line). */
function readData(options: MirrorOptions): Database {
  try {
    return loadDatabase(options);
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    console.error(`mirror: --data ${error.message}`);
    process.exit(2);
  }
}

function heapNeededMb(options: MirrorOptions): number {
  const { T1w, T2w, bold } = options.records;
  const records = options.dataFile && !options.recordsGiven ? 0 : T1w + T2w + bold;
  return Math.ceil(HEAP_BASE_MB + (records * HEAP_BYTES_PER_RECORD) / 2 ** 20);
}

function heapLimitMb(): number {
  return getHeapStatistics().heap_size_limit / 2 ** 20;
}

/**
 * Runs this same command again with `--max-old-space-size`, forwarding output, signals and
 * the exit code. (With tsx, process.execArgv carries its loader flags.)
 */
function reexecWithHeap(megabytes: number): void {
  console.log(
    `mirror: restarting with --max-old-space-size=${megabytes} for the requested records`,
  );
  const child = spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${megabytes}`, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, [REEXEC_FLAG]: '1' } },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function describeData(db: Database, options: MirrorOptions, ms: number): string {
  const counts = STORED_RESOURCES.map((name) => `${name} ${db[name].size}`).join(', ');
  const sources: string[] = [];
  if (!options.dataFile || options.recordsGiven) sources.push(`synthetic, seed ${options.seed}`);
  if (options.dataFile) sources.push(`from ${options.dataFile}`);
  return `mirror data: ${counts} records (${sources.join(' + ')}; built in ${ms} ms; page limit ${options.pageLimit})`;
}

main().catch((error: unknown) => {
  console.error('mirror: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
