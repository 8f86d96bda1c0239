import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import {
  APP_VERSION,
  downloadQuery,
  expect,
  type MirrorClient,
  MRIQC,
  saveScreenshot,
  test,
} from './fixtures.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const T1W_FILE = join(FIXTURES, 'user-group_T1w.tsv');
const BOLD_FILE = join(FIXTURES, 'user-group_bold.tsv');

/** Downloads every mriqc record of `modality` from the configured mirror and opens Compare. */
async function downloadAndOpenCompare(page: Page, mirror: MirrorClient, modality: string) {
  const total = await mirror.total(modality, MRIQC);
  await downloadQuery(page, { modality }, total);
  await page.getByRole('tab', { name: 'Compare' }).click();
  return total;
}

/** The user's file read the plainest way: header and cells per scan. */
function readTsv(path: string) {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = lines[0]!.split('\t');
  return { header, rows: lines.slice(1).map((line) => line.split('\t')) };
}

/** Every value of `field` the mirror holds for the query, paged out by `_id`. */
async function crowdValues(mirror: MirrorClient, modality: string, field: string) {
  const values: number[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await mirror.get(modality, {
      where: JSON.stringify(MRIQC),
      sort: '_id',
      max_results: 50,
      page,
    });
    expect(status).toBe(200);
    for (const item of body._items) {
      const v = item[field];
      if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
    }
    if (page * body._meta.max_results >= body._meta.total) return values;
  }
}

/** scipy.stats.percentileofscore(values, x, kind='mean'). */
function percentileOfScore(values: readonly number[], x: number): number {
  const below = values.filter((v) => v < x).length;
  const atOrBelow = values.filter((v) => v <= x).length;
  return ((below + atOrBelow) / 2 / values.length) * 100;
}

async function screenshotOf(page: Page, testInfo: TestInfo, name: string, selector: string) {
  const path = join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
  await page.locator(selector).screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('a T1w group file: every scan gets its percentiles against the downloaded crowd', async ({
  page,
  mirror,
}, testInfo) => {
  const total = await downloadAndOpenCompare(page, mirror, 'T1w');
  const { header, rows } = readTsv(T1W_FILE);
  // The crowd is unique scans unless asked: this test checks a percentile against every upload
  // the mirror holds, so it asks, and the choice goes into the URL.
  await expect(page.getByTestId('compare-crowd-n')).toContainText('unique scans');
  await page.getByRole('radio', { name: 'Every upload' }).check();
  await expect(page.getByTestId('compare-crowd-n')).toHaveText(
    `Crowd: ${total.toLocaleString('en-US')} uploads (duplicates included).`,
  );
  expect(new URL(page.url()).searchParams.get('crowd')).toBe('all');
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);

  const table = page.getByRole('table', { name: 'Your scans against the crowd' });
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(rows.length);
  expect(rows.length).toBe(148);
  await expect(
    page.getByText(`${rows.length} scans from user-group_T1w.tsv compared`),
  ).toBeVisible();

  // The table opens on the paper's T1w IQMs (those the file has), not on whichever IQM the
  // worker happened to finish first.
  const paper = ['cjv', 'cnr', 'snr_wm', 'fwhm_avg', 'wm2max'].filter((n) => header.includes(n));
  expect(paper.length).toBeGreaterThan(2);
  await expect(page.getByText(`IQM columns: ${paper.length} of `)).toBeVisible();
  for (const name of paper) {
    await expect(table.getByRole('button', { name, exact: true })).toBeVisible();
  }

  // One percentile a user would check, computed here from the mirror's own values.
  const iqm = 'cjv';
  const scanRow = rows[3]!;
  const scan = scanRow[header.indexOf('bids_name')]!;
  const value = Number(scanRow[header.indexOf(iqm)]);
  const expected = percentileOfScore(await crowdValues(mirror, 'T1w', iqm), value);

  const headers = await table.locator('thead th').allTextContents();
  const column = headers.findIndex((text) => new RegExp(`^${iqm}(?!\\w)`).test(text.trim()));
  expect(column, `a ${iqm} column`).toBeGreaterThan(1);
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: scan, exact: true }) });
  const cell = row.locator('th, td').nth(column);
  // The cell reads e.g. "87", "4 ✓" or "99.6 ⚑": the percentile as shown comes first.
  const shown = /^[\d.]+/.exec(((await cell.textContent()) ?? '').trim())?.[0] ?? '';
  expect(shown, 'a percentile in the cell').toMatch(/\d/);
  const decimals = shown.split('.')[1]?.length ?? 0;
  expect(Math.abs(Number(shown) - expected)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);

  // Sorting by that IQM puts the scan with the highest value (so percentile) first.
  await table.getByRole('button', { name: iqm, exact: true }).click();
  await expect(table.getByRole('columnheader', { name: new RegExp(`^${iqm}`) })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const byValue = [...rows].sort(
    (a, b) => Number(b[header.indexOf(iqm)]) - Number(a[header.indexOf(iqm)]),
  );
  await expect(table.locator('tbody tr').first().getByRole('rowheader')).toHaveText(
    byValue[0]![header.indexOf('bids_name')]!,
  );

  await saveScreenshot(page, testInfo, 'compare-results');
  await screenshotOf(page, testInfo, 'compare-overlay-chart', '.compare-charts');
  await screenshotOf(page, testInfo, 'compare-view', 'section.compare');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export comparison' }).click();
  expect((await download).suggestedFilename()).toBe(
    `crowdmri-v${APP_VERSION}_comparison-user-group-T1w-vs-crowd-T1w_synthetic.csv`,
  );
  const csv = readFileSync(await (await download).path(), 'utf8');
  const csvLines = csv.trim().split(/\r?\n/);
  expect(csvLines.length).toBe(rows.length + 1);
  const csvHeader = csvLines[0]!.split(',');
  const csvRow = csvLines.find((line) => line.startsWith(`${scan},`))!.split(',');
  expect(Number(csvRow[csvHeader.indexOf(`${iqm}_percentile`)])).toBeCloseTo(expected, 2);
  // The IQMs come in the file's order (the work is split between workers, the result is not).
  expect(csvHeader.slice(0, 5)).toEqual([
    'bids_name',
    'flags',
    'tested',
    'flag_chance',
    'flagged_iqms',
  ]);
  const csvIqms = csvHeader.slice(5).filter((_, i) => i % 3 === 0);
  expect(csvIqms.length).toBeGreaterThan(50);
  expect(csvIqms).toEqual(header.filter((name) => csvIqms.includes(name)));
});

