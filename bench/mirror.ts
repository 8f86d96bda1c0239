import { type Started, startProcess } from './processes.ts';
import { log } from './stats.ts';

/**
 * Loopback ports for the benchmark's servers: the app's `vite preview` on 5193, mirrors on
 * 5194–5199 (clear of `npm start`'s 5173/5174 and e2e's 5183/5184). The bench build bakes the
 * first mirror port in as VITE_MIRROR_URL, so the app treats it as "the local mirror".
 * BENCH_PORT_BASE=N moves them to N and N+1…N+6 (when something else holds 5193); the browser's
 * storage belongs to the app's origin, so a kept profile opens only on the ports it was made on.
 */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 5193);
export const APP_PORT = PORT_BASE;
export const MIRROR_PORTS = [1, 2, 3, 4, 5, 6].map((i) => PORT_BASE + i);
export const MIRROR_PORT = PORT_BASE + 1;
export const HOST = '127.0.0.1';
export const MIRROR_API = `http://${HOST}:${MIRROR_PORT}/api/v1`;

export interface MirrorSpec {
  /** T1w records generated (no other modality). */
  records: number;
  latencyMs?: number;
  /** Simulated MongoDB cost per document skipped by a deep `page=N`. */
  skipCostNs?: number;
  pageLimit?: number;
  seed?: number;
}

export interface Mirror {
  spec: MirrorSpec;
  api: string;
  stop(): Promise<void>;
}

export function mirrorArgs(spec: MirrorSpec, port: number): string[] {
  return [
    'tsx',
    'mirror/main.ts',
    '--host',
    HOST,
    '--port',
    String(port),
    '--records',
    `T1w=${spec.records}`,
    '--seed',
    String(spec.seed ?? 42),
    '--page-limit',
    String(spec.pageLimit ?? 50),
    '--latency',
    String(spec.latencyMs ?? 0),
    '--skip-cost-ns',
    String(spec.skipCostNs ?? 0),
  ];
}

/**
 * Starts `npx tsx mirror/main.ts …` and waits for "mirror listening on …". The mirror re-runs
 * itself with a larger `--max-old-space-size` when the dataset needs it (1M records: ~770 MB
 * RSS, ready in ~7 s on 2 cores), so no heap flag is passed here.
 */
export async function startMirror(spec: MirrorSpec, port: number = MIRROR_PORT): Promise<Mirror> {
  const started: Started = await startProcess({
    name: `mirror:${port}`,
    command: 'npx',
    args: mirrorArgs(spec, port),
    readyLine: /^mirror listening on /,
    timeoutMs: 180_000,
  });
  const api = `http://${HOST}:${port}/api/v1`;
  log(`mirror ${api} up: ${JSON.stringify(spec)}`);
  return { spec, api, stop: () => started.stop() };
}

export function sameSpec(a: MirrorSpec, b: MirrorSpec): boolean {
  const norm = (s: MirrorSpec) =>
    JSON.stringify([
      s.records,
      s.latencyMs ?? 0,
      s.skipCostNs ?? 0,
      s.pageLimit ?? 50,
      s.seed ?? 42,
    ]);
  return norm(a) === norm(b);
}
