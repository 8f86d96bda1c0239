import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  downloadQuery,
  expect,
  MIRROR_API,
  MirrorClient,
  MRIQC,
  saveScreenshot,
  startMirror,
  test,
} from './fixtures.ts';

type Item = Record<string, unknown>;

function appUrl(source: string, extra: Record<string, string> = {}): string {
  return `/?${new URLSearchParams({ source, modality: 'T1w', software: 'mriqc', ...extra })}`;
}

function md5Of(item: Item): string | undefined {
  const md5 = (item.provenance as { md5sum?: unknown } | undefined)?.md5sum;
  return typeof md5 === 'string' ? md5 : undefined;
}

function md5Counts(items: Item[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const md5 = md5Of(item);
    if (md5 !== undefined) counts.set(md5, (counts.get(md5) ?? 0) + 1);
  }
  return counts;
}

/** Downloads the query from `source` and waits for the table to show its rows. */
async function downloadAndOpen(page: Page, source: string, total: number): Promise<Locator> {
  await page.goto(appUrl(source));
  await expect(
    page.getByText('No records of this query are saved in this browser yet'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
    `Downloaded ${total.toLocaleString('en-US')} records`,
    { timeout: 60_000 }, // a whole download: under load it outlasts the 5 s default
  );
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(total));
  return grid;
}

/** The cells of a column in the first `n` rendered rows, by the column's header. */
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

