import type { Locator, Page } from '@playwright/test';
import { audit, VIEWPORTS } from './axe-audit.ts';
import {
  appUrl,
  downloadQuery,
  expect,
  MIRROR_API,
  MirrorClient,
  MRIQC,
  readStoredIds,
  saveScreenshot,
  startMirror,
  test,
} from './fixtures.ts';

/** The query of these tests: T1w, mriqc, two versions, one field filter. */
const FILTER = '{"bids_meta.MagneticFieldStrength": 3}';

/** The element starts within the first screenful (the page scrolled to its top). */
async function startsAboveTheFold(page: Page, target: Locator, what: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await target.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  expect(box, `${what} is laid out`).not.toBeNull();
  expect(box!.y + box!.height, `${what} ends within the first ${height} px`).toBeLessThanOrEqual(
    height,
  );
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`a finished download folds the query form to one line; Edit opens it (${viewport.name})`, async ({
      page,
      mirror,
    }, testInfo) => {
      test.setTimeout(180_000);
      const versions = await mirror.frequentVersions('T1w', 2);
      const total = await mirror.total('T1w', {
        ...MRIQC,
        'provenance.version': { $in: versions },
        'bids_meta.MagneticFieldStrength': 3,
      });
      expect(total, 'the query matches records on the mirror').toBeGreaterThan(0);
      await downloadQuery(page, { versions: versions.join(','), where: FILTER }, total);
      const query = new URL(page.url()).search;
      const summary = page.getByRole('region', { name: 'The query' });
      const line = `T1w · mriqc · 2 versions · 1 filter — ${total.toLocaleString('en-US')} records`;
      await expect(summary).toContainText(line);
      await expect(page.getByRole('combobox', { name: 'Modality' })).toBeHidden();
      // Download went away under the keyboard focus: Edit takes it.
      await expect(summary.getByRole('button', { name: 'Edit query' })).toBeFocused();

      const grid = page.getByRole('grid', { name: 'Records' });
      await expect(grid).toHaveAttribute('aria-rowcount', String(total));
      const firstRow = grid.locator('tr[aria-rowindex="1"]');
      await expect(firstRow.locator('td').nth(2)).not.toHaveClass(/cell-loading/);
      await saveScreenshot(page, testInfo, `page-flow-folded-${viewport.name}`);
      // On a phone the table's own toolbar (format, rows, columns) fills the first screen: the
      // tabs and the top of the view are what must show there.
      await startsAboveTheFold(page, page.getByRole('tablist'), 'the view tabs');
      if (viewport.name === 'desktop') {
        await startsAboveTheFold(page, firstRow, "the table's first row");
      }
      const problems = await audit(page, `query folded, table (${viewport.name})`);

      await page.getByRole('tab', { name: 'Charts' }).click();
      const firstChart = page.getByRole('figure').first();
      await expect(firstChart).toBeVisible();
      if (viewport.name === 'desktop') {
        await page.evaluate(() => window.scrollTo(0, 0));
        const chartTop = (await firstChart.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
        expect(chartTop, 'the first chart starts above the fold').toBeLessThan(viewport.height);
      }
      await page.getByRole('tab', { name: 'Table' }).click();

      // Folding is not in the URL (only the view tab wrote to it), and a reload of a complete
      // dataset shows the summary again.
      const url = page.url();
      expect(new URL(url).search).toBe(`${query}&view=table`);
      await page.reload();
      await expect(summary).toContainText(line);
      await expect(page.getByRole('combobox', { name: 'Modality' })).toBeHidden();
      expect(page.url()).toBe(url);

      await summary.getByRole('button', { name: 'Edit query' }).click();
      await expect(page.getByRole('combobox', { name: 'Data source' })).toBeFocused();
      await expect(page.getByRole('combobox', { name: 'Modality' })).toHaveValue('T1w');
      await expect(page.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' })).toHaveValue(
        FILTER,
      );
      await expect(summary).toBeHidden();
      expect(page.url()).toBe(url);
      // The chosen versions' chips ("Remove version 24.0.1" on a "24.0.1 ×" button) fail
      // label-content-name-mismatch whoever opens the form: the versions field's own matter.
      problems.push(
        ...(await audit(page, `query opened again (${viewport.name})`, [
          '[aria-label="Selected versions"]',
        ])),
      );
      expect(problems, 'serious or critical axe violations').toEqual([]);
    });
  });
}

test('a stored dataset opened from the Datasets view shows its records under the folded query', async ({
  page,
  mirror,
}) => {
  const total = await mirror.total('T2w', MRIQC);
  await downloadQuery(page, { modality: 'T2w' }, total);
  await page.goto(appUrl({ source: MIRROR_API, modality: 'bold', software: 'mriqc' }));
  await expect(page.getByRole('combobox', { name: 'Modality' })).toHaveValue('bold');
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await page
    .getByRole('table', { name: 'Saved datasets' })
    .getByRole('row', { name: /^T2w · mriqc/ })
    .getByRole('button', { name: 'Open' })
    .click();
  const summary = page.getByRole('region', { name: 'The query' });
  await expect(summary).toContainText(
    `T2w · mriqc · all versions — ${total.toLocaleString('en-US')} records`,
  );
  await expect(page.getByRole('grid', { name: 'Records' })).toHaveAttribute(
    'aria-rowcount',
    String(total),
  );
  await expect(summary.getByRole('button', { name: 'Edit query' })).toBeFocused();
});

