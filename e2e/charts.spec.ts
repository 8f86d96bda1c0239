import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Download, Page } from '@playwright/test';
import {
  APP_VERSION,
  downloadQuery,
  expect,
  MIRROR_API,
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
  await page.getByRole('button', { name: 'Download table (CSV)', exact: true }).click();
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

/** What a downloaded SVG holds, as Chromium's XML parser reads it. */
async function readSvgFile(page: Page, text: string) {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    const texts = (selector: string) =>
      [...doc.querySelectorAll(selector)].map((t) => t.textContent ?? '');
    return {
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      title: doc.querySelector('svg > title')?.textContent ?? '',
      caption: texts('.figure-caption text').join(' '),
      marks: texts('.synthetic-svg-mark'),
      allText: texts('text').join('\n'),
      styles: doc.querySelectorAll('style').length,
      currentColor: source.includes('currentColor'),
    };
  }, text);
}

/** A PNG's signature and size (its IHDR chunk, the first after the signature). */
function pngHeader(bytes: Buffer) {
  return {
    signature: [...bytes.subarray(0, 8)],
    chunk: bytes.subarray(12, 16).toString('ascii'),
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
  };
}

async function downloadBy(page: Page, press: () => Promise<void>): Promise<Download> {
  const event = page.waitForEvent('download');
  await press();
  return event;
}

