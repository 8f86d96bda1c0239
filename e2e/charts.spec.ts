import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  APP_VERSION,
  downloadQuery,
  expect,
  type MirrorClient,
  MRIQC,
  saveScreenshot,
  test,
} from './fixtures.ts';

const PAPER = {
  T1w: ['cjv', 'cnr', 'snr_wm', 'fwhm_avg', 'wm2max'],
  bold: ['fd_mean', 'dvars_nstd', 'gcor', 'gsr_x', 'gsr_y', 'tsnr'],
};

/** Downloads the modality's mriqc records from the configured mirror and opens the Charts tab. */
async function downloadAndOpenCharts(page: Page, mirror: MirrorClient, modality: 'T1w' | 'bold') {
  const total = await mirror.total(modality, MRIQC);
  await downloadQuery(page, { modality }, total);
  await page.getByRole('tab', { name: 'Charts' }).click();
  return total;
}

/** A chart by its title, and its drawing (role img, named by the summary of what it shows). */
function chart(page: Page, title: string) {
  const figure = page.getByRole('figure', { name: title, exact: true });
  return { figure, picture: figure.getByRole('img') };
}

async function expectDrawn(page: Page, title: string) {
  const { figure, picture } = chart(page, title);
  await expect(figure).toBeVisible();
  await expect(picture).toHaveAttribute('data-drawn', 'true');
  await expect(picture.locator('svg').first()).toBeVisible();
}

/** Reads "1,234" out of a label with a pattern whose first group is the number. */
async function numberIn(label: Promise<string | null>, pattern: RegExp): Promise<number> {
  const match = pattern.exec((await label) ?? '');
  expect(match, `${pattern} in ${await label}`).not.toBeNull();
  return Number(match![1]!.replaceAll(',', ''));
}

/**
 * Unique scans as the mirror answers them: one per distinct provenance.md5sum, plus every
 * record without one (never a duplicate of anything), paged out with a projection.
 */

/** The summary table's row for an IQM and group: the cells after the IQM (unit, group, n, …). */
async function summaryRow(page: Page, iqm: string, group: string): Promise<string[]> {
  const table = page.getByRole('table', { name: /Per IQM/ });
  const row = table.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: iqm, exact: true }),
    hasText: group,
  });
  await expect(row).toHaveCount(1);
  return row.getByRole('cell').allTextContents();
}

test('T1w charts: the paper figures drawn, with totals and counts the mirror confirms', async ({
  page,
  mirror,
}, testInfo) => {
  const total = await downloadAndOpenCharts(page, mirror, 'T1w');
  const unique = await mirror.uniqueScans('T1w', MRIQC);
  expect(unique).toBeLessThan(total); // the seeded data holds re-uploads: the lines differ

  // Records over time: the final total and unique counts are the mirror's.
  await expectDrawn(page, 'Records over time — T1w');
  const timeline = chart(page, 'Records over time — T1w').picture;
  const label = timeline.getAttribute('aria-label');
  expect(await numberIn(label, /([\d,]+) uploads in total/)).toBe(total);
  expect(await numberIn(label, /([\d,]+) unique scans/)).toBe(unique);
  await expect(chart(page, 'Records over time — T1w').figure).toContainText('All uploads');

  for (const iqm of PAPER.T1w) await expectDrawn(page, `Distribution of ${iqm}`);
  // Axis labels carry units: cjv is a ratio, fwhm_avg is in voxels.
  await expect(chart(page, 'Distribution of cjv').picture.locator('svg')).toContainText(
    'cjv (dimensionless)',
  );
  await expect(chart(page, 'Distribution of fwhm_avg').picture.locator('svg')).toContainText(
    'fwhm_avg (voxels)',
  );
  for (const title of [
    'Records by manufacturer',
    'Records by field strength',
    'Records by MRIQC version',
  ]) {
    await expectDrawn(page, title);
  }

  // Counts by manufacturer: GE's bar is the mirror's count of GE records.
  const ge = await mirror.total('T1w', { ...MRIQC, 'bids_meta.Manufacturer': 'GE' });
  expect(ge).toBeGreaterThan(0);
  const makers = chart(page, 'Records by manufacturer').picture.getAttribute('aria-label');
  expect(await numberIn(makers, /GE ([\d,]+)/)).toBe(ge);
  const threeTesla = await mirror.total('T1w', { ...MRIQC, 'bids_meta.MagneticFieldStrength': 3 });
  const fields = chart(page, 'Records by field strength').picture.getAttribute('aria-label');
  expect(await numberIn(fields, /\b3 T ([\d,]+)/)).toBe(threeTesla);

  // Summary table per manufacturer: n for GE = the mirror's GE count (cjv is required).
  const all = await summaryRow(page, 'cjv', 'All records');
  expect(all.slice(1, 3)).toEqual(['All records', total.toLocaleString('en-US')]);
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('manufacturer');
  const geRow = await summaryRow(page, 'cjv', 'GE');
  expect(geRow.slice(1, 4)).toEqual(['GE', ge.toLocaleString('en-US'), '0']);
  // Grouped distributions get a legend naming each manufacturer.
  await expect(chart(page, 'Distribution of cjv').picture).toHaveAttribute(
    'aria-label',
    new RegExp(`by manufacturer: .*GE \\(${ge.toLocaleString('en-US')}\\)`),
  );
  await expect(chart(page, 'Distribution of cjv').figure).toContainText(
    'one line per manufacturer',
  );
  await saveScreenshot(page, testInfo, 'charts-t1w-by-manufacturer');
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('none');
  await expect(page.getByRole('table', { name: /Per IQM/ }).getByRole('row')).toHaveCount(
    1 + PAPER.T1w.length,
  );
  await saveScreenshot(page, testInfo, 'charts-t1w');
});