/** A slow mirror (300 ms an answer), one request at a time: a download that can be caught halfway. */
async function pausedHalfway(page: Page, base: string, atLeast: number) {
  await page.goto(appUrl({ source: base, modality: 'T1w', software: 'mriqc' }));
  await page.getByRole('combobox', { name: /Requests in flight/ }).selectOption('1');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const status = page.getByRole('status', { name: 'Download status' });
  const fetched = async () => Number(await status.getAttribute('data-fetched'));
  await expect.poll(fetched, { timeout: 60_000 }).toBeGreaterThanOrEqual(atLeast);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 15_000 });
  return { fetched };
}

for (const viewport of VIEWPORTS) {
  test.describe(`partial, at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`a partial dataset: Resume is the main action, "Start over" asks first (${viewport.name})`, async ({
      page,
      request,
    }, testInfo) => {
      test.setTimeout(180_000);
      const slow = await startMirror(5197, ['--records', 'T1w=1000', '--latency', '300']);
      try {
        const server = new MirrorClient(request, slow.base);
        const total = await server.total('T1w', MRIQC);
        const { fetched } = await pausedHalfway(page, slow.base, 250);
        const kept = await fetched();
        const resume = page.getByRole('button', { name: 'Resume' });
        const startOver = page.getByRole('button', { name: 'Start over' });
        await expect(resume).toHaveClass(/\bprimary\b/);
        await expect(startOver).toHaveClass(/\bsecondary\b/);
        await expect(page.getByRole('button', { name: 'Download', exact: true })).toHaveCount(0);
        const problems = await audit(page, `partial: Resume and Start over (${viewport.name})`);
        await saveScreenshot(page, testInfo, `page-flow-partial-${viewport.name}`);

        // Every view of the records says, above them, that they are not all there.
        const held = `${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records — download incomplete`;
        const banner = page.getByRole('note').filter({ hasText: 'download incomplete' });
        await expect(banner).toContainText(held);
        await expect(banner).toContainText('Resume');
        const grid = page.getByRole('grid', { name: 'Records' });
        await expect(grid).toBeVisible();
        expect((await banner.boundingBox())!.y).toBeLessThan((await grid.boundingBox())!.y);
        for (const tab of ['Charts', 'Compare'] as const) {
          await page.getByRole('tab', { name: tab }).click();
          await expect(banner).toContainText(held);
          problems.push(...(await audit(page, `partial: ${tab} (${viewport.name})`)));
          await saveScreenshot(page, testInfo, `page-flow-partial-${tab}-${viewport.name}`);
        }
        await page.getByRole('tab', { name: 'Datasets' }).click();
        await expect(banner).toBeHidden();
        await page.getByRole('tab', { name: 'Table' }).click();

        // Cancel keeps every saved record.
        await startOver.click();
        const dialog = page.getByRole('dialog', { name: 'Start this download over?' });
        await expect(dialog).toContainText(
          `The ${kept.toLocaleString('en-US')} records already saved for this query will be dropped`,
        );
        await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
        problems.push(...(await audit(page, `the Start over dialog (${viewport.name})`)));
        await saveScreenshot(page, testInfo, `page-flow-start-over-${viewport.name}`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await expect(dialog).toBeHidden();
        expect(await fetched()).toBe(kept);
        await expect(resume).toBeVisible();

        // Confirmed: the saved records go, and the download counts again from the first page.
        await startOver.click();
        await dialog.getByRole('button', { name: 'Drop them and start over' }).click();
        await expect(dialog).toBeHidden();
        await expect.poll(fetched, { timeout: 30_000 }).toBeLessThan(kept);
        await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
          `Downloaded ${total.toLocaleString('en-US')} records`,
          { timeout: 60_000 },
        );
        // Exactly the server's set, none twice.
        expect(await readStoredIds(page, slow.base, 'T1w')).toEqual(await server.ids('T1w', MRIQC));
        expect(problems, 'serious or critical axe violations').toEqual([]);
      } finally {
        await slow.stop();
      }
    });
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`datasets, at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`Refresh in the Datasets view stays there and says how it went (${viewport.name})`, async ({
      page,
      mirror,
    }, testInfo) => {
      test.setTimeout(120_000);
      const total = await mirror.total('T2w', MRIQC);
      await downloadQuery(page, { modality: 'T2w' }, total);
      // Another query is the page's: the refreshed dataset is not the one on show.
      await page.goto(
        appUrl({ source: MIRROR_API, modality: 'bold', software: 'mriqc', view: 'datasets' }),
      );
      const row = page
        .getByRole('table', { name: 'Saved datasets' })
        .getByRole('row', { name: /^T2w · mriqc/ });
      await row.getByRole('button', { name: 'Refresh' }).click();
      const datasetsTab = page.getByRole('tab', { name: 'Datasets' });
      await expect(
        page.getByRole('status').filter({ hasText: 'Refreshed T2w · mriqc · all versions' }),
      ).toHaveText(
        `Refreshed T2w · mriqc · all versions: no new records (${total.toLocaleString('en-US')} records in all).`,
        { timeout: 60_000 },
      );
      await expect(datasetsTab).toHaveAttribute('aria-selected', 'true');
      const url = new URL(page.url());
      expect(url.searchParams.get('view')).toBe('datasets');
      expect(url.searchParams.get('modality')).toBe('bold');
      await expect(row.getByRole('cell').nth(4)).toHaveText('Complete');
      const problems = await audit(page, `datasets after a refresh (${viewport.name})`);
      await saveScreenshot(page, testInfo, `page-flow-datasets-refreshed-${viewport.name}`);

      // Open still goes to the dataset's records.
      await row.getByRole('button', { name: 'Open' }).click();
      await expect(page.getByRole('tab', { name: 'Table' })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await expect(page.getByRole('grid', { name: 'Records' })).toHaveAttribute(
        'aria-rowcount',
        String(total),
      );
      expect(problems, 'serious or critical axe violations').toEqual([]);
    });
  });
}