test('a chart downloads as SVG and as a 2× PNG, each with its caption and the synthetic mark', async ({
  page,
  mirror,
  context,
}, testInfo) => {
  test.setTimeout(120_000); // two page loads' worth of downloads, and a second page
  const total = await downloadAndOpenCharts(page, mirror, 'T1w');
  const unique = await mirror.uniqueScans('T1w', MRIQC);
  await expectDrawn(page, 'Distribution of cjv');
  const cjv = chart(page, 'Distribution of cjv');
  const shots = join(testInfo.project.outputDir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  await cjv.figure.screenshot({ path: join(shots, 'charts-download-buttons.png') });

  // Keyboard: from the chart's Remove button, Tab reaches "SVG"; Enter saves the file.
  const svgButton = page.getByRole('button', { name: 'Download cjv chart as SVG', exact: true });
  await page.getByRole('button', { name: 'Remove the cjv chart' }).focus();
  await page.keyboard.press('Tab');
  await expect(svgButton).toBeFocused();
  const svgDownload = await downloadBy(page, () => page.keyboard.press('Enter'));
  expect(svgDownload.suggestedFilename()).toBe(
    `crowdmri-v${APP_VERSION}_T1w-cjv-chart_synthetic.svg`,
  );
  // Under its own name: opened alone, the browser knows it for an SVG by the extension.
  const svgPath = testInfo.outputPath(svgDownload.suggestedFilename());
  await svgDownload.saveAs(svgPath);
  const svgText = readFileSync(svgPath, 'utf8');
  const svg = await readSvgFile(page, svgText);
  expect(svg.parseError).toBeNull();
  expect(svg.root).toBe('svg');
  expect(svg.title).toBe('Distribution of cjv');
  // The synthetic mark drawn into the chart is in the file, and the caption says so too.
  expect(svg.marks).toEqual(['Synthetic demo data']);
  expect(svg.caption).toContain(
    `Source: Synthetic demo data from the local mirror (${MIRROR_API})`,
  );
  expect(svg.caption).toContain('Query: T1w · mriqc · all versions');
  expect(svg.caption).toContain('View: all uploads');
  expect(svg.caption).toContain(
    `Charted: ${total.toLocaleString('en-US')} records, ${unique.toLocaleString('en-US')} unique scans (one per md5sum)`,
  );
  expect(svg.caption).toContain(`cjv: ${total.toLocaleString('en-US')} with a value`);
  expect(svg.caption).toMatch(/Made \d{4}-\d\d-\d\d \d\d:\d\d UTC with CrowdMRI Explorer v/);
  expect(svg.allText).toContain('cjv (dimensionless)');
  // Styles are inlined: no stylesheet and no colour left to the viewer's defaults.
  expect(svg.styles).toBe(0);
  expect(svg.currentColor).toBe(false);

  // Opened alone, the axis label has the screen's colour, font and size.
  const screenLook = await cjv.picture
    .locator('svg text', { hasText: 'cjv (dimensionless)' })
    .evaluate((t) => {
      const s = getComputedStyle(t);
      return [s.fill, s.fontFamily, s.fontSize];
    });
  const alone = await context.newPage();
  await alone.goto(pathToFileURL(svgPath).href, { waitUntil: 'load' });
  const aloneLook = await alone
    .locator('text', { hasText: 'cjv (dimensionless)' })
    .evaluate((t) => {
      const s = getComputedStyle(t);
      return [s.fill, s.fontFamily, s.fontSize];
    });
  expect(aloneLook).toEqual(screenLook);
  // Kept to look at, beside the page screenshots (a full-page shot of an SVG document hangs).
  await alone.screenshot({ path: join(shots, 'chart-file-cjv-svg-alone.png') });
  await alone.close();

  // PNG: a real PNG, twice the on-screen width and twice the SVG's height.
  const pngDownload = await downloadBy(page, () =>
    page.getByRole('button', { name: 'Download cjv chart as PNG', exact: true }).click(),
  );
  expect(pngDownload.suggestedFilename()).toBe(
    `crowdmri-v${APP_VERSION}_T1w-cjv-chart_synthetic.png`,
  );
  const png = readFileSync((await pngDownload.path())!);
  const header = pngHeader(png);
  expect(header.signature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(header.chunk).toBe('IHDR');
  const onScreen = await cjv.picture.locator('svg').last().boundingBox();
  expect(header.width).toBe(2 * Math.round(onScreen!.width));
  expect(header.width).toBe(2 * svg.width);
  expect(header.height).toBe(2 * svg.height);
  writeFileSync(join(shots, 'chart-file-cjv.png'), png);

  // A grouped chart: Plot's legend (HTML on screen) is drawn into the file.
  const ge = await mirror.total('T1w', { ...MRIQC, 'bids_meta.Manufacturer': 'GE' });
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('manufacturer');
  await expect(cjv.picture).toHaveAttribute('aria-label', /by manufacturer/);
  const grouped = await downloadBy(page, () => svgButton.click());
  const groupedSvg = await readSvgFile(page, readFileSync((await grouped.path())!, 'utf8'));
  expect(groupedSvg.parseError).toBeNull();
  expect(groupedSvg.allText).toContain(`GE (${ge.toLocaleString('en-US')})`);
  expect(groupedSvg.caption).toContain('by manufacturer');
  const groupedPng = await downloadBy(page, () =>
    page.getByRole('button', { name: 'Download cjv chart as PNG', exact: true }).click(),
  );
  writeFileSync(
    join(shots, 'chart-file-cjv-grouped.png'),
    readFileSync((await groupedPng.path())!),
  );

  // Every other chart offers both files, named for it, each with its title and caption.
  const others = {
    'records over time': 'Records over time — T1w',
    manufacturer: 'Records by manufacturer',
    'field strength': 'Records by field strength',
    'MRIQC version': 'Records by MRIQC version',
  };
  for (const [name, title] of Object.entries(others)) {
    await expect(
      page.getByRole('button', { name: `Download ${name} chart as PNG`, exact: true }),
    ).toBeEnabled();
    const file = await downloadBy(page, () =>
      page.getByRole('button', { name: `Download ${name} chart as SVG`, exact: true }).click(),
    );
    expect(file.suggestedFilename()).toBe(
      `crowdmri-v${APP_VERSION}_T1w-${name.replaceAll(' ', '-')}-chart_synthetic.svg`,
    );
    const other = await readSvgFile(page, readFileSync((await file.path())!, 'utf8'));
    expect(other.parseError).toBeNull();
    expect(other.title).toBe(title);
    expect(other.marks).toEqual(['Synthetic demo data']);
    expect(other.caption).toContain(`Charted: ${total.toLocaleString('en-US')} records`);
  }
  const timeline = await downloadBy(page, () =>
    page
      .getByRole('button', { name: 'Download records over time chart as PNG', exact: true })
      .click(),
  );
  writeFileSync(join(shots, 'chart-file-timeline.png'), readFileSync((await timeline.path())!));
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(svgButton).toBeVisible();
  await cjv.figure.screenshot({ path: join(shots, 'charts-download-buttons-phone.png') });
  await saveScreenshot(page, testInfo, 'charts-download-phone');
});