test('the unique view and a filter change the charts: one line, fewer records in every chart', async ({
  page,
  mirror,
}, testInfo) => {
  const total = await downloadAndOpenCharts(page, mirror, 'T1w');
  const unique = await mirror.uniqueScans('T1w', MRIQC);
  await expectDrawn(page, 'Distribution of cjv');
  const before = chart(page, 'Distribution of cjv').picture.getAttribute('aria-label');
  expect(await numberIn(before, /over ([\d,]+) records/)).toBe(total);

  const url = new URL(page.url());
  url.searchParams.set('show', 'unique');
  await page.goto(url.toString());
  await expect(page.getByRole('tab', { name: 'Charts' })).toHaveAttribute('aria-selected', 'true');
  await expectDrawn(page, 'Records over time — T1w');
  const timeline = chart(page, 'Records over time — T1w');
  await expect(timeline.picture).toHaveAttribute('aria-label', /unique scans/);
  const label = timeline.picture.getAttribute('aria-label');
  expect(await numberIn(label, /([\d,]+) unique scans/)).toBe(unique);
  expect(await label).not.toContain('uploads in total');
  await expect(timeline.figure).not.toContainText('All uploads');

  await expectDrawn(page, 'Distribution of cjv');
  const after = chart(page, 'Distribution of cjv').picture.getAttribute('aria-label');
  expect(await numberIn(after, /over ([\d,]+) records/)).toBe(unique);
  expect((await summaryRow(page, 'snr_wm', 'All records'))[2]).toBe(unique.toLocaleString('en-US'));
  const versions = chart(page, 'Records by MRIQC version').picture.getAttribute('aria-label');
  const counted = ((await versions) ?? '').match(/ ([\d,]+)(?=;|\.$)/g) ?? [];
  expect(counted.reduce((sum, n) => sum + Number(n.trim().replaceAll(',', '')), 0)).toBe(unique);
  await saveScreenshot(page, testInfo, 'charts-t1w-unique');

  // A filter of the view (the table's f param) narrows every chart to its rows.
  const ge = await mirror.total('T1w', { ...MRIQC, 'bids_meta.Manufacturer': 'GE' });
  url.searchParams.delete('show');
  url.searchParams.append('f', 'bids_meta.Manufacturer:in:["GE"]');
  await page.goto(url.toString());
  await expectDrawn(page, 'Records over time — T1w');
  const filtered = chart(page, 'Records over time — T1w').picture.getAttribute('aria-label');
  expect(await numberIn(filtered, /([\d,]+) uploads in total/)).toBe(ge);
  const makers = chart(page, 'Records by manufacturer').picture;
  await expect(makers).toHaveAttribute(
    'aria-label',
    `Records by manufacturer: GE ${ge.toLocaleString('en-US')}.`,
  );
});

