import { cpSync, existsSync, rmSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { DEDUP_NAMES } from '../src/store/stored-dedup.ts';
import { queryUrl } from './app-driver.ts';
import { openBrowser } from './browser.ts';
import type { BenchContext } from './context.ts';
import type { Mirror } from './mirror.ts';
import { log, sleep } from './stats.ts';

/**
 * What the benches ask the app's store, in the page: how many appended chunks and compacted
 * segments each dataset holds, and the compactor's marks on the page timeline
 * (`crowdmri:compaction-started` / `-finished`, set by src/store/compaction-client.ts).
 * Plain JavaScript text (see app-driver.ts).
 */
export interface StoreState {
  /**
   * Per dataset: its chunks, those no segment covers (`appended`), its segment ranges, and the
   * appended records a segment covers that the compactor has yet to drop (`leftover`).
   */
  datasets: Array<{
    key: string;
    chunks: number;
    appended: number;
    ranges: number;
    leftover: number;
    /** The compactor's stored dedup index matches the dataset's chunks (stored-dedup.ts). */
    indexed: boolean;
  }>;
}

const DEDUP = JSON.stringify(DEDUP_NAMES['md5sum+version'].group);

const STORE_STATE = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('crowdmri-explorer');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const ask = (store, how, range) => new Promise((resolve, reject) => {
    if (!db.objectStoreNames.contains(store)) return resolve(how === 'count' ? 0 : []);
    const r = db.transaction(store).objectStore(store)[how](range);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const all = (store, range) => ask(store, 'getAll', range);
  const datasets = [];
  for (const d of await all('datasets')) {
    const range = IDBKeyRange.bound([d.key], [d.key, []]);
    const chunks = await all('chunks', range);
    const segments = await all('segments', IDBKeyRange.bound([d.key, '_id'], [d.key, '_id', []]));
    const covered = (c) => segments.some((s) => s.chunk <= c && c <= s.lastChunk);
    let leftover = 0;
    for (const { name } of d.columns) {
      for (const s of segments) {
        leftover += await ask('columns', 'count', IDBKeyRange.bound([d.key, name, s.chunk], [d.key, name, s.lastChunk]));
      }
    }
    const [dedup] = await all('segments', IDBKeyRange.bound([d.key, ${DEDUP}], [d.key, ${DEDUP}, []]));
    const last = chunks.reduce((m, c) => Math.max(m, c.chunk), -1);
    datasets.push({
      indexed: !!dedup && dedup.lastChunk === last && dedup.counts.length === chunks.length,
      key: d.key,
      chunks: chunks.length,
      appended: chunks.filter((c) => !covered(c.chunk)).length,
      ranges: segments.length,
      leftover,
    });
  }
  db.close();
  return { datasets };
})()`;

export async function storeState(page: Page): Promise<StoreState> {
  return (await page.evaluate(STORE_STATE)) as StoreState;
}

/** The compactor's marks so far: [type, startTime ms, detail]. */
export async function compactionMarks(
  page: Page,
): Promise<Array<{ type: string; at: number; detail: unknown }>> {
  return (await page.evaluate(`performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith('crowdmri:compaction-'))
    .map((m) => ({ type: m.name.slice('crowdmri:compaction-'.length), at: m.startTime, detail: m.detail }))`)) as Array<{
    type: string;
    at: number;
    detail: unknown;
  }>;
}

/** Long main-thread tasks (PerformanceObserver 'longtask'), recorded from page start. */
const LONG_TASKS = `(() => {
  const tasks = [];
  window.__longTasks = tasks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

export async function installLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: LONG_TASKS });
}

/** The longest main-thread task (ms) that started in [from, to] (page clock); 0 if none. */
export async function longestTask(page: Page, from: number, to: number): Promise<number> {
  const tasks = (await page.evaluate('window.__longTasks || []')) as Array<{
    at: number;
    ms: number;
  }>;
  return tasks.filter((t) => t.at >= from && t.at <= to).reduce((m, t) => Math.max(m, t.ms), 0);
}

/** Appended chunks a compaction leaves as they are (src/store/compaction.ts MIN_APPENDED_CHUNKS). */
const LEFT_APPENDED = 1;

export const isCompacted = (state: StoreState) =>
  state.datasets.length > 0 &&
  state.datasets.every((d) => d.appended <= LEFT_APPENDED && d.leftover === 0 && d.indexed);

/**
 * Waits until the store says every dataset is compacted (the app compacts at the end of a run
 * and when a dataset is opened); returns the page clock then.
 */
export async function waitForCompaction(
  page: Page,
  label: string,
  timeoutS = 1200,
): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  for (;;) {
    const state = await storeState(page);
    if (isCompacted(state)) return (await page.evaluate('performance.now()')) as number;
    if (Date.now() - started > timeoutS * 1000) {
      throw new Error(`${label}: not compacted after ${timeoutS} s: ${JSON.stringify(state)}`);
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const marks = await compactionMarks(page);
      log(
        `${label}: waiting for the compactor: ${JSON.stringify(state.datasets)}; its last word: ${JSON.stringify(marks.at(-1) ?? 'none')}`,
      );
    }
    await sleep(500);
  }
}

/**
 * Makes sure the stored datasets of `profile` are compacted, as a user's would be once the app
 * has had them open: opens the query's table and waits for the compactor. Quick when done.
 */
export async function ensureCompacted(
  ctx: BenchContext,
  profile: string,
  mirror: Mirror,
): Promise<void> {
  const session = await openBrowser(profile);
  try {
    await session.page.goto(queryUrl(ctx.app.url, mirror.api, { view: 'table' }));
    const t0 = Date.now();
    if (isCompacted(await storeState(session.page))) return;
    await waitForCompaction(session.page, 'compacting the stored dataset');
    ctx.log(
      `compacted the stored dataset (${((Date.now() - t0) / 1000).toFixed(1)} s after opening)`,
    );
  } finally {
    await session.close();
  }
}

/** A copy of a browser profile (without the lock files of a browser that had it open). */
export function copyProfile(from: string, to: string): void {
  if (existsSync(to)) rmSync(to, { recursive: true, force: true });
  cpSync(from, to, {
    recursive: true,
    filter: (path) => !/Singleton(Lock|Socket|Cookie)$/.test(path),
  });
}
