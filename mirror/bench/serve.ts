import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../http/faults.ts';

/**
 * How fast the mirror serves a 50-record page out of 100,000 T1w records, on loopback:
 * offset pages (`?max_results=50&page=K`, K random) and keyset pages
 * (`where={"_id":{"$gt":…}}&sort=_id`). The server runs as a child (`tsx mirror/main.ts`),
 * so client work does not share its event loop; requests go one at a time over one
 * keep-alive connection. Both forms are warmed up (JIT, caches) before `--requests` timed
 * requests each; the median and p95 of those are reported. Prints one JSON object per line, e.g.
 * `{"bench":"mirror-page-100k","metric":"median_ms","value":0.9,"unit":"ms"}`. Goal: median < 2 ms.
 *
 * Run: `npx tsx mirror/bench/serve.ts [--records N] [--requests N]`
 */

const RECORDS = numberArg('--records', 100_000);
const REQUESTS = numberArg('--requests', 1000);
const WARMUP = 200;
const PAGE = 50;

function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Child {
  url: string;
  startMs: number;
  stop(): void;
}

/** Starts the mirror CLI on a free port and waits for its ready line. */
function startChild(): Promise<Child> {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const args = [
    tsx,
    main,
    '--port',
    '0',
    '--seed',
    '42',
    '--records',
    `T1w=${RECORDS},T2w=0,bold=0`,
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /mirror listening on (\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1]!,
          startMs: performance.now() - t0,
          stop: () => child.kill('SIGTERM'),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`mirror exited with ${code}: ${out}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One GET; resolves with the elapsed milliseconds (until the last body byte) and, when
 * `keepBody`, the body text. Timed requests only drain the body: collecting and decoding
 * ~130 KB would add client time to every figure.
 */
function timedGet(url: string, keepBody = false): Promise<{ ms: number; body: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (keepBody) chunks.push(c);
        });
        res.on('end', () => {
          const ms = performance.now() - t0;
          if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
          else resolve({ ms, body: keepBody ? Buffer.concat(chunks).toString('utf8') : '' });
        });
      })
      .on('error', reject);
  });
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function report(bench: string, times: number[], extra: Record<string, unknown> = {}): void {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  for (const [metric, value] of [
    ['median_ms', quantile(sorted, 0.5)],
    ['p95_ms', quantile(sorted, 0.95)],
  ] as const) {
    console.log(
      JSON.stringify({ bench, metric, value: round(value), unit: 'ms', n: times.length, ...extra }),
    );
  }
}

async function run(): Promise<void> {
  const child = await startChild();
  try {
    console.log(
      JSON.stringify({
        bench: 'mirror-start-100k',
        metric: 'ready_ms',
        value: Math.round(child.startMs),
        unit: 'ms',
        records: RECORDS,
      }),
    );
    const random = mulberry32(42);
    const pages = Math.ceil(RECORDS / PAGE);
    const pageUrl = () =>
      `${child.url}/T1w?max_results=${PAGE}&page=${1 + Math.floor(random() * pages)}`;
    // Warm up (JIT, caches) and collect keyset cursors from random pages.
    const cursors: string[] = [];
    for (let i = 0; i < WARMUP; i++) {
      const { body } = await timedGet(pageUrl(), true);
      const items = JSON.parse(body)._items as Array<{ _id: string }>;
      if (items.length > 0) cursors.push(items[Math.floor(random() * items.length)]!._id);
    }
    const keysetUrl = (i: number) => {
      const where = encodeURIComponent(
        JSON.stringify({ _id: { $gt: cursors[i % cursors.length] } }),
      );
      return `${child.url}/T1w?where=${where}&sort=_id&max_results=${PAGE}`;
    };
    for (let i = 0; i < WARMUP; i++) await timedGet(keysetUrl(i));
    const offset: number[] = [];
    for (let i = 0; i < REQUESTS; i++) offset.push((await timedGet(pageUrl())).ms);
    report('mirror-page-100k', offset, { form: 'offset' });
    const keyset: number[] = [];
    for (let i = 0; i < REQUESTS; i++) keyset.push((await timedGet(keysetUrl(i))).ms);
    report('mirror-keyset-100k', keyset, { form: 'keyset' });
  } finally {
    agent.destroy();
    child.stop();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
