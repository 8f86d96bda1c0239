import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  compareCells,
  exportFile,
  mirrorRecords,
  pandasColumns,
  parseCsv,
  withoutSavePicker,
} from './export-check.ts';
import {
  appUrl,
  expect,
  MIRROR_API,
  MirrorClient,
  MRIQC,
  readStoredIds,
  saveScreenshot,
  startMirror,
  test,
} from './fixtures.ts';

/**
 * The store in a real browser: a download's appended chunks compacted into origin-private
 * files (OPFS), read back after a reload, refreshed, and deleted — the table always equal to
 * the mirror (every cell of an export of all columns compared with the mirror's records).
 */

/** What the store holds for the dataset of `source` + T1w: read straight from IndexedDB/OPFS. */
function storeState(page: Page, source: string) {
  return page.evaluate(async (source) => {
    const request = indexedDB.open('crowdmri-explorer');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string, range?: IDBKeyRange) =>
      new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll(range);
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    const count = (store: string, range?: IDBKeyRange) =>
      new Promise<number>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).count(range);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const datasets = await all<{ key: string; source: string; modality: string }>('datasets');
    const key = datasets.find((d) => d.source === source && d.modality === 'T1w')?.key;
    type Segment = {
      chunk: number;
      lastChunk: number;
      backend: string;
      dir: string;
      derived?: true;
    };
    const records = key ? await all<Segment>('segments', IDBKeyRange.bound([key], [key, []])) : [];
    // Derived records (the stored dedup index, src/store/stored-dedup.ts) are files too.
    const segments = records.filter((s) => !s.derived);
    const chunks = key
      ? await all<{ chunk: number }>('chunks', IDBKeyRange.bound([key], [key, []]))
      : [];
    const lastChunk = Math.max(-1, ...chunks.map((c) => c.chunk));
    const state = {
      dataset: key !== undefined,
      appended: key ? await count('columns', IDBKeyRange.bound([key], [key, []])) : 0,
      segments: segments.length,
      files: records.length,
      /** The dedup records (two per key) derived from every chunk the dataset holds now. */
      indexed:
        records.filter((s) => s.derived && s.chunk === 0 && s.lastChunk === lastChunk).length === 4,
      ranges: new Set(segments.map((s) => `${s.chunk}-${s.lastChunk}`)).size,
      backends: [...new Set(segments.map((s) => s.backend))],
      dirs: [...new Set(segments.map((s) => s.dir))],
      idbFiles: await count('files'),
    };
    db.close();
    return state;
  }, source);
}

/** Files in the dataset directory `dir` of the origin-private file system (null: no such dir). */
function opfsFiles(page: Page, dir: string) {
  return page.evaluate(async (dir) => {
    const root = await navigator.storage.getDirectory();
    try {
      const top = await root.getDirectoryHandle('crowdmri-segments');
      const handle = await top.getDirectoryHandle(dir);
      let n = 0;
      // keys() is in Chromium's FileSystemDirectoryHandle, not yet in TypeScript's DOM types.
      for await (const _ of (handle as unknown as { keys(): AsyncIterable<string> }).keys()) n++;
      return n;
    } catch {
      return null;
    }
  }, dir);
}

/** Downloads the T1w query of `source` in `chunk`-record commits. */
async function download(page: Page, source: string, chunk: number, total: number) {
  await page.goto(appUrl({ source, modality: 'T1w', software: 'mriqc', chunk: String(chunk) }));
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  // Many small commits: slower than a download in 10,000-record chunks.
  await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
    `Downloaded ${total.toLocaleString('en-US')} records`,
    { timeout: 60_000 },
  );
}

const usage = (page: Page) =>
  page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Exports every column of every row and compares each cell with the mirror's record. */
