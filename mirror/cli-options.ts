import { existsSync, statSync } from 'node:fs';

/**
 * The mirror's options (DESIGN.md "Mirror options"), parsed from the command line.
 * Parsing is pure apart from checking that `--data FILE` exists, so bad options fail fast
 * with one clear message instead of a stack trace halfway through generating data.
 */

/**
 * How injected failures look. 429 and 503 are Eve-style JSON envelopes with CORS; 502 and 504
 * are nginx HTML pages and 500 is Flask's HTML page, all three without CORS (eve-api.md 4.3,
 * 4.4). `mixed` picks 429, 503 or 502 with equal odds.
 */
export type FailStatus = 429 | 500 | 502 | 503 | 504 | 'mixed';
export const FAIL_STATUSES: readonly FailStatus[] = [429, 500, 502, 503, 504, 'mixed'];

/** Fault injection, applied only to data GETs (collections, items, rating_counts). */
export interface FaultOptions {
  /** Added to every data GET before it is answered. */
  latencyMs: number;
  /** Extra delay drawn uniformly from [0, jitterMs). */
  jitterMs: number;
  /** Share of data GETs answered with a failure (see FailStatus). */
  failRate: number;
  failStatus: FailStatus;
  /** `Retry-After` seconds on injected 429/503 responses; null sends none. */
  retryAfterS: number | null;
  /** Share of data GETs whose socket is destroyed without any response. */
  dropRate: number;
  /** Share of data GETs that send headers and half the body, then destroy the socket. */
  truncateRate: number;
}

/** A healthy server: what the mirror does unless a fault option says otherwise. */
export const NO_FAULTS: Readonly<FaultOptions> = {
  latencyMs: 0,
  jitterMs: 0,
  failRate: 0,
  failStatus: 503,
  retryAfterS: null,
  dropRate: 0,
  truncateRate: 0,
};

export interface RecordCounts {
  T1w: number;
  T2w: number;
  bold: number;
}

/** Everything `startMirror` and `createMirrorServer` need. */
export interface MirrorOptions {
  host: string;
  port: number;
  records: RecordCounts;
  /** True when `--records` was given: with `--data`, generated records are then served too. */
  recordsGiven: boolean;
  seed: number;
  /** `--data FILE`: saved API pages or JSON Lines (read by data/load-data.ts). */
  dataFile: string | null;
  /** The API token that HEAD and POST need (eve-api.md 1.1, 4.5). */
  token: string;
  /** Eve's PAGINATION_LIMIT: `max_results` above it is clamped (eve-api.md 2.5). */
  pageLimit: number;
  /** Simulated cost of each skipped document, so deep `page=N` costs O(N) like MongoDB. */
  skipCostNs: number;
  faults: FaultOptions;
}

export const DEFAULT_TOKEN = 'mirror-dev-token';
export const DEFAULT_RECORDS: RecordCounts = { T1w: 20_000, T2w: 2_000, bold: 20_000 };
/** Above this many records per modality the generator would need tens of GB: refuse early. */
export const MAX_RECORDS_PER_MODALITY = 5_000_000;

/** The result of parsing argv: run, print help, or fail with a message (exit code 2). */
export type ParsedArgs =
  | { type: 'run'; options: MirrorOptions }
  | { type: 'help' }
  | { type: 'error'; message: string };

export const MIRROR_USAGE = `Usage: npm run mirror -- [options]

A local server that answers like the MRIQC Web API (Eve 2.2.4) at http://HOST:PORT/api/v1.

Data
  --records T1w=N,T2w=N,bold=N  generated records per modality (default T1w=20000,T2w=2000,bold=20000;
                                modalities left out get 0)
  --seed N                      generator and fault seed (default 42)
  --data FILE                   serve the records in FILE (saved API pages, JSON or JSON Lines)
                                instead of generated ones; with --records, serve both
Server
  --host HOST                   default 127.0.0.1
  --port N                      default 5174 (0 picks a free port)
  --token TOKEN                 token for HEAD and POST (default: $MIRROR_TOKEN or ${DEFAULT_TOKEN})
  --page-limit N                largest page size, Eve's PAGINATION_LIMIT (default 50)
  --skip-cost-ns N              simulated cost per skipped document on deep pages (default 0)
Faults (data GETs under /api/v1 only; never /__mirror/*)
  --latency MS                  delay every data GET (default 0)
  --jitter MS                   plus a random 0..MS extra delay (default 0)
  --fail-rate P                 share of data GETs that fail, 0..1 (default 0)
  --fail-status S               429 | 503 (JSON, with CORS) | 502 | 504 (nginx HTML, no CORS) |
                                500 (Flask HTML, no CORS) | mixed (429/503/502 in thirds); default 503
  --retry-after S               send Retry-After: S on injected 429/503 (default: none)
  --drop-rate P                 share of data GETs whose connection is dropped (default 0)
  --truncate-rate P             share of data GETs cut off halfway through the body (default 0)
  --help                        this text

GET /__mirror/stats counts requests by status; POST /__mirror/stats/reset clears it.`;

/** The defaults, with the token from `MIRROR_TOKEN` when set. */
export function defaultMirrorOptions(env: NodeJS.ProcessEnv = process.env): MirrorOptions {
  return {
    host: '127.0.0.1',
    port: 5174,
    records: { ...DEFAULT_RECORDS },
    recordsGiven: false,
    seed: 42,
    dataFile: null,
    token: env.MIRROR_TOKEN?.trim() || DEFAULT_TOKEN,
    pageLimit: 50,
    skipCostNs: 0,
    faults: { ...NO_FAULTS },
  };
}

class OptionError extends Error {}