test('the summary table copies as TSV, says so when the clipboard is denied, and downloads as CSV', async ({
  page,
  mirror,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const total = await downloadAndOpenCharts(page, mirror, 'T1w');
  await expectDrawn(page, 'Distribution of cjv');
  await page.getByRole('button', { name: 'Copy table' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText(
    `Copied ${PAPER.T1w.length} rows`,
  );
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.trimEnd().split('\n');
  expect(lines[0]!.split('\t')).toEqual([
    ...['IQM', 'Unit', 'Group', 'n', 'No value', 'Median', 'Q1', 'Q3', 'IQR', 'p01', 'p99'],
  ]);
  expect(lines).toHaveLength(1 + PAPER.T1w.length);
  expect(lines[1]!.split('\t').slice(0, 4)).toEqual([
    'cjv',
    'dimensionless',
    'All records',
    `${total}`,
  ]);

  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download table (CSV)' }).click();
  const file = await downloadEvent;
  expect(file.suggestedFilename()).toBe(`crowdmri-v${APP_VERSION}_T1w-iqm-summary_synthetic.csv`);
  const csv = readFileSync((await file.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv).toHaveLength(1 + PAPER.T1w.length);
  expect(csv[2]!.split(',').slice(0, 4)).toEqual([
    'cnr',
    'dimensionless',
    'All records',
    `${total}`,
  ]);

  // A browser that refuses the clipboard: the page says so and offers the download.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.getByRole('button', { name: 'Copy table' }).click();
  const denied = page.getByRole('alert').filter({ hasText: 'clipboard' });
  await expect(denied).toContainText('did not let this page write to the clipboard');
  await expect(denied).toContainText('Download table (CSV)');
});

test('bold charts: the paper six IQMs and the counts are drawn', async ({
  page,
  mirror,
}, testInfo) => {
  const total = await downloadAndOpenCharts(page, mirror, 'bold');
  await expectDrawn(page, 'Records over time — bold');
  const label = chart(page, 'Records over time — bold').picture.getAttribute('aria-label');
  expect(await numberIn(label, /([\d,]+) uploads in total/)).toBe(total);
  for (const iqm of PAPER.bold) await expectDrawn(page, `Distribution of ${iqm}`);
  await expect(chart(page, 'Distribution of fd_mean').picture.locator('svg')).toContainText(
    'fd_mean (mm)',
  );
  await expectDrawn(page, 'Records by MRIQC version');
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('field');
  await expect(chart(page, 'Distribution of tsnr').picture).toHaveAttribute(
    'aria-label',
    /by field strength: .*\d(\.\d)? T \(/,
  );
  await saveScreenshot(page, testInfo, 'charts-bold-by-field');
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('none');
  await saveScreenshot(page, testInfo, 'charts-bold');

  // Any IQM of the dataset can be added, and removed again.
  await page.getByRole('combobox', { name: 'Add a distribution' }).selectOption('aor');
  await expectDrawn(page, 'Distribution of aor');
  await page.getByRole('button', { name: 'Remove the aor chart' }).click();
  await expect(chart(page, 'Distribution of aor').figure).toHaveCount(0);

  // The log toggle flips the axis, whichever one was suggested.
  const gcor = chart(page, 'Distribution of gcor').picture;
  const wasLog = /; log axis/.test((await gcor.getAttribute('aria-label')) ?? '');
  await page.getByRole('checkbox', { name: 'Log axis for gcor' }).click();
  await expect(gcor).toHaveAttribute('aria-label', wasLog ? /; linear axis/ : /; log axis/);

  // The full range hides nothing: no tails counted.
  await expect(chart(page, 'Distribution of tsnr').picture).toHaveAttribute(
    'aria-label',
    /below p01/,
  );
  await page.getByRole('checkbox', { name: /Clip axes to p01–p99/ }).uncheck();
  await expect(chart(page, 'Distribution of tsnr').picture).not.toHaveAttribute(
    'aria-label',
    /below p01|not shown/,
  );

  // The settings live in the URL: a reload (or a shared link) draws the same charts.
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('version');
  await page.getByRole('button', { name: 'Remove the tsnr chart' }).click();
  await expect(page).toHaveURL(/groupby=version/);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Group by' })).toHaveValue('version');
  await expect(page.getByRole('checkbox', { name: /Clip axes to p01–p99/ })).not.toBeChecked();
  await expectDrawn(page, 'Distribution of gcor');
  await expect(gcor).toHaveAttribute('aria-label', wasLog ? /; linear axis/ : /; log axis/);
  await expect(chart(page, 'Distribution of tsnr').figure).toHaveCount(0);
  await expect(chart(page, 'Distribution of fd_mean').figure).toHaveCount(1);
  // Back undoes the last change (the removed chart returns).
  await page.goBack();
  await expectDrawn(page, 'Distribution of tsnr');
});
