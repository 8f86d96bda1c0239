import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { downloadQuery, expect, MRIQC, saveScreenshot, test } from './fixtures.ts';

const T1W_FILE = join(import.meta.dirname, 'fixtures', 'user-group_T1w.tsv');

/** How far the page scrolls sideways, and the elements sticking out past its right edge. */
function sideways(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    // Only the outermost offender of each branch: its children stick out with it.
    const out = [...document.querySelectorAll('body *')].filter((el) => {
      if (el.getBoundingClientRect().right <= width + 1) return false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible') return false; // inside a scroll box: fine
      }
      return true;
    });
    return {
      extra: root.scrollWidth - width,
      out: out.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    };
  });
}

test('at 390×844 no view scrolls the page sideways; screenshots of each view', async ({
  page,
  mirror,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const check = async (view: string) => {
    const found = await sideways(page);
    expect(found, `${view}: the page scrolls sideways`).toEqual({ extra: 0, out: [] });
    await saveScreenshot(page, testInfo, `phone-${view}`);
  };

  const total = await mirror.total('T1w', MRIQC);
  await downloadQuery(page, {}, total);
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(total));
  await check('table');

  await page.getByRole('tab', { name: 'Charts' }).click();
  const drawn = page.locator('figure.chart [role="img"][data-drawn="true"]');
  await expect(drawn.first()).toBeVisible();
  await expect(drawn).toHaveCount(await page.locator('figure.chart').count());
  await check('charts');

  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  await expect(
    page.getByRole('table', { name: 'Your scans against the crowd' }).locator('tbody tr'),
  ).toHaveCount(148);
  await check('compare');

  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(page.getByRole('table', { name: 'Saved datasets' })).toBeVisible();
  await check('datasets');

  // The tab bar fits on one line.
  const tabs = page.getByRole('tab');
  const tops = await tabs.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
  expect(new Set(tops).size, 'tabs on one line').toBe(1);
});