type Setter = (options: MirrorOptions, value: string, name: string) => void;

const SETTERS: Record<string, Setter> = {
  host: (o, v, n) => {
    o.host = nonEmpty(v, n);
  },
  port: (o, v, n) => {
    o.port = integer(v, n, 0, 65_535);
  },
  records: (o, v, n) => {
    o.records = parseRecords(v, n);
    o.recordsGiven = true;
  },
  seed: (o, v, n) => {
    o.seed = integer(v, n, 0, 2 ** 32 - 1);
  },
  data: (o, v, n) => {
    o.dataFile = existingFile(v, n);
  },
  token: (o, v, n) => {
    o.token = parseToken(v, n);
  },
  'page-limit': (o, v, n) => {
    o.pageLimit = integer(v, n, 1, 100_000);
  },
  'skip-cost-ns': (o, v, n) => {
    o.skipCostNs = decimal(v, n, 0, 1e9);
  },
  latency: (o, v, n) => {
    o.faults.latencyMs = decimal(v, n, 0, 600_000);
  },
  jitter: (o, v, n) => {
    o.faults.jitterMs = decimal(v, n, 0, 600_000);
  },
  'fail-rate': (o, v, n) => {
    o.faults.failRate = decimal(v, n, 0, 1);
  },
  'fail-status': (o, v, n) => {
    o.faults.failStatus = parseFailStatus(v, n);
  },
  'retry-after': (o, v, n) => {
    o.faults.retryAfterS = integer(v, n, 0, 86_400);
  },
  'drop-rate': (o, v, n) => {
    o.faults.dropRate = decimal(v, n, 0, 1);
  },
  'truncate-rate': (o, v, n) => {
    o.faults.truncateRate = decimal(v, n, 0, 1);
  },
};

/**
 * Parses the mirror's argv (without the node and script entries).
 *
 * @example
 * parseMirrorArgs(['--port', '0', '--records', 'T1w=100,bold=50'], {})
 * // { type: 'run', options: { port: 0, records: { T1w: 100, T2w: 0, bold: 50 }, … } }
 */
export function parseMirrorArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ParsedArgs {
  const options = defaultMirrorOptions(env);
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === '--help' || arg === '-h') return { type: 'help' };
      const { name, inline } = splitArg(arg);
      const setter = SETTERS[name];
      if (!setter) throw new OptionError(`unknown option ${arg}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new OptionError(`--${name} needs a value`);
      setter(options, value, `--${name}`);
    }
    checkRates(options.faults);
  } catch (error) {
    if (error instanceof OptionError) return { type: 'error', message: error.message };
    throw error;
  }
  return { type: 'run', options };
}

function splitArg(arg: string): { name: string; inline: string | undefined } {
  if (!arg.startsWith('--')) throw new OptionError(`unexpected argument ${arg}`);
  const eq = arg.indexOf('=');
  if (eq < 0) return { name: arg.slice(2), inline: undefined };
  return { name: arg.slice(2, eq), inline: arg.slice(eq + 1) };
}

function checkRates(faults: FaultOptions): void {
  const sum = faults.failRate + faults.dropRate + faults.truncateRate;
  // One draw per request picks at most one fault, so the shares must fit in 1.
  if (sum > 1 + 1e-9) {
    throw new OptionError(
      `--fail-rate + --drop-rate + --truncate-rate must not exceed 1 (got ${round(sum)})`,
    );
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function nonEmpty(value: string, name: string): string {
  if (value.trim() === '') throw new OptionError(`${name} must not be empty`);
  return value.trim();
}

function parseToken(value: string, name: string): string {
  // Eve strips the Authorization header and splits "Bearer x" on a space (eve-api.md 4.5),
  // so a token with whitespace could never be presented.
  if (value === '' || /\s/.test(value)) {
    throw new OptionError(`${name} must be a non-empty string without spaces`);
  }
  return value;
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new OptionError(`${name} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

function decimal(value: string, name: string, min: number, max: number): number {
  const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)
    ? Number(value)
    : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new OptionError(`${name} must be a number from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

function parseFailStatus(value: string, name: string): FailStatus {
  const found = FAIL_STATUSES.find((s) => String(s) === value.trim());
  if (found === undefined) {
    throw new OptionError(`${name} must be one of ${FAIL_STATUSES.join(', ')} (got "${value}")`);
  }
  return found;
}

function existingFile(value: string, name: string): string {
  if (value.trim() === '') throw new OptionError(`${name} needs a file name`);
  if (!existsSync(value)) throw new OptionError(`${name}: no such file: ${value}`);
  if (!statSync(value).isFile()) throw new OptionError(`${name}: not a file: ${value}`);
  return value;
}

const MODALITIES = ['T1w', 'T2w', 'bold'] as const;

/** `T1w=20000,T2w=2000,bold=20000`; modalities left out get 0. */
function parseRecords(value: string, name: string): RecordCounts {
  const counts: RecordCounts = { T1w: 0, T2w: 0, bold: 0 };
  const seen = new Set<string>();
  for (const part of value.split(',')) {
    const [key = '', count, ...rest] = part.trim().split('=');
    const modality = MODALITIES.find((m) => m === key.trim());
    if (!modality || count === undefined || rest.length > 0) {
      throw new OptionError(
        `${name} must look like T1w=20000,T2w=2000,bold=20000 (modalities are case-sensitive; got "${part}")`,
      );
    }
    if (seen.has(modality)) throw new OptionError(`${name} names ${modality} twice`);
    seen.add(modality);
    counts[modality] = integer(count, `${name} ${modality}`, 0, MAX_RECORDS_PER_MODALITY);
  }
  return counts;
}
