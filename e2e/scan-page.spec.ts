import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { audit } from './axe-audit.ts';
import {
  downloadQuery,
  expect,
  type MirrorClient,
  MRIQC,
  saveScreenshot,
  test,
} from './fixtures.ts';

const T1W_FILE = join(import.meta.dirname, 'fixtures', 'user-group_T1w.tsv');

// A download, a 148-scan comparison and axe over a page of ~70 plots (beside the hidden table's
// 10,000 cells) take well over a minute on a loaded 2-core machine.
test.describe.configure({ timeout: 240_000 });

/** Downloads the mirror's T1w records, opens Compare and compares the 148-scan file. */
async function compareT1w(page: Page, mirror: MirrorClient) {
  await downloadQuery(page, { modality: 'T1w' }, await mirror.total('T1w', MRIQC));
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  await expect(page.getByText('148 scans from user-group_T1w.tsv compared')).toBeVisible();
  const table = page.getByRole('table', { name: 'Your scans against the crowd' });
  await expect(table.locator('tbody tr')).toHaveCount(148);
  return table;
}

/** What the table shows for one scan, every IQM column shown: as a user reads the cells. */
async function tableRow(page: Page, scan: string) {
  return page.evaluate((name) => {
    const table = document.querySelector('table.compare-table')!;
    // The header's button reads e.g. "cjv ▾": its first text is the IQM.
    const iqms = [...table.querySelectorAll('thead th')].map(
      (th) => th.querySelector('button')?.childNodes[0]?.textContent ?? '',
    );
    const row = [...table.querySelectorAll('tbody tr')].find(
      (tr) => tr.querySelector('th')?.textContent === name,
    )!;
    const cells = [...row.children];
    const byIqm: Record<string, { percentile: string; z: string; flagged: string }> = {};
    iqms.forEach((iqm, i) => {
      if (i < 2) return;
      const cell = cells[i] as HTMLElement;
      byIqm[iqm] = {
        percentile: cell.querySelector('.compare-pct-number')?.textContent ?? '',
        // The cell's title: "cjv = 0.4589: percentile 37.5, robust z -0.21 (…)".
        z: /robust z (\S+?)(?: \(|$)/.exec(cell.title)?.[1] ?? '',
        flagged:
          /flagged: (.*)$/.exec(cell.querySelector('.visually-hidden')?.textContent ?? '')?.[1] ??
          '',
      };
    });
    const list = row.querySelector('.compare-flag-list')?.textContent ?? '';
    return { byIqm, flagged: list ? list.split(', ') : [] };
  }, scan);
}

/** What the scan's page shows, IQM by IQM. */
async function scanPage(page: Page) {
  return page.evaluate(() => {
    const section = document.querySelector('section.scan-page')!;
    const items = [...section.querySelectorAll('li.scan-iqm')].map((li) => {
      const dd = [...li.querySelectorAll('dd')].map((d) => d.textContent ?? '');
      return {
        iqm: li.querySelector('h5')?.textContent ?? '',
        percentile: dd[1]!,
        z: dd[2]!,
        flagged: (li.querySelector('.scan-iqm-flag')?.textContent ?? '').replace(
          /^⚑ Flagged: /,
          '',
        ),
        meaning: li.querySelector('.scan-iqm-meaning')?.textContent ?? '',
        direction: li.querySelector('.scan-iqm-direction')?.textContent ?? '',
        strip: li.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? '',
      };
    });
    const reasons = [...section.querySelectorAll('.scan-reasons li')].map((li) => ({
      iqm: li.querySelector('strong')?.textContent ?? '',
      text: li.textContent ?? '',
    }));
    return { items, reasons };
  });
}

function scanOfUrl(page: Page): string | null {
  return new URL(page.url()).searchParams.get('scan');
}

test("a scan's page: opened from the table, in the URL, the table's numbers and reasons in full, Back to its row", async ({
  page,
  mirror,
}, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const table = await compareT1w(page, mirror);
  // Every compared IQM as a column, to read the table's own numbers for the scan.
  await page.getByText(/^IQM columns:/).click();
  await page.getByRole('button', { name: 'Show all' }).click();
  const compared = Number(
    /of (\d+) shown/.exec((await page.getByText(/^IQM columns:/).textContent()) ?? '')?.[1],
  );
  expect(compared).toBeGreaterThan(50);

  // The table opens sorted by flags, most first: the first scan has the longest list.
  const first = table.locator('tbody tr').first().getByRole('rowheader');
  const scan = (await first.textContent())!;
  const second = (await table.locator('tbody tr').nth(1).getByRole('rowheader').textContent())!;
  const fromTable = await tableRow(page, scan);
  expect(fromTable.flagged.length, 'the first scan has flags').toBeGreaterThan(0);

  await first.getByRole('button', { name: scan }).click();
  const title = page.getByRole('heading', { level: 3, name: scan, exact: true });
  await expect(title).toBeVisible();
  await expect(title).toBeFocused();
  expect(scanOfUrl(page)).toBe(scan);
  expect(new URL(page.url()).searchParams.get('view')).toBe('compare');
  await expect(table).toBeHidden();

  const shown = await scanPage(page);
  // Every compared IQM, each with the percentile and robust z the table shows for the scan.
  expect(shown.items.map((i) => i.iqm).sort()).toEqual(Object.keys(fromTable.byIqm).sort());
  expect(shown.items.length).toBe(compared);
  for (const item of shown.items) {
    const cell = fromTable.byIqm[item.iqm]!;
    expect({
      iqm: item.iqm,
      percentile: item.percentile,
      z: item.z,
      flagged: item.flagged,
    }).toEqual({
      iqm: item.iqm,
      percentile: cell.percentile,
      z: cell.z,
      flagged: cell.flagged,
    });
    expect(item.direction, `${item.iqm}'s better direction`).toMatch(
      /^(Higher is better|Lower is better|No better side)$/,
    );
    expect(item.strip, `${item.iqm}'s strip says what it draws`).toContain('crowd values');
    expect(item.strip, `${item.iqm}'s strip says the crowd is synthetic`).toContain(
      'synthetic demo data',
    );
  }
  // Meanings come from the IQM catalogue; cjv's is the coefficient of joint variation.
  expect(shown.items.find((i) => i.iqm === 'cjv')?.meaning).toMatch(/joint variation/i);
  // The reasons: the same IQMs as the table's list, each with its whole reason.
  expect(shown.reasons.map((r) => r.iqm)).toEqual(fromTable.flagged);
  for (const reason of shown.reasons) {
    expect(reason.text).toContain(fromTable.byIqm[reason.iqm]!.flagged);
  }
  await expect(page.locator('.scan-summary')).toContainText(
    `Flagged on ${fromTable.flagged.length} of the `,
  );
  await expect(page.locator('.scan-summary')).toContainText(`(${compared} compared)`);
  // The page and its plots say the crowd is synthetic (inside each picture too).
  await expect(page.locator('.scan-summary')).toContainText('synthetic demo data');
  await expect(page.locator('svg.scan-strip text.synthetic-svg-mark')).toHaveCount(compared);

  expect(await audit(page, "a scan's page")).toEqual([]);
  await saveScreenshot(page, testInfo, 'scan-page-desktop');

  // Back: the table again, the focus on the scan's row.
  await page.goBack();
  await expect(table).toBeVisible();
  expect(scanOfUrl(page)).toBeNull();
  await expect(first.getByRole('button', { name: scan })).toBeFocused();

  // Next from the page steps in the table's order; Back still returns to the table, on the
  // row of the scan last shown.
  await first.getByRole('button', { name: scan }).click();
  await page.getByRole('button', { name: `Next: ${second}` }).click();
  await expect(page.getByRole('heading', { level: 3, name: second, exact: true })).toBeFocused();
  expect(scanOfUrl(page)).toBe(second);
  await expect(page.getByRole('button', { name: `Previous: ${scan}` })).toBeVisible();
  await page.goBack();
  await expect(table).toBeVisible();
  await expect(
    table.getByRole('rowheader', { name: second, exact: true }).getByRole('button'),
  ).toBeFocused();
  // The table is as it was left: every column still shown.
  await expect(page.getByText(`IQM columns: ${compared} of ${compared} shown`)).toBeVisible();
});

test("the keyboard opens a scan's page (Enter and Space), and All scans returns to its row", async ({
  page,
  mirror,
}) => {
  const table = await compareT1w(page, mirror);
  const rows = table.locator('tbody tr');
  const a = (await rows.nth(2).getByRole('rowheader').textContent())!;
  const b = (await rows.nth(5).getByRole('rowheader').textContent())!;

  await rows.nth(2).getByRole('button', { name: a }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: a, exact: true })).toBeFocused();
  expect(scanOfUrl(page)).toBe(a);
  // "All scans" on the page is Back too: it leaves no page entry behind.
  await page.getByRole('button', { name: 'All scans' }).press('Enter');
  await expect(rows.nth(2).getByRole('button', { name: a })).toBeFocused();
  expect(scanOfUrl(page)).toBeNull();

  await rows.nth(5).getByRole('button', { name: b }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('heading', { level: 3, name: b, exact: true })).toBeFocused();
  expect(scanOfUrl(page)).toBe(b);
  await page.goBack();
  await expect(rows.nth(5).getByRole('button', { name: b })).toBeFocused();
});