async function expectTableEqualsMirror(page: Page, mirror: MirrorClient) {
  const records = await mirrorRecords(mirror, 'T1w', MRIQC);
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(records.size));
  // The unique and duplicates views count as the mirror's md5sums do (once compacted, from the
  // dedup index the compactor stored).
  const md5s = [...records.values()].map((r) => r.get('provenance.md5sum') as string | undefined);
  const perMd5 = new Map<string, number>();
  for (const m of md5s) if (m !== undefined) perMd5.set(m, (perMd5.get(m) ?? 0) + 1);
  const withoutMd5 = md5s.filter((m) => m === undefined).length;
  const duplicates = md5s.filter((m) => m !== undefined && perMd5.get(m)! >= 2).length;
  if (duplicates > 0) {
    // A group's panel, opened first thing, names its md5sum: a column the table no longer
    // reads to open (the duplicates view reads it to sort).
    await grid
      .getByRole('button', { name: /uploads of this scan/ })
      .first()
      .click();
    const panel = page.getByRole('region', { name: 'Uploads of this scan' });
    const md5 = panel.getByRole('heading').locator('code');
    await expect(md5).toHaveText(/^[0-9a-f]{32}$/);
    const uploads = perMd5.get((await md5.textContent()) ?? '');
    await expect(panel.locator('tbody tr')).toHaveCount(uploads ?? -1);
    await panel.getByRole('button', { name: 'Close' }).click();
  }
  const rowsView = page.getByRole('group', { name: 'Rows' });
  await rowsView.getByRole('radio', { name: 'Unique' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(perMd5.size + withoutMd5));
  await rowsView.getByRole('radio', { name: 'Duplicates' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(duplicates));
  await rowsView.getByRole('radio', { name: 'All' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(records.size));
  await page.getByRole('combobox', { name: 'Columns', exact: true }).selectOption('all');
  const { text } = await exportFile(page);
  const { header, rows } = parseCsv(text);
  const stored = await readStoredIds(page, mirror.base, 'T1w');
  expect(new Set(stored).size, 'no record stored twice').toBe(stored.length);
  expect([...stored].sort()).toEqual([...records.keys()].sort());
  expect(header).toEqual(pandasColumns(stored, records));
  expect(rows).toHaveLength(records.size);
  expect(compareCells(header, rows, records)).toEqual([]);
}

test('a download is compacted into origin-private files; after a reload the table equals the mirror', async ({
  page,
  mirror,
}) => {
  test.slow(); // a download, its compaction, a reload and a full export: over 60 s under load
  const total = await mirror.total('T1w', MRIQC);
  await withoutSavePicker(page);
  // 1,000-record commits: a few appended chunks, which the end of the run compacts.
  await download(page, MIRROR_API, 1000, total);
  await expect
    .poll(() => storeState(page, MIRROR_API), { timeout: 30_000 })
    .toMatchObject({ appended: 0, ranges: 1, backends: ['opfs'], idbFiles: 0, indexed: true });
  const state = await storeState(page, MIRROR_API);
  expect(state.segments).toBeGreaterThan(100); // one per column
  expect(await opfsFiles(page, state.dirs[0]!)).toBe(state.files);

  await page.reload();
  await expectTableEqualsMirror(page, mirror);
});

/** Posts `count` real records (the mirror assigns new ids): new uploads for a refresh. */
async function postPayloads(mirror: MirrorClient, token: string, from: number, count: number) {
  const dir = join(import.meta.dirname, '..', 'mirror', 'fixtures', 'payloads', 't1w');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .slice(from, from + count);
  expect(files).toHaveLength(count);
  for (const file of files) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(await mirror.post('T1w', record, token), `POST ${file}`).toBe(201);
  }
}

test('small appends compact into one segment per column; refreshes fold in; Delete frees the files', async ({
  page,
  request,
}, testInfo) => {
  test.slow(); // a download, two refreshes, two full exports and a Delete
  const token = 'store-token';
  const own = await startMirror(5195, ['--records', 'T1w=1200', '--seed', '11', '--token', token]);
  try {
    const mirror = new MirrorClient(request, own.base);
    const total = await mirror.total('T1w', MRIQC);
    await withoutSavePicker(page);
    // 100-record commits, as a download at the public API's pace stores them.
    await download(page, own.base, 100, total);
    await expect
      .poll(() => storeState(page, own.base), { timeout: 30_000 })
      .toMatchObject({ appended: 0, ranges: 1, backends: ['opfs'], indexed: true });
    await expectTableEqualsMirror(page, mirror);

    // Two refreshes, each a small appended tail; the second run's end compacts both into a
    // small segment beside the large one.
    const refresh = page.getByRole('button', { name: 'Refresh' });
    const result = page.getByRole('status', { name: 'Download result' });
    await postPayloads(mirror, token, 0, 2);
    await refresh.click();
    await expect(result).toContainText('2 new records');
    await postPayloads(mirror, token, 2, 3);
    await refresh.click();
    await expect(result).toContainText('3 new records');
    await expect
      .poll(() => storeState(page, own.base), { timeout: 30_000 })
      .toMatchObject({ appended: 0, ranges: 2, backends: ['opfs'], indexed: true });
    await page.reload();
    await expectTableEqualsMirror(page, mirror);

    const state = await storeState(page, own.base);
    const dir = state.dirs[0]!;
    expect(await opfsFiles(page, dir)).toBe(state.files);
    const before = await usage(page);
    await page.getByRole('tab', { name: 'Datasets' }).click();
    const row = page.getByRole('table', { name: 'Saved datasets' }).locator('tbody tr');
    await expect(row).toHaveCount(1);
    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete these saved records?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(row).toHaveCount(0);
    // The row goes with the dataset's record; its files are freed after ("Freeing…").
    await expect(page.getByRole('status').filter({ hasText: 'Deleted the records of' })).toHaveText(
      /^Deleted the records of [^…]*\.$/,
      { timeout: 30_000 },
    );
    expect(await storeState(page, own.base)).toMatchObject({ dataset: false, segments: 0 });
    expect(await opfsFiles(page, dir)).toBeNull();
    await expect.poll(() => usage(page), { timeout: 30_000 }).toBeLessThan(before);
    await saveScreenshot(page, testInfo, 'store-deleted');
  } finally {
    await own.stop();
  }
});
