import { join } from 'node:path';
import {
  appUrl,
  downloadQuery,
  E2E_MIRROR_HOST,
  expect,
  MRIQC,
  PUBLIC_API,
  saveScreenshot,
  test,
} from './fixtures.ts';

const T1W_FILE = join(import.meta.dirname, 'fixtures', 'user-group_T1w.tsv');
const MARK = 'Synthetic demo data';

test('data from the local mirror say "Synthetic demo data" on every view, in every chart, in export file names and in the footer', async ({
  page,
  mirror,
}, testInfo) => {
  test.setTimeout(120_000); // four views, a comparison and two exports
  // Exports as a Blob download (no File System Access picker), so the file name can be read.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
  const total = await mirror.total('T1w', MRIQC);
  await downloadQuery(page, {}, total);
  const mark = page.getByRole('tabpanel').getByRole('note').filter({ hasText: MARK });
  const footer = page.getByRole('contentinfo');
  await expect(footer).toContainText(
    `synthetic demo records from the local mirror at ${E2E_MIRROR_HOST}`,
  );
  await expect(footer).not.toContainText('mriqc.nimh.nih.gov');

  // The query, folded after the download, names the source as synthetic; opened, the form
  // shows its own banner.
  await expect(page.getByRole('region', { name: 'The query' })).toContainText(
    'Local mirror (synthetic)',
  );
  await page.getByRole('button', { name: 'Edit query' }).click();
  await expect(
    page.getByRole('note').filter({ hasText: 'synthetic demo data, not real scans' }),
  ).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Records' })).toBeVisible();
  await expect(mark).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^crowdmri-v[^_]+_T1w_mriqc_.*_synthetic_\d{4}-\d\d-\d\d\.csv$/,
  );

  // Charts: the view's mark, and one inside every drawing (an SVG <text>, so a screenshot or a
  // saved figure carries it).
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(mark).toBeVisible();
  const drawings = page.locator('figure.chart [role="img"][data-drawn="true"]');
  await expect(drawings.first()).toBeVisible();
  const figures = await page.locator('figure.chart').count();
  await expect(drawings).toHaveCount(figures);
  for (let i = 0; i < figures; i++) {
    await expect(drawings.nth(i).locator('svg text', { hasText: MARK })).toHaveCount(1);
  }
  await saveScreenshot(page, testInfo, 'synthetic-charts');
  await page
    .locator('figure.chart')
    .nth(1)
    .screenshot({ path: join(testInfo.project.outputDir, 'screenshots', 'synthetic-chart.png') });

  // Compare: the view's mark, each overlay chart, and the comparison's file name.
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(mark).toBeVisible();
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  const overlays = page.locator('figure.compare-chart');
  await expect(overlays.first().locator('svg text', { hasText: MARK })).toHaveCount(1);
  const overlayCount = await overlays.count();
  for (let i = 0; i < overlayCount; i++) {
    await expect(overlays.nth(i).locator('svg text', { hasText: MARK })).toHaveCount(1);
  }
  await overlays
    .first()
    .screenshot({ path: join(testInfo.project.outputDir, 'screenshots', 'synthetic-overlay.png') });
  const [comparison] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export comparison' }).click(),
  ]);
  expect(comparison.suggestedFilename()).toContain('_synthetic');

  // Datasets: the view's mark, and the stored dataset's row.
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(mark).toBeVisible();
  await expect(page.getByRole('rowheader').filter({ hasText: 'T1w' })).toContainText(
    'synthetic demo data',
  );
  await saveScreenshot(page, testInfo, 'synthetic-datasets');
});

test('the public API as source: no synthetic mark, and the footer names it', async ({ page }) => {
  await page.goto(appUrl({ source: PUBLIC_API, modality: 'T1w', software: 'mriqc' }));
  await expect(page.getByRole('contentinfo')).toContainText(
    'the MRIQC Web API at mriqc.nimh.nih.gov',
  );
  await expect(page.getByRole('tab', { name: 'Table' })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: MARK })).toHaveCount(0);
});