test('a reload keeps the scan in the URL and asks for the file again; the page opens once it is loaded', async ({
  page,
  mirror,
}, testInfo) => {
  const table = await compareT1w(page, mirror);
  const row = table.locator('tbody tr').nth(1);
  const scan = (await row.getByRole('rowheader').textContent())!;
  await row.getByRole('button', { name: scan }).click();
  await expect(page.getByRole('heading', { level: 3, name: scan, exact: true })).toBeVisible();

  // The user's file lives only in the page: after a reload the crowd is back, the file not.
  await page.reload();
  await expect(page.getByText(`Load the group file again to see ${scan}`)).toBeVisible();
  expect(scanOfUrl(page)).toBe(scan);
  await expect(page.getByRole('heading', { level: 3, name: scan })).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'scan-page-after-reload');

  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  await expect(page.getByRole('heading', { level: 3, name: scan, exact: true })).toBeVisible();
  await expect(page.getByText(`Load the group file again`)).toHaveCount(0);
  expect(scanOfUrl(page)).toBe(scan);

  // A link naming a scan the file does not have says so and shows the table.
  const url = new URL(page.url());
  url.searchParams.set('scan', 'sub-999_T1w');
  await page.goto(url.toString());
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  await expect(page.getByRole('alert')).toContainText(
    'user-group_T1w.tsv has no scan named sub-999_T1w',
  );
  await expect(table).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  expect(scanOfUrl(page)).toBeNull();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test("on a phone a scan's page fits the screen: no sideways scroll", async ({
  page,
  mirror,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const table = await compareT1w(page, mirror);
  const first = table.locator('tbody tr').first().getByRole('rowheader');
  const scan = (await first.textContent())!;
  await first.getByRole('button', { name: scan }).click();
  await expect(page.getByRole('heading', { level: 3, name: scan, exact: true })).toBeVisible();
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);
  expect(await audit(page, "a scan's page at 390 px")).toEqual([]);
  await saveScreenshot(page, testInfo, 'scan-page-phone');
});