test('a bold group file against the T1w dataset says so and offers to switch to bold', async ({
  page,
  mirror,
}, testInfo) => {
  await downloadAndOpenCompare(page, mirror, 'T1w');
  await page.getByLabel('MRIQC group file').setInputFiles(BOLD_FILE);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This is a bold group file');
  await expect(alert).toContainText('the crowd dataset you are viewing is T1w');
  await expect(page.getByRole('table', { name: 'Your scans against the crowd' })).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'compare-wrong-modality');

  await page.getByRole('button', { name: 'Switch to bold' }).click();
  await expect(page.getByRole('combobox', { name: 'Modality' })).toHaveValue('bold');
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('No records of bold')).toBeVisible();
});

test('broken files get their own message, and the page keeps working', async ({ page, mirror }) => {
  await downloadAndOpenCompare(page, mirror, 'T1w');
  const input = page.getByLabel('MRIQC group file');
  const alert = page.getByRole('alert');
  const file = (name: string, text: string) => ({
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(text),
  });

  await input.setInputFiles(file('group_T1w.csv', 'bids_name;cjv;cnr\nsub-01_T1w;0,45;2,9\n'));
  await expect(alert).toContainText('separated by semicolons (;)');
  await expect(alert).toContainText('Expected tab-separated values');

  await input.setInputFiles(file('empty.tsv', ''));
  await expect(alert).toContainText('The file is empty');

  await input.setInputFiles(file('no-name.tsv', 'subject\tcjv\nsub-01\t0.4\n'));
  await expect(alert).toContainText('There is no bids_name column');

  await input.setInputFiles(file('demographics.tsv', 'bids_name\tage\nsub-01_T1w\t31\n'));
  await expect(alert).toContainText('no IQM columns');

  // Non-numeric cells: compared anyway, with a note naming the column and line.
  await input.setInputFiles(
    file('typo.tsv', 'bids_name\tcjv\tcnr\nsub-01_T1w\t0.45\t3.1\nsub-02_T1w\tO.5\t2.9\n'),
  );
  await expect(page.getByRole('note', { name: 'Notes on your file' })).toContainText(
    'Column cjv: 1 cell is not a number (first on line 3: "O.5"), kept as missing.',
  );
  const table = page.getByRole('table', { name: 'Your scans against the crowd' });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(alert).toHaveCount(0);

  // The real file still works afterwards, and so do the other views.
  await input.setInputFiles(T1W_FILE);
  await expect(table.locator('tbody tr')).toHaveCount(148);
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByLabel('MRIQC group file')).toBeVisible();
});

test('on a phone the compared scans stay inside their scrolling box: no sideways page scroll, no empty page below', async ({
  page,
  mirror,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await downloadAndOpenCompare(page, mirror, 'T1w');
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  const table = page.getByRole('table', { name: 'Your scans against the crowd' });
  await expect(table.locator('tbody tr')).toHaveCount(148);

  const page_ = await page.evaluate(() => {
    const root = document.documentElement;
    const footer = document.querySelector('footer')!.getBoundingClientRect();
    // Text for screen readers only must be placed by the results' box (and scroll and clip
    // with it), not by the page's own box, where it stretches the page.
    const outside = [...document.querySelectorAll('.compare-table-wrap .visually-hidden')].filter(
      (span) => {
        const placedBy = (span as HTMLElement).offsetParent;
        return !placedBy || !span.closest('.compare-table-wrap')!.contains(placedBy);
      },
    ).length;
    return {
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      scrollHeight: root.scrollHeight,
      contentBottom: footer.bottom + window.scrollY,
      outside,
    };
  });
  expect(page_.outside, 'screen-reader spans outside the results box').toBe(0);
  expect(page_.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(page_.clientWidth);
  // The page ends where its content (the footer, then the body's margin) ends.
  expect(page_.scrollHeight, 'empty page below the footer').toBeLessThanOrEqual(
    Math.ceil(page_.contentBottom) + 80,
  );
  await saveScreenshot(page, testInfo, 'compare-results-phone');
});
