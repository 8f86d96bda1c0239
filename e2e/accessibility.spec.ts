import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { audit } from './axe-audit.ts';
import {
  appUrl,
  downloadQuery,
  expect,
  MIRROR_API,
  type MirrorClient,
  MRIQC,
  PUBLIC_API,
  saveScreenshot,
  startMirror,
  test,
} from './fixtures.ts';

const T1W_FILE = join(import.meta.dirname, 'fixtures', 'user-group_T1w.tsv');
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Downloads the mirror's T1w records and waits for the table's first row to be filled. */
async function openDownloaded(page: Page, mirror: MirrorClient) {
  const total = await mirror.total('T1w', MRIQC);
  await downloadQuery(page, { source: MIRROR_API }, total);
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(total));
  await expect(grid.locator('tr[aria-rowindex="1"] td').nth(2)).not.toHaveClass(/cell-loading/);
  return grid;
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`axe: first load, downloading, paused (${viewport.name})`, async ({ page }) => {
      test.setTimeout(120_000);
      const found: string[] = [];
      await page.goto('/');
      // The public API (the default) is unreachable here: the page offers the mirror.
      await expect(page.getByRole('button', { name: 'Switch to the local mirror' })).toBeVisible();
      found.push(...(await audit(page, 'first load')));

      const slow = await startMirror(5190, ['--records', 'T1w=3000', '--latency', '400']);
      try {
        await page.goto(appUrl({ source: slow.base, modality: 'T1w', software: 'mriqc' }));
        await page.getByRole('combobox', { name: /Requests in flight/ }).selectOption('1');
        await page.getByRole('button', { name: 'Download', exact: true }).click();
        await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
        found.push(...(await audit(page, 'downloading')));
        await page.getByRole('button', { name: 'Pause' }).click();
        await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible({
          timeout: 15_000,
        });
        found.push(...(await audit(page, 'paused')));
      } finally {
        await slow.stop();
      }
      expect(found, 'serious or critical axe violations').toEqual([]);
    });

    test(`axe: table views, a duplicate group, the column picker, a filter editor (${viewport.name})`, async ({
      page,
      mirror,
    }, testInfo) => {
      test.setTimeout(300_000); // axe over a full page takes seconds per state on a loaded machine
      const found: string[] = [];
      const grid = await openDownloaded(page, mirror);
      found.push(...(await audit(page, 'table, all rows')));

      const rows = page.getByRole('group', { name: 'Rows' });
      await rows.getByRole('radio', { name: 'Unique' }).check();
      await expect(page).toHaveURL(/show=unique/);
      found.push(...(await audit(page, 'table, unique')));
      await rows.getByRole('radio', { name: 'Duplicates' }).check();
      await expect(page).toHaveURL(/show=duplicates/);
      found.push(...(await audit(page, 'table, duplicates')));
      await grid
        .getByRole('button', { name: /uploads of this scan/ })
        .first()
        .click();
      await expect(page.getByRole('region', { name: 'Uploads of this scan' })).toBeVisible();
      found.push(...(await audit(page, 'table, a duplicate group open')));
      await saveScreenshot(page, testInfo, `a11y-table-group-${viewport.name}`);

      await page.getByRole('button', { name: /^Columns/ }).click();
      await expect(page.getByRole('region', { name: 'Choose columns' })).toBeVisible();
      found.push(...(await audit(page, 'table, column picker open')));
      await page.getByRole('button', { name: /^Columns/ }).click();

      await grid.getByRole('button', { name: 'Filter cjv' }).click();
      await expect(page.getByRole('region', { name: 'Filter cjv' })).toBeVisible();
      found.push(...(await audit(page, 'table, a filter editor open')));
      await saveScreenshot(page, testInfo, `a11y-table-filter-${viewport.name}`);
      // Ticked categories, counted in the duplicates view.
      await grid.getByRole('button', { name: 'Filter bids_meta.Manufacturer' }).click();
      const makers = page.getByRole('region', { name: 'Filter bids_meta.Manufacturer' });
      await expect(makers).toContainText('Counts: duplicate rows');
      found.push(...(await audit(page, 'table, a category filter open (duplicates)')));
      expect(found, 'serious or critical axe violations').toEqual([]);
    });

    test(`axe: charts, compare, datasets and the delete dialog (${viewport.name})`, async ({
      page,
      mirror,
    }, testInfo) => {
      test.setTimeout(300_000);
      const found: string[] = [];
      await openDownloaded(page, mirror);
      await page.getByRole('tab', { name: 'Charts' }).click();
      const drawn = page.locator('figure.chart [role="img"][data-drawn="true"]');
      await expect(drawn.first()).toBeVisible();
      await expect(drawn).toHaveCount(await page.locator('figure.chart').count());
      found.push(...(await audit(page, 'charts')));
      await page.getByRole('combobox', { name: 'Group by' }).selectOption('manufacturer');
      await expect(page).toHaveURL(/manufacturer/);
      await expect(drawn).toHaveCount(await page.locator('figure.chart').count());
      found.push(...(await audit(page, 'charts, grouped')));
      await saveScreenshot(page, testInfo, `a11y-charts-grouped-${viewport.name}`);
      await page.getByRole('combobox', { name: 'Group by' }).selectOption('version');
      await expect(page).toHaveURL(/groupby=version/);
      await expect(drawn).toHaveCount(await page.locator('figure.chart').count());
      found.push(...(await audit(page, 'charts, grouped by version (medians)')));

      await page.getByRole('tab', { name: 'Compare' }).click();
      await expect(page.getByLabel('MRIQC group file')).toBeVisible();
      found.push(...(await audit(page, 'compare, empty')));
      await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
      await expect(
        page.getByRole('table', { name: 'Your scans against the crowd' }).locator('tbody tr'),
      ).toHaveCount(148);
      found.push(...(await audit(page, 'compare, loaded')));
      await saveScreenshot(page, testInfo, `a11y-compare-${viewport.name}`);

      await page.getByRole('tab', { name: 'Datasets' }).click();
      await expect(page.getByRole('table', { name: 'Saved datasets' })).toBeVisible();
      found.push(...(await audit(page, 'datasets')));
      await saveScreenshot(page, testInfo, `a11y-datasets-${viewport.name}`);
      await page.getByRole('button', { name: 'Delete' }).first().click();
      await expect(page.getByRole('dialog', { name: 'Delete these saved records?' })).toBeVisible();
      found.push(...(await audit(page, 'the delete dialog')));

      expect(found, 'serious or critical axe violations').toEqual([]);
    });
  });
}

test('"Switch to the local mirror" leaves the focus on the data source, now the mirror', async ({
  page,
}) => {
  await page.goto(appUrl({ source: PUBLIC_API, modality: 'T1w', software: 'mriqc' }));
  await page.getByRole('button', { name: 'Switch to the local mirror' }).click();
  const source = page.getByRole('combobox', { name: 'Data source' });
  await expect(source).toHaveValue(MIRROR_API);
  await expect(source).toBeFocused();
});
