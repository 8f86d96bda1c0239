import { openBrowser, removeProfile } from './browser.ts';
import type { BenchContext } from './context.ts';
import { profileWith1m } from './dataset-1m.ts';
import { openQuietPage } from './read-floor.ts';
import { emitMedian } from './table-open-1m.bench.ts';
import type { Benchmark } from './types.ts';

/**
 * In a page that has touched no storage yet: IndexedDB opened twice in a row (the app's database,
 * then an empty one of the same origin: all of an origin's databases share one store in Chromium,
 * so the first open pays for opening that store and the second shows what an open costs once it
 * is), and the origin-private file root. Milliseconds.
 */
const FIRST_OPENS = `(async () => {
  const open = (name) => new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked'));
  });
  let t0 = performance.now();
  await open('crowdmri-explorer');
  const first = performance.now() - t0;
  t0 = performance.now();
  await open('storage-open-probe');
  const again = performance.now() - t0;
  t0 = performance.now();
  await navigator.storage.getDirectory();
  const files = performance.now() - t0;
  await new Promise((resolve) => { const r = indexedDB.deleteDatabase('storage-open-probe'); r.onsuccess = r.onerror = resolve; });
  return { first, again, files };
})()`;

/** One fresh browser on `profile`, on a page of the app's origin that runs none of the app (read-floor.ts). */
async function measureOpens(ctx: BenchContext, profile: string) {
  const session = await openBrowser(profile);
  try {
    await openQuietPage(session.page, ctx);
    return (await session.page.evaluate(FIRST_OPENS)) as {
      first: number;
      again: number;
      files: number;
    };
  } finally {
    await session.close();
  }
}

/**
 * What a table's open pays before it can read anything, which read-floor-16 (files read on a
 * page whose storage is open) leaves out: the first IndexedDB open of a browser session on the
 * stored 1M dataset's profile, the same on an empty profile, and the open once the store is up.
 */
export const bench: Benchmark = {
  name: 'storage-open-1m',
  description: `first IndexedDB open of a browser session, on the 1M profile and on an empty one`,
  timeoutS: 900,
  async run(ctx) {
    const profile = await profileWith1m(ctx);
    const first: number[] = [];
    const again: number[] = [];
    const files: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < ctx.cheapRuns; i++) {
      const stored = await measureOpens(ctx, profile);
      first.push(stored.first / 1000);
      again.push(stored.again / 1000);
      files.push(stored.files / 1000);
      const fresh = ctx.newProfile();
      try {
        empty.push((await measureOpens(ctx, fresh)).first / 1000);
      } finally {
        removeProfile(fresh);
      }
      ctx.log(
        `run ${i + 1}: first open ${stored.first.toFixed(0)} ms, then ${stored.again.toFixed(0)} ms; origin-private root ${stored.files.toFixed(0)} ms; empty profile ${(empty.at(-1)! * 1000).toFixed(0)} ms`,
      );
    }
    emitMedian(ctx, 'first_open_seconds', 's', first);
    emitMedian(ctx, 'second_open_seconds', 's', again);
    emitMedian(ctx, 'files_root_seconds', 's', files);
    emitMedian(ctx, 'empty_profile_open_seconds', 's', empty);
  },
};