test('the grid counts all, unique and duplicate rows as the mirror does, and opens a duplicate group', async ({
  page,
  mirror,
}, testInfo) => {
  test.slow(); // a download, then many grid checks and screenshots: over 60 s at load 28
  const total = await mirror.total('T1w', MRIQC);
  const items = await mirror.records('T1w', MRIQC, ['provenance.md5sum']);
  expect(items.length).toBe(total);
  const counts = md5Counts(items);
  const withoutMd5 = items.filter((item) => md5Of(item) === undefined).length;
  const duplicates = items.filter((item) => (counts.get(md5Of(item) ?? '') ?? 0) >= 2).length;
  expect(duplicates).toBeGreaterThan(0);

  const grid = await downloadAndOpen(page, MIRROR_API, total);
  await expect(grid.getByRole('row').nth(10)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Records summary' })).toContainText(
    `${total.toLocaleString('en-US')} records`,
  );
  await saveScreenshot(page, testInfo, 'table-default');

  // Keyboard: one focusable cell, moved by the arrows; Ctrl+End reaches the last row.
  await grid.locator('th[tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(grid.locator('tr[aria-rowindex="1"] td[aria-colindex="2"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(grid.locator('tr[aria-rowindex="1"] td[aria-colindex="3"]')).toBeFocused();
  await page.keyboard.press('Control+End');
  await expect(grid.locator(`tr[aria-rowindex="${total}"] td:focus`)).toHaveCount(1);
  await page.keyboard.press('Control+Home');
  await expect(grid.locator('tr[aria-rowindex="1"] td[aria-colindex="1"]')).toBeFocused();

  const rows = page.getByRole('group', { name: 'Rows' });
  await rows.getByRole('radio', { name: 'Unique' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(counts.size + withoutMd5));
  await expect(page).toHaveURL(/show=unique/);
  await saveScreenshot(page, testInfo, 'table-unique');

  await rows.getByRole('radio', { name: 'Duplicates' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(duplicates));

  // Open the group of the first row: it lists every upload of that md5sum.
  await grid
    .getByRole('button', { name: /uploads of this scan/ })
    .first()
    .click();
  const panel = page.getByRole('region', { name: 'Uploads of this scan' });
  await expect(panel).toBeVisible();
  const md5 = (await panel.getByRole('heading').locator('code').textContent()) ?? '';
  expect(counts.get(md5)).toBeGreaterThanOrEqual(2);
  await expect(panel.locator('tbody tr')).toHaveCount(counts.get(md5)!);
  await expect(panel.getByRole('cell', { name: 'kept', exact: true })).toHaveCount(1);
  await saveScreenshot(page, testInfo, 'table-group-expanded');
});

test('sorting by an IQM, a range filter and the rows view live in the URL and survive a reload', async ({
  page,
  mirror,
}, testInfo) => {
  test.slow(); // a download, then many grid checks and screenshots: over 60 s at load 28
  const total = await mirror.total('T1w', MRIQC);
  const items = await mirror.records('T1w', MRIQC, ['provenance.md5sum', '_created', 'cjv']);
  const cjvs = items
    .map((item) => item.cjv)
    .filter((v): v is number => typeof v === 'number')
    .sort((a, b) => a - b);
  const grid = await downloadAndOpen(page, MIRROR_API, total);

  // Ascending by cjv: the smallest values the mirror has come first (missing last).
  await grid.getByRole('button', { name: 'cjv', exact: true }).click();
  await expect(page).toHaveURL(/sort=cjv/);
  const cjvHeader = grid.getByRole('columnheader').filter({
    has: page.getByRole('button', { name: 'cjv', exact: true }),
  });
  await expect(cjvHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect
    .poll(async () => (await columnTitles(grid, 'cjv', 5)).map(Number))
    .toEqual(cjvs.slice(0, 5));
  // Shift+click adds a secondary key; a plain click on cjv again turns it descending.
  await grid
    .getByRole('button', { name: 'snr_total', exact: true })
    .click({ modifiers: ['Shift'] });
  await expect(page).toHaveURL(/sort=cjv%2Csnr_total|sort=cjv,snr_total/);
  await grid.getByRole('button', { name: 'cjv', exact: true }).click();
  await expect(cjvHeader).toHaveAttribute('aria-sort', 'descending');
  await expect
    .poll(async () => (await columnTitles(grid, 'cjv', 3)).map(Number))
    .toEqual(cjvs.slice(-3).reverse());
  await grid.getByRole('button', { name: 'cjv', exact: true }).click();
  await grid.getByRole('button', { name: 'cjv', exact: true }).click();
  await expect(cjvHeader).toHaveAttribute('aria-sort', 'ascending');

  // cjv ≥ the median: the mirror's own count for the same condition.
  const threshold = Number(cjvs[Math.floor(cjvs.length / 2)]!.toFixed(3));
  const expected = await mirror.total('T1w', { ...MRIQC, cjv: { $gte: threshold } });
  await grid.getByRole('button', { name: 'Filter cjv' }).click();
  const editor = page.getByRole('region', { name: 'Filter cjv' });
  await editor.getByLabel('At least').fill(String(threshold));
  await editor.getByRole('button', { name: 'Apply filter' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', String(expected));
  const filters = page.getByRole('region', { name: 'Active filters' });
  await expect(filters).toContainText(`cjv ≥ ${threshold}`);

  // Unique view with the filter: the kept upload per md5sum (first by _created, ties by _id
  // order, as stored), counted where its cjv passes.
  const kept = new Map<string, Item>();
  let keptCount = 0;
  for (const item of items) {
    const md5 = md5Of(item);
    const passes = typeof item.cjv === 'number' && item.cjv >= threshold;
    if (md5 === undefined) {
      if (passes) keptCount++;
      continue;
    }
    const held = kept.get(md5);
    if (!held || Date.parse(String(item._created)) < Date.parse(String(held._created))) {
      kept.set(md5, item);
    }
  }
  for (const item of kept.values()) {
    if (typeof item.cjv === 'number' && item.cjv >= threshold) keptCount++;
  }
  await page.getByRole('group', { name: 'Rows' }).getByRole('radio', { name: 'Unique' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(keptCount));

  await page.reload();
  await expect(grid).toHaveAttribute('aria-rowcount', String(keptCount));
  await expect(cjvHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('radio', { name: 'Unique' })).toBeChecked();
  await expect(filters).toContainText(`cjv ≥ ${threshold}`);

  await filters.getByRole('button', { name: `Remove filter: cjv ≥ ${threshold}` }).click();
  await expect(filters).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]f=/);
  await expect(grid).not.toHaveAttribute('aria-rowcount', String(keptCount));

  // A text column with few values is filtered by ticking categories.
  await page.getByRole('group', { name: 'Rows' }).getByRole('radio', { name: 'All' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(total));
  const siemens = await mirror.total('T1w', { ...MRIQC, 'bids_meta.Manufacturer': 'Siemens' });
  await grid.getByRole('button', { name: 'Filter bids_meta.Manufacturer' }).click();
  const makers = page.getByRole('region', { name: 'Filter bids_meta.Manufacturer' });
  await makers.getByRole('checkbox', { name: /^Siemens [\d,]+$/ }).check();
  await saveScreenshot(page, testInfo, 'table-filter-categories');
  await makers.getByRole('button', { name: 'Apply filter' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', String(siemens));
  await expect(filters).toContainText('bids_meta.Manufacturer is “Siemens”');

  // The column picker: groups with descriptions; ticking a column shows it.
  await page.getByRole('button', { name: /^Columns/ }).click();
  const picker = page.getByRole('region', { name: 'Choose columns' });
  await expect(picker.getByRole('group', { name: /Image-quality metrics/ })).toBeVisible();
  await saveScreenshot(page, testInfo, 'table-column-picker');
  await picker.getByRole('checkbox', { name: /^snr_gm/ }).check();
  await expect(grid.getByRole('button', { name: 'snr_gm', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/cols=[^&]*snr_gm/);

  // Upload dates sort by time (their text starts with the weekday, which would put Fri first).
  await filters
    .getByRole('button', { name: 'Remove filter: bids_meta.Manufacturer is “Siemens”' })
    .click();
  const times = items.map((item) => Date.parse(String(item._created))).sort((a, b) => a - b);
  const shown = async (n: number) =>
    (await columnTitles(grid, '_created', n)).map((text) => Date.parse(text));
  await grid.getByRole('button', { name: '_created', exact: true }).click();
  await expect(page).toHaveURL(/sort=_created/);
  await expect.poll(() => shown(3)).toEqual(times.slice(0, 3));
  await grid.getByRole('button', { name: '_created', exact: true }).click();
  await expect.poll(() => shown(3)).toEqual(times.slice(-3).reverse());
});

test('strings with HTML show as text, and a 100 kB string does not break the row', async ({
  page,
  request,
}, testInfo) => {
  const token = 'table-token';
  const own = await startMirror(5150, ['--records', 'T1w=40', '--seed', '5', '--token', token]);
  try {
    const mirror = new MirrorClient(request, own.base);
    const dir = join(import.meta.dirname, '..', 'mirror', 'fixtures', 'payloads', 't1w');
    const file = readdirSync(dir).find((f) => f.endsWith('.json'))!;
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const html = '<img src=x onerror="window.__pwned=1"><b>bold</b> & <script>1</script>';
    const long = 'L'.repeat(100_000);
    record.bids_meta = { ...record.bids_meta, InstitutionName: html, SeriesDescription: long };
    expect(await mirror.post('T1w', record, token)).toBe(201);
    const total = await mirror.total('T1w', MRIQC);

    await downloadAndOpen(page, own.base, total);
    // Newest first (the posted record has the largest _id), with the two columns shown.
    await page.goto(
      appUrl(own.base, {
        sort: '-_id',
        cols: '_id,bids_meta.InstitutionName,bids_meta.SeriesDescription,cjv',
      }),
    );
    const grid = page.getByRole('grid', { name: 'Records' });
    const first = grid.locator('tr[aria-rowindex="1"]');
    await expect(first.getByRole('gridcell', { name: html, exact: true })).toBeVisible();
    expect(await grid.locator('img, b, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const longCell = first.locator('td[title^="LLLL"]');
    await expect(longCell).toHaveAttribute('title', long);
    const row = await first.boundingBox();
    const cell = await longCell.boundingBox();
    expect(row?.height).toBeLessThan(40);
    expect(cell?.width).toBeLessThan(400);
    await saveScreenshot(page, testInfo, 'table-html-as-text');

    // Columns resize by dragging the edge of their header.
    const header = grid.getByRole('columnheader').filter({
      has: page.getByRole('button', { name: 'cjv', exact: true }),
    });
    await header.scrollIntoViewIfNeeded();
    const before = (await header.boundingBox())!;
    const handle = (await header.locator('.resize-handle').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2, {
      steps: 5,
    });
    await page.mouse.up();
    await expect
      .poll(async () => Math.round((await header.boundingBox())!.width - before.width))
      .toBe(60);
    // The column's cells follow their header, in every row shown.
    const colindex = (await header.getAttribute('aria-colindex'))!;
    const cells = grid.locator(`tbody td[aria-colindex="${colindex}"]`);
    const expectCellsUnderHeader = async () => {
      const above = (await header.boundingBox())!;
      const boxes = await cells.evaluateAll((tds) =>
        tds.map((td) => td.getBoundingClientRect().toJSON() as DOMRect),
      );
      expect(boxes.length).toBeGreaterThan(5);
      for (const box of boxes) {
        expect(Math.round(box.x)).toBe(Math.round(above.x));
        expect(Math.round(box.width)).toBe(Math.round(above.width));
      }
    };
    await expectCellsUnderHeader();
    // And from the keyboard: Alt+Left on the focused header narrows the column by a step.
    const dragged = (await header.boundingBox())!.width;
    await header.focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.press('Alt+ArrowLeft');
    await expect
      .poll(async () => Math.round(dragged - (await header.boundingBox())!.width))
      .toBe(32);
    await expectCellsUnderHeader();
  } finally {
    await own.stop();
  }
});

/**
 * Whether the focused element's box lies inside the grid's visible box (its scrollbars
 * excluded) and inside the window.
 */
async function focusedCellInView(page: Page): Promise<{ inside: boolean; detail: string }> {
  return page.evaluate(() => {
    const cell = document.activeElement as HTMLElement;
    const box = cell.closest('.records-grid') as HTMLElement;
    const c = cell.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const right = b.left + box.clientLeft + box.clientWidth;
    const bottom = b.top + box.clientTop + box.clientHeight;
    const inside =
      c.left >= b.left - 1 &&
      c.right <= right + 1 &&
      c.top >= b.top - 1 &&
      c.bottom <= bottom + 1 &&
      // 1 px of slack: rows sit at fractional offsets (translateY), the window at whole pixels.
      c.top >= -1 &&
      c.bottom <= window.innerHeight + 1 &&
      c.right <= window.innerWidth + 1;
    const detail = `cell ${cell.id} x ${c.left.toFixed(1)}–${c.right.toFixed(1)}, y ${c.top.toFixed(1)}–${c.bottom.toFixed(1)}; grid x ${Math.round(b.left)}–${Math.round(right)}, y ${Math.round(b.top)}–${Math.round(bottom)}; window ${innerWidth}×${innerHeight}`;
    return { inside, detail };
  });
}

test('rows scrolled through with the wheel each show their own record, in display order once the grid is still', async ({
  page,
  mirror,
}, testInfo) => {
  const total = await mirror.total('T1w', MRIQC);
  const cjvs = (await mirror.records('T1w', MRIQC, ['cjv']))
    .map((item) => item.cjv)
    .filter((v): v is number => typeof v === 'number')
    .sort((a, b) => a - b);
  const grid = await downloadAndOpen(page, MIRROR_API, total);
  await grid.getByRole('button', { name: 'cjv', exact: true }).click();
  const cjvHeader = grid.getByRole('columnheader').filter({
    has: page.getByRole('button', { name: 'cjv', exact: true }),
  });
  await expect(cjvHeader).toHaveAttribute('aria-sort', 'ascending');
  const column = await cjvHeader.getAttribute('aria-colindex');

  // Wheel steps over the grid: on each, rows leave the window and others enter it (the grid
  // reuses the leaving rows' elements for them).
  await grid.hover();
  for (let step = 0; step < 24; step++) await page.mouse.wheel(0, 240);
  const rendered = () =>
    grid.locator('tbody tr').evaluateAll(
      (rows, col) =>
        rows.map((row) => ({
          index: Number(row.getAttribute('aria-rowindex')),
          cjv: row.querySelector(`td[aria-colindex="${col}"]`)?.getAttribute('title') ?? '',
        })),
      column,
    );
  await expect
    .poll(async () => {
      const rows = await rendered();
      const indices = rows.map((row) => row.index);
      return {
        scrolledPastRow: Math.min(...indices) > 50,
        inDisplayOrder: indices.every((index, i) => i === 0 || index === indices[i - 1]! + 1),
        // Each row's cjv is the mirror's at that place in ascending order.
        wrong: rows
          .filter((row) => row.index <= cjvs.length && Number(row.cjv) !== cjvs[row.index - 1])
          .map((row) => `row ${row.index}: ${row.cjv}, mirror ${cjvs[row.index - 1]}`),
      };
    })
    .toEqual({ scrolledPastRow: true, inDisplayOrder: true, wrong: [] });
  await saveScreenshot(page, testInfo, 'table-scrolled');
});

test('the grid scrolls sideways and down to the focused cell on arrow keys and Ctrl+End', async ({
  page,
  mirror,
}) => {
  const total = await mirror.total('T1w', MRIQC);
  await downloadQuery(page, {}, total);
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(total));
  const columns = Number(await grid.getAttribute('aria-colcount'));
  expect(columns, 'more columns than fit the grid').toBeGreaterThan(13);

  await grid.locator('th[tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  await expect(grid.locator('tr[aria-rowindex="1"] td[aria-colindex="14"]')).toBeFocused();
  let where = await focusedCellInView(page);
  expect(where.inside, where.detail).toBe(true);

  await page.keyboard.press('Control+End');
  await expect(
    grid.locator(`tr[aria-rowindex="${total}"] td[aria-colindex="${columns}"]`),
  ).toBeFocused();
  where = await focusedCellInView(page);
  expect(where.inside, where.detail).toBe(true);

  // Back to the first cell: the grid scrolls back to its left edge.
  await page.keyboard.press('Control+Home');
  await expect(grid.locator('tr[aria-rowindex="1"] td[aria-colindex="1"]')).toBeFocused();
  where = await focusedCellInView(page);
  expect(where.inside, where.detail).toBe(true);

  // The header row too: Up from the first row, then End.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await expect(grid.locator(`th[aria-colindex="${columns}"]`)).toBeFocused();
  where = await focusedCellInView(page);
  expect(where.inside, where.detail).toBe(true);
});
