import type { Page } from '@playwright/test';
import {
  clickDownload,
  installProbe,
  openQuery,
  queryUrl,
  setConcurrency,
  waitForDone,
  watchPlan,
} from './app-driver.ts';
import { openBrowser, removeProfile } from './browser.ts';
import type { BenchContext } from './context.ts';
import { HeapSampler } from './heap.ts';
import type { Mirror } from './mirror.ts';
import { median } from './stats.ts';
import type { Benchmark } from './types.ts';

export interface IngestOptions {
  records: number;
  /** "Requests in flight"; undefined leaves the UI's default. */
  concurrency?: number;
  /** Passed as the `plan` URL param (the engine's JobSpec.strategy). */
  plan?: 'keyset' | 'pages';
  /** Stop waiting after this many seconds and report progress instead of a time. */
  capS?: number;
  timeoutS: number;
  /** Keep the profile (it then holds the stored dataset) instead of removing it. */
  keepProfile?: boolean;
  profileDir?: string;
  label: string;
  /** More URL params of the query (e.g. `chunk`). */
  extra?: Record<string, string>;
  /** Runs in the same browser once the download is done (e.g. wait for the compactor). */
  afterDone?: (page: Page) => Promise<void>;
}

export interface IngestResult {
  seconds: number;
  peakHeapMb: number;
  peakPageMb: number;
  peakWorkersMb: number;
  capped: boolean;
  fetched: number;
  profileDir: string;
  plan: 'pages' | 'keyset' | 'unknown';
}

/**
 * One download in a fresh browser: open the query, (set concurrency,) click Download, wait for
 * "N of N records" done, sampling the heap of the page and its workers all along. Time runs
 * from the click to the done state, in the page's clock.
 */
export async function ingestOnce(
  ctx: BenchContext,
  mirror: Mirror,
  o: IngestOptions,
): Promise<IngestResult> {
  const profileDir = o.profileDir ?? ctx.newProfile();
  const session = await openBrowser(profileDir);
  try {
    await installProbe(session.context);
    const sampler = await HeapSampler.attach(session.page);
    const extra: Record<string, string> = { ...o.extra, ...(o.plan ? { plan: o.plan } : {}) };
    await openQuery(session.page, queryUrl(ctx.app.url, mirror.api, extra));
    if (o.concurrency !== undefined) await setConcurrency(session.page, o.concurrency);
    const plan = watchPlan(session.context, mirror.api);
    sampler.start(250);
    const clickAt = await clickDownload(session.page);
    const outcome = await waitForDone(session.page, o.records, {
      timeoutS: o.timeoutS,
      capS: o.capS,
      label: o.label,
    });
    const heap = await sampler.stop();
    plan.stop();
    await o.afterDone?.(session.page);
    const seconds = (outcome.at - clickAt) / 1000;
    ctx.log(
      `${o.label}: ${outcome.type} in ${seconds.toFixed(2)} s; peak heap ${heap.peakMb.toFixed(0)} MB (page ${heap.peakPageMb.toFixed(0)}, workers ${heap.peakWorkersMb.toFixed(0)}, ${sampler.workerCount} worker(s), ${heap.samples} samples); plan seen: ${plan.plan()}`,
    );
    if (o.plan && plan.plan() !== 'unknown' && plan.plan() !== o.plan) {
      throw new Error(
        `${o.label}: asked for plan=${o.plan} but the requests follow the ${plan.plan()} plan (hook missing: the UI must pass the plan URL param to JobSpec.strategy)`,
      );
    }
    return {
      seconds,
      peakHeapMb: heap.peakMb,
      peakPageMb: heap.peakPageMb,
      peakWorkersMb: heap.peakWorkersMb,
      capped: outcome.type === 'capped',
      fetched: outcome.type === 'capped' ? outcome.fetched : o.records,
      profileDir,
      plan: plan.plan(),
    };
  } finally {
    await session.close();
    if (!o.keepProfile) removeProfile(profileDir);
  }
}

/** ingest-20k / ingest-100k: records_per_s and peak_heap_mb, medians over `runs` fresh profiles. */
export function ingestRateBench(name: string, records: number, runs: 'cheap' | number): Benchmark {
  return {
    name,
    description: `${records.toLocaleString('en-US')} T1w records, no latency: records/s from Download to done, peak JS heap (page + workers)`,
    timeoutS: 600,
    async run(ctx) {
      const mirror = await ctx.mirror({ records });
      const n = runs === 'cheap' ? ctx.cheapRuns : runs;
      const results: IngestResult[] = [];
      for (let i = 0; i < n; i++) {
        results.push(
          await ingestOnce(ctx, mirror, { records, timeoutS: 300, label: `run ${i + 1}/${n}` }),
        );
      }
      const rates = results.map((r) => records / r.seconds);
      const heaps = results.map((r) => r.peakHeapMb);
      const many = n > 1 ? { runs: n } : {};
      ctx.emit({
        metric: 'records_per_s',
        value: median(rates),
        unit: 'records/s',
        ...many,
        ...(n > 1 ? { values: rates } : {}),
      });
      ctx.emit({
        metric: 'peak_heap_mb',
        value: median(heaps),
        unit: 'MB',
        ...many,
        ...(n > 1 ? { values: heaps } : {}),
      });
    },
  };
}
