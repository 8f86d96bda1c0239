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
