import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { downloadQuery, expect, MRIQC, saveScreenshot, test } from './fixtures.ts';

/** The table after downloading the mirror's T1w records. */
async function openTable(page: Page, total: number, params: Record<string, string> = {}) {
  await downloadQuery(page, params, total);
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid.getByRole('row').nth(5)).toBeVisible();
  return grid;
}

/** The count the filter editor shows beside a category (its checkbox is named "value count"). */
async function countBeside(editor: Locator, value: string): Promise<number> {
  const box = editor.getByRole('checkbox', { name: new RegExp(`^${value} [\\d,]+$`) });
  const name = (await box.getAttribute('aria-label')) ?? (await box.evaluate(labelText));
  return Number(name.slice(value.length + 1).replaceAll(',', ''));
}

function labelText(input: Element): string {
  return (input.closest('label')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

test('a category’s count in the filter editor is the row count ticking it gives, in every rows view', async ({
  page,
  mirror,
}) => {
  test.slow(); // a download, then three views each filtered and cleared
  const total = await mirror.total('T1w', MRIQC);
  const grid = await openTable(page, total);
  const rows = page.getByRole('group', { name: 'Rows' });
  const filters = page.getByRole('region', { name: 'Active filters' });
  const counted: Record<string, number> = {};
  for (const view of ['All', 'Unique', 'Duplicates'] as const) {
    await rows.getByRole('radio', { name: view }).check();
    await grid.getByRole('button', { name: 'Filter bids_meta.Manufacturer' }).click();
    const editor = page.getByRole('region', { name: 'Filter bids_meta.Manufacturer' });
    const words = { All: 'records', Unique: 'unique scans', Duplicates: 'duplicate rows' }[view];
    await expect(editor).toContainText(`Counts: ${words}`);
    const siemens = await countBeside(editor, 'Siemens');
    counted[view] = siemens;
    await editor.getByRole('checkbox', { name: /^Siemens / }).check();
    await editor.getByRole('button', { name: 'Apply filter' }).click();
    await expect(grid).toHaveAttribute('aria-rowcount', String(siemens));
    await filters.getByRole('button', { name: /^Remove filter/ }).click();
    await expect(filters).toHaveCount(0);
  }
  // The three views count differently (else this test would prove nothing).
  expect(counted.Unique).toBeLessThan(counted.All!);
  expect(counted.Duplicates).toBeLessThan(counted.All!);

  // With another column's filter in force, the counts are of the rows it keeps.
  await rows.getByRole('radio', { name: 'Unique' }).check();
  await grid.getByRole('button', { name: 'Filter cjv' }).click();
  const cjv = page.getByRole('region', { name: 'Filter cjv' });
  await cjv.getByLabel('At least').fill('0.5');
  await cjv.getByRole('button', { name: 'Apply filter' }).click();
  await expect(filters).toContainText('cjv ≥ 0.5');
  const narrowed = Number(await grid.getAttribute('aria-rowcount'));
  await grid.getByRole('button', { name: 'Filter bids_meta.Manufacturer' }).click();
  const editor = page.getByRole('region', { name: 'Filter bids_meta.Manufacturer' });
  await expect(editor).toContainText('Counts: unique scans, with the other filter');
  const siemens = await countBeside(editor, 'Siemens');
  expect(siemens).toBeLessThan(narrowed);
  await editor.getByRole('checkbox', { name: /^Siemens / }).check();
  await editor.getByRole('button', { name: 'Apply filter' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', String(siemens));
});

/** The cells of a column in the first `n` rows, by the column's header. */
async function columnTitles(grid: Locator, column: string, n: number): Promise<string[]> {
  const header = grid.getByRole('columnheader').filter({
    has: grid.page().getByRole('button', { name: column, exact: true }),
  });
  const index = await header.getAttribute('aria-colindex');
  const titles: string[] = [];
  for (let row = 1; row <= n; row++) {
    const cell = grid.locator(`tr[aria-rowindex="${row}"] td[aria-colindex="${index}"]`);
    titles.push((await cell.getAttribute('title')) ?? '');
  }
  return titles;
}

test('the duplicates view shows the md5sum and puts the copies of one scan together, in upload order', async ({
  page,
  mirror,
}, testInfo) => {
  test.slow(); // a download, then screenshots at two sizes
  const total = await mirror.total('T1w', MRIQC);
  const items = await mirror.records('T1w', MRIQC, ['provenance.md5sum', '_created']);
  const copies = new Map<string, number[]>();
  for (const item of items) {
    const md5 = (item.provenance as { md5sum?: string } | undefined)?.md5sum;
    if (md5 === undefined) continue;
    copies.set(md5, [...(copies.get(md5) ?? []), Date.parse(String(item._created))]);
  }
  // The mirror's duplicates, by md5sum (code-unit order), each group's uploads oldest first.
  const expected = [...copies]
    .filter(([, times]) => times.length > 1)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([md5, times]) => times.sort((a, b) => a - b).map((time) => ({ md5, time })));
  expect(expected.length).toBeGreaterThan(10);

  const grid = await openTable(page, total);
  // md5sum is not a default column…
  await expect(grid.getByRole('button', { name: 'provenance.md5sum', exact: true })).toHaveCount(0);
  await page
    .getByRole('group', { name: 'Rows' })
    .getByRole('radio', { name: 'Duplicates' })
    .check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(expected.length));
  // …but the duplicates view shows it.
  await expect(grid.getByRole('button', { name: 'provenance.md5sum', exact: true })).toBeVisible();
  await expect(page.getByText(/Copies of one scan sit together/)).toBeVisible();
  const n = 12;
  await expect
    .poll(() => columnTitles(grid, 'provenance.md5sum', n))
    .toEqual(expected.slice(0, n).map((e) => e.md5));
  const times = (await columnTitles(grid, '_created', n)).map((text) => Date.parse(text));
  expect(times).toEqual(expected.slice(0, n).map((e) => e.time));
  await saveScreenshot(page, testInfo, 'views-duplicates-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(grid.getByRole('button', { name: 'provenance.md5sum', exact: true })).toBeVisible();
  await saveScreenshot(page, testInfo, 'views-duplicates-mobile');
  await page.setViewportSize({ width: 1280, height: 900 });

  // A sort the user picks wins.
  await grid.getByRole('button', { name: '_created', exact: true }).click();
  await expect(page.getByText(/Copies of one scan sit together/)).toHaveCount(0);
  const sorted = [...expected].sort((a, b) => a.time - b.time).slice(0, 3);
  await expect
    .poll(async () => (await columnTitles(grid, '_created', 3)).map((t) => Date.parse(t)))
    .toEqual(sorted.map((e) => e.time));
});

test('an export of the visible columns starts with _id and provenance.md5sum, as Copy as Python does', async ({
  page,
  context,
  mirror,
}, testInfo) => {
  test.slow(); // a download, an export, the clipboard
  const total = await mirror.total('T1w', MRIQC);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
  const grid = await openTable(page, total);
  const shown = await grid
    .getByRole('columnheader')
    .evaluateAll((cells) =>
      cells.map((c) => c.querySelector('button.header-sort')?.getAttribute('aria-label') ?? ''),
    );
  const visible = shown.filter((name) => name !== '');
  expect(visible).not.toContain('_id');
  expect(visible).not.toContain('provenance.md5sum');

  const columns = page.getByRole('combobox', { name: 'Columns', exact: true });
  await expect(columns.locator('option[value="visible"]')).toHaveText(
    `Visible + _id, md5sum (${visible.length + 2})`,
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const header = readFileSync(path, 'utf8').split('\r\n')[0]!.split(',');
  expect(header).toEqual(['_id', 'provenance.md5sum', ...visible]);

  // Copy as Python writes (and reads) the same columns.
  await page.getByRole('button', { name: 'Copy as Python' }).click();
  const panel = page.getByRole('group', { name: 'Copy as Python' });
  await panel.getByRole('button', { name: 'Copy download script' }).click();
  await expect(page.getByRole('status', { name: 'Copy result' })).toContainText('Copied');
  const script = await page.evaluate(() => navigator.clipboard.readText());
  const list = /^COLUMNS = \[\n([\s\S]*?)\n\]/m.exec(script)?.[1] ?? '';
  const names = list.split('\n').map((line) => JSON.parse(line.trim().replace(/,$/, '')));
  expect(names).toEqual(header);

  // Showing md5sum does not export it twice.
  await page
    .getByRole('group', { name: 'Rows' })
    .getByRole('radio', { name: 'Duplicates' })
    .check();
  await expect(grid.getByRole('button', { name: 'provenance.md5sum', exact: true })).toBeVisible();
  await expect(columns.locator('option[value="visible"]')).toHaveText(
    `Visible + _id, md5sum (${visible.length + 2})`,
  );
});

/** numpy's default percentile (linear interpolation) of sorted values. */
function medianOf(sorted: number[]): number {
  const at = (sorted.length - 1) / 2;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo);
}

const figures = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

test('grouped by MRIQC version: the 6 most frequent versions and one Other, alike in every chart, each with its median', async ({
  page,
  mirror,
}, testInfo) => {
  test.slow(); // a download, every chart drawn at two sizes
  const total = await mirror.total('T1w', MRIQC);
  const items = await mirror.records('T1w', MRIQC, ['provenance.version', 'cjv']);
  const byVersion = new Map<string, number[]>();
  for (const item of items) {
    const version = (item.provenance as { version?: string } | undefined)?.version;
    if (version === undefined) continue;
    const list = byVersion.get(version) ?? [];
    if (typeof item.cjv === 'number') list.push(item.cjv);
    byVersion.set(version, list);
  }
  const sizes = [...byVersion.keys()].map((v) => ({
    v,
    n: items.filter((i) => (i.provenance as { version?: string }).version === v).length,
  }));
  const natural = new Intl.Collator('en', { numeric: true });
  sizes.sort((a, b) => b.n - a.n || natural.compare(a.v, b.v));
  expect(sizes.length, 'the mirror serves more versions than groups').toBeGreaterThan(7);
  const top = sizes.slice(0, 6).map((s) => s.v);
  const other = `Other versions (${sizes.length - 6})`;

  await downloadQuery(page, {}, total);
  await page.getByRole('tab', { name: 'Charts' }).click();
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('version');
  await expect(page).toHaveURL(/groupby=version/);
  const figuresShown = page.locator('figure.chart');
  const drawn = page.locator('figure.chart [role="img"][data-drawn="true"]');
  await expect(drawn.first()).toBeVisible();
  await expect(drawn).toHaveCount(await figuresShown.count());

  // Every distribution: the same six versions and the same Other (the legend, as the picture's label).
  const distributions = page.getByRole('figure', { name: /^Distribution of / });
  const count = await distributions.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) {
    const label = (await distributions.nth(i).getByRole('img').getAttribute('aria-label')) ?? '';
    const groups = /by mriqc version: ([^;]*)/.exec(label)?.[1] ?? '';
    const names = groups.split(', ').map((g) => g.replace(/ \([\d,]+\)$/, ''));
    expect(names.filter((n) => n !== 'Not given')).toEqual([
      ...[...top].sort(natural.compare),
      other,
    ]);
  }
  // The version counts chart lumps the same versions into the same Other.
  const bars =
    (await page
      .getByRole('figure', { name: 'Records by MRIQC version', exact: true })
      .getByRole('img')
      .getAttribute('aria-label')) ?? '';
  expect(bars).toContain(`${other} `);
  for (const v of top) expect(bars).toContain(`${v} `);

  // Each group's median: drawn as a dashed rule, said beside the chart and in the summary table.
  const cjv = page.getByRole('figure', { name: 'Distribution of cjv', exact: true });
  const first = top[0]!;
  const median = figures.format(medianOf(byVersion.get(first)!.sort((a, b) => a - b)));
  await expect(cjv).toContainText('dashed lines: each group’s median');
  await expect(cjv).toContainText(`${first} ${median}`);
  await expect(cjv.getByRole('img')).toHaveAttribute(
    'aria-label',
    new RegExp(`medians: .*${first.replaceAll('.', '\\.')} ${median}`),
  );
  const rules = cjv.locator('svg g[stroke-dasharray="4,3"] line');
  expect(await rules.count()).toBeGreaterThanOrEqual(7);
  const table = page.getByRole('table', { name: /Per IQM/ });
  const row = table.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: 'cjv', exact: true }),
    hasText: first,
  });
  await expect(row.first()).toContainText(median);
  await expect(table.getByRole('row').filter({ hasText: other }).first()).toBeVisible();

  await cjv.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'views-charts-by-version-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(drawn).toHaveCount(await figuresShown.count());
  await saveScreenshot(page, testInfo, 'views-charts-by-version-mobile');
});
