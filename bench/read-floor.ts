import type { Page } from '@playwright/test';
import { openBrowser, removeProfile } from './browser.ts';
import type { BenchContext } from './context.ts';

/**
 * The floor table-open-1m is judged against (read-floor-16, and table-open-1m's per-run ratio):
 * on the app's origin, 16 columns of 1M float64 (8 MB each) written to origin-private files,
 * then read back with `getFile().arrayBuffer()` — all 16 at once, as the table asks for its
 * columns — and viewed as Float64Arrays. Time from the first getFile to the last array, on a
 * fresh profile each time (no file cached from the write in the page).
 */
export const COLUMNS = 16;
const ROWS = 1_000_000;

const WRITE = `(async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('read-floor', { create: true });
  for (let c = 0; c < ${COLUMNS}; c++) {
    const values = new Float64Array(${ROWS});
    for (let i = 0; i < values.length; i++) values[i] = Math.random() * c;
    const file = await dir.getFileHandle('col-' + c, { create: true });
    const w = await file.createWritable();
    await w.write(values);
    await w.close();
  }
})()`;

const READ = `(async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('read-floor');
  const t0 = performance.now();
  const columns = await Promise.all(Array.from({ length: ${COLUMNS} }, async (_, c) => {
    const file = await (await dir.getFileHandle('col-' + c)).getFile();
    return new Float64Array(await file.arrayBuffer());
  }));
  const ms = performance.now() - t0;
  if (columns.some((c) => c.length !== ${ROWS})) throw new Error('short read');
  return ms;
})()`;

/**
 * A page of the app's origin (its files are the app's) that runs none of the app: on the app's
 * own page the read overlapped the app's start (its first render, its workers), and measured
 * 0.8 s or 1.3 s depending on how the app starts.
 */
export async function openQuietPage(page: Page, ctx: BenchContext): Promise<void> {
  const url = new URL('favicon.svg', ctx.app.url).href;
  const response = await page.goto(url);
  if (!response?.ok()) throw new Error(`read floor: ${url} answered ${response?.status()}`);
}

/**
 * One measure of the floor on a fresh profile: the files written in one browser, read in
 * another (the read is not served from the writer's memory, as a table opened after a reload is
 * not). `more` runs in the reading page afterwards (read-floor-16's busy reads). Seconds.
 */
export async function measureReadFloor(
  ctx: BenchContext,
  more?: (page: Page) => Promise<void>,
): Promise<number> {
  const profile = ctx.newProfile();
  try {
    let session = await openBrowser(profile);
    try {
      await openQuietPage(session.page, ctx);
      await session.page.evaluate(WRITE);
    } finally {
      await session.close();
    }
    session = await openBrowser(profile);
    try {
      await openQuietPage(session.page, ctx);
      const ms = (await session.page.evaluate(READ)) as number;
      await more?.(session.page);
      return ms / 1000;
    } finally {
      await session.close();
    }
  } finally {
    removeProfile(profile);
  }
}
