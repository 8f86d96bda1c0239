import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from './axe-audit.ts';
import { downloadQuery, expect, MRIQC, saveScreenshot, test } from './fixtures.ts';

const T1W_FILE = join(import.meta.dirname, 'fixtures', 'user-group_T1w.tsv');
/** The real group file's columns: the IQMs an MRIQC group TSV carries, in its order. */
const HEADER = readFileSync(T1W_FILE, 'utf8').split(/\r?\n/)[0]!.split('\t');
/** Image size and voxel spacing: never flagged (the protocol, not its quality). */
const GEOMETRY = /^(size|spacing)_[xyz]$/;
const SCANS = 150;

test('calibration: a group file made of the crowd’s own records gets flags at the stated chance rate', async ({
  page,
  mirror,
}, testInfo) => {
  test.setTimeout(240_000);
  const total = await mirror.total('T1w', MRIQC);
  await downloadQuery(page, { modality: 'T1w' }, total);
  await page.getByRole('tab', { name: 'Compare' }).click();

  // ~150 records spread over the whole collection, fetched from the mirror here, written as an
  // MRIQC group TSV (the real file's columns; a missing IQM is an empty cell).
  const records = await mirror.records('T1w', MRIQC);
  expect(records.length).toBe(total);
  const step = Math.floor(records.length / SCANS);
  const picked = Array.from({ length: SCANS }, (_, i) => records[i * step]!);
  const iqms = HEADER.filter((name) => name !== 'bids_name');
  const lines = [
    ['bids_name', ...iqms].join('\t'),
    ...picked.map((record, i) =>
      [
        `sub-crowd${String(i + 1).padStart(3, '0')}_T1w`,
        ...iqms.map((iqm) => (typeof record[iqm] === 'number' ? String(record[iqm]) : '')),
      ].join('\t'),
    ),
  ];
  await page.getByLabel('MRIQC group file').setInputFiles({
    name: 'crowd-drawn_T1w.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: Buffer.from(`${lines.join('\n')}\n`),
  });
  const table = page.getByRole('table', { name: 'Your scans against the crowd' });
  await expect(table.locator('tbody tr')).toHaveCount(SCANS);
  await expect(page.getByText(`${SCANS} scans from crowd-drawn_T1w.tsv compared`)).toBeVisible();
  // Rows show as the first IQMs finish; the figures below are those of every IQM compared (a CI
  // run read "52 IQMs tested" of 62 while the rest were still being compared).
  await expect(page.getByText(/^Comparing with the crowd:/)).toHaveCount(0);

  // The page states k IQMs tested at p; k is every IQM the records have, geometry left out.
  const rate = page.getByTestId('compare-chance-rate');
  const stated = /By chance: (\d+) IQMs tested at p = ([\d.]+)% each/.exec(
    (await rate.textContent()) ?? '',
  );
  expect(stated, 'the chance rate in words').not.toBeNull();
  const k = Number(stated![1]);
  const p = Number(stated![2]) / 100;
  const withValues = iqms.filter(
    (iqm) => !GEOMETRY.test(iqm) && picked.some((r) => typeof r[iqm] === 'number'),
  );
  expect(k).toBe(withValues.length);
  await expect(rate).toContainText(`a typical scan gets about ${k} × ${p} =`);

  // Flags per scan: the scans are crowd members, so each tested IQM flags one with chance p.
  // Tolerance: 4 binomial SDs of a mean of SCANS scans × k IQMs; IQMs that move together
  // (the summary statistics) make the real spread wider, so 4, not 2.
  const mean = Number(await page.getByTestId('compare-mean-flags').textContent());
  const sd = Math.sqrt((k * p * (1 - p)) / SCANS);
  console.log(
    `calibration: mean flags per scan ${mean}, expected ${k * p} ± ${(4 * sd).toFixed(3)}`,
  );
  expect(Math.abs(mean - k * p)).toBeLessThanOrEqual(4 * sd);

  // Scans are listed least explained by chance first; no cell is both ✓ and ⚑.
  const chances = (await table.locator('td.compare-flags').allTextContents()).map((text) => {
    const shown = /chance (<\s*)?([\d.]+)%/.exec(text);
    return shown ? Number(shown[2]) : 100;
  });
  expect(chances).toEqual([...chances].sort((a, b) => a - b));
  const cells = await table.locator('td.compare-pct').allTextContents();
  expect(cells.filter((text) => text.includes('✓') && text.includes('⚑'))).toEqual([]);
  await saveScreenshot(page, testInfo, 'compare-calibration');
});

test('the crowd: unique by default, matched on a manufacturer, small-crowd warning, all in the URL', async ({
  page,
  mirror,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const total = await mirror.total('T1w', MRIQC);
  await downloadQuery(page, { modality: 'T1w' }, total);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const n = page.getByTestId('compare-crowd-n');
  // The unique count is the table's Unique view's: the same dedup.
  await expect(n).toContainText('unique scans (duplicate uploads left out)');
  const unique = Number(
    /Crowd: ([\d,]+)/.exec((await n.textContent()) ?? '')![1]!.replace(/,/g, ''),
  );
  expect(unique).toBeLessThanOrEqual(total);

  // A maker and field strength as the mirror counts them among every upload.
  await page.getByRole('radio', { name: 'Every upload' }).check();
  const maker = page.getByRole('combobox', { name: 'Manufacturer' });
  const makers = (await maker.locator('option').allTextContents()).filter((t) => t !== 'Any');
  expect(makers.length).toBeGreaterThan(0);
  const smallest = { name: '', count: Number.POSITIVE_INFINITY };
  for (const name of makers) {
    const count = await mirror.total('T1w', { ...MRIQC, 'bids_meta.Manufacturer': name });
    if (count < smallest.count) Object.assign(smallest, { name, count });
  }
  await maker.selectOption(smallest.name);
  await expect(n).toHaveText(
    `Crowd: ${smallest.count.toLocaleString('en-US')} uploads (duplicates included), Manufacturer ${smallest.name}.`,
  );
  expect(new URL(page.url()).searchParams.get('c_maker')).toBe(smallest.name);

  // Narrowed further by a version range down to a small crowd: the warning shows.
  const from = page.getByRole('combobox', { name: 'MRIQC from' });
  const versions = (await from.locator('option').allTextContents()).filter((t) => t !== 'Earliest');
  await from.selectOption(versions.at(-1)!);
  const newest = await mirror.total('T1w', {
    ...MRIQC,
    'bids_meta.Manufacturer': smallest.name,
    'provenance.version': versions.at(-1)!,
  });
  await expect(n).toContainText(`Crowd: ${newest.toLocaleString('en-US')} uploads`);
  if (newest < 100) await expect(page.getByText('Small crowd:')).toBeVisible();

  // A reload keeps the crowd (the URL holds it).
  await page.reload();
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByTestId('compare-crowd-n')).toContainText(
    `Crowd: ${newest.toLocaleString('en-US')} uploads`,
  );
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  await expect(
    page.getByRole('table', { name: 'Your scans against the crowd' }).locator('tbody tr'),
  ).toHaveCount(148);
  const found = await audit(page, 'compare, matched crowd');
  await saveScreenshot(page, testInfo, 'compare-matched-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  found.push(...(await audit(page, 'compare, matched crowd, 390 px')));
  await saveScreenshot(page, testInfo, 'compare-matched-phone');
  expect(found, 'serious or critical axe violations').toEqual([]);
});
