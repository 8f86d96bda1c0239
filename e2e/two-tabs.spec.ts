import type { Page } from '@playwright/test';
import {
  appUrl,
  expect,
  MirrorClient,
  MRIQC,
  readStoredIds,
  saveScreenshot,
  startMirror,
  test,
} from './fixtures.ts';

/** The download panel's parts, by role and accessible name. */
function panel(page: Page) {
  return {
    download: page.getByRole('button', { name: 'Download', exact: true }),
    status: page.getByRole('status', { name: 'Download status' }),
    result: page.getByRole('status', { name: 'Download result' }),
  };
}

/**
 * Every `_id` the mirror holds for the query, pages asked 20 at a time (the mirror's latency is
 * on every request, the test's too).
 */
async function mirrorIds(mirror: MirrorClient, total: number): Promise<string[]> {
  const pages = Array.from({ length: Math.ceil(total / 50) }, (_, i) => i + 1);
  const ids: string[] = [];
  for (let i = 0; i < pages.length; i += 20) {
    const bodies = await Promise.all(
      pages.slice(i, i + 20).map(async (page) => {
        const params = { max_results: 50, page, sort: '_id', where: JSON.stringify(MRIQC) };
        const { status, body } = await mirror.get('T1w', { ...params, projection: '{"_id":1}' });
        expect(status).toBe(200);
        return body;
      }),
    );
    for (const body of bodies) ids.push(...body._items.map((item) => String(item._id)));
  }
  return ids;
}

const fetched = async (page: Page) => Number(await panel(page).status.getAttribute('data-fetched'));

/** The stored dataset's own record: what it says of itself (total, stored, complete). */
function storedDataset(page: Page) {
  return page.evaluate(async () => {
    const request = indexedDB.open('crowdmri-explorer');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise<Array<{ total: number; stored: number; complete: boolean }>>(
      (resolve, reject) => {
        const r = db.transaction('datasets').objectStore('datasets').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      },
    );
    db.close();
    return all.map(({ total, stored, complete }) => ({ total, stored, complete }));
  });
}

// Issue 10 case 1: a Delete in one tab while another downloaded the same dataset left it
// "Complete" with 38% missing; a second Download of it raced the first.
test('two tabs, one dataset: the second tab joins the download and cannot delete it; the end is the exact set', async ({
  page,
  context,
  request,
}, testInfo) => {
  test.setTimeout(300_000);
  const own = await startMirror(5190, [
    '--records',
    'T1w=15000,T2w=10,bold=10',
    '--seed',
    '42',
    '--latency',
    '150',
  ]);
  const tabB = await context.newPage();
  const errorsB: string[] = [];
  tabB.on('pageerror', (error) => errorsB.push(error.message));
  try {
    const mirror = new MirrorClient(request, own.base);
    const total = await mirror.total('T1w', MRIQC);
    const url = appUrl({ source: own.base, modality: 'T1w', software: 'mriqc' });
    const a = panel(page);
    const b = panel(tabB);

    await page.goto(url);
    // Slow pages, two at a time: tab A is still downloading through all of tab B's steps.
    await page.getByRole('combobox', { name: 'Requests in flight' }).selectOption('2');
    await a.download.click();
    await expect.poll(() => fetched(page), { timeout: 60_000 }).toBeGreaterThan(1000);

    // Tab B, Datasets view (as in the issue): the row says so, and Delete is refused while A
    // downloads. Before, the Delete went through and A ended "Complete" with records missing.
    await tabB.goto(url);
    await tabB.getByRole('tab', { name: 'Datasets' }).click();
    const row = tabB.getByRole('table', { name: 'Saved datasets' }).locator('tbody tr');
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await expect.soft(row).toContainText('Downloading in another tab');
    expect(await fetched(page), 'tab A is still downloading').toBeLessThan(total);
    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = tabB.getByRole('dialog', { name: 'Delete these saved records?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect
      .soft(tabB.getByRole('alert'))
      .toContainText('downloaded in another tab', { timeout: 10_000 });
    await saveScreenshot(tabB, testInfo, 'two-tabs-delete-refused');

    // Tab B's panel shows tab A's download, and its Download joins it instead of racing it.
    await expect.soft(b.result).toContainText('Downloading in another tab');
    await b.download.click();
    await expect.soft(b.result).toContainText('Downloading in another tab');
    await expect
      .soft(async () => expect(await fetched(tabB)).toBeGreaterThan(1000))
      .toPass({ timeout: 10_000 });
    await saveScreenshot(tabB, testInfo, 'two-tabs-joined');

    // While A runs, no tab calls the dataset complete.
    expect.soft(await fetched(page), 'tab A is still downloading').toBeLessThan(total);
    expect((await storedDataset(page)).map((d) => d.complete)).toEqual([false]);

    await expect(a.result).toContainText(/Downloaded [\d,]+ records/, { timeout: 120_000 });
    // Tab B's own run, had one started, must be over too before the store is read.
    await expect(b.result).not.toContainText(/Downloading|Looking for/, { timeout: 120_000 });
    await expect(a.result).toContainText(`Downloaded ${total.toLocaleString('en-US')} records`);

    const expected = await mirrorIds(mirror, total);
    expect(expected).toHaveLength(total);
    const stored = await readStoredIds(page, own.base, 'T1w');
    expect(new Set(stored).size, 'no record stored twice').toBe(stored.length);
    expect([...stored].sort()).toEqual([...expected].sort());
    expect(await storedDataset(page)).toEqual([{ total, stored: total, complete: true }]);

    // Tab B heard the end: its panel and its Datasets row say complete, with the right count.
    await expect(b.result).toContainText(
      `Downloaded ${total.toLocaleString('en-US')} records earlier`,
    );
    await expect(row).toContainText('Complete');
    await expect(row.getByRole('cell').first()).toHaveText(total.toLocaleString('en-US'));
    expect(errorsB).toEqual([]);
  } finally {
    await tabB.close();
    await own.stop();
  }
});
