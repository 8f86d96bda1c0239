/**
 * The built app's Content-Security-Policy and Referrer-Policy (issue 10, case 11): every view
 * works under them without a single violation, the policy really refuses what it should, and
 * no request carries the page address to an API.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { appUrl, expect, MIRROR_API, MRIQC, saveScreenshot, test } from './fixtures.ts';

const T1W_FILE = join(import.meta.dirname, 'fixtures', 'user-group_T1w.tsv');

type Watch = { violations: string[] };

/** Every `securitypolicyviolation` of the page, as text, from the first script on. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const watch: Watch = { violations: [] };
    (window as unknown as { cspWatch: Watch }).cspWatch = watch;
    document.addEventListener('securitypolicyviolation', (event) => {
      watch.violations.push(
        `${event.effectiveDirective} refused ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} (${event.sample})`,
      );
    });
  });
  return {
    read: () => page.evaluate(() => (window as unknown as { cspWatch: Watch }).cspWatch.violations),
    clear: () =>
      page.evaluate(() => {
        (window as unknown as { cspWatch: Watch }).cspWatch.violations = [];
      }),
  };
}

test('every view works under the CSP with no violation, and no request carries a Referer', async ({
  page,
  mirror,
  pageErrors,
}, testInfo) => {
  test.setTimeout(180_000); // every view in turn, each loading its code and its workers
  const violations = await watchViolations(page);
  // Exports go through the Blob download path (a blob: link), not the save-file picker.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
  const referers: string[] = [];
  page.on('request', (request) => {
    const referer = request.headers().referer;
    if (referer && !request.url().startsWith(new URL(page.url()).origin)) {
      referers.push(`${request.url()} ← ${referer}`);
    }
  });

  // Download (the engine's worker), then the table.
  const total = await mirror.total('T1w', MRIQC);
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
    `Downloaded ${total.toLocaleString('en-US')} records`,
    { timeout: 60_000 },
  );
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toBeVisible();
  await grid.getByRole('columnheader').nth(1).click();

  // Export (its worker, then a blob: download).
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/\.csv$/);

  // Charts (Observable Plot: SVG with its own styles).
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(
    page.getByRole('figure', { name: 'Distribution of cjv', exact: true }).locator('svg').first(),
  ).toBeVisible({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Group by' }).selectOption('manufacturer');
  await expect(page.getByRole('table', { name: /Per IQM/ })).toBeVisible();
  await saveScreenshot(page, testInfo, 'csp-charts');

  // Compare with a file loaded (the compare workers, overlay charts).
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('MRIQC group file').setInputFiles(T1W_FILE);
  await expect(page.getByRole('table', { name: 'Your scans against the crowd' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText('IQM columns: 5 of ')).toBeVisible({ timeout: 30_000 });

  // Datasets.
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(page.getByRole('table', { name: 'Saved datasets' })).toBeVisible();

  // "Check again" asks both sources (the public API's host is unreachable here, not refused);
  // after a download the query form is folded, so open it first.
  await page.getByRole('button', { name: 'Edit query' }).click();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('list', { name: 'Data source status' })).toContainText('answering');

  expect(await violations.read(), 'CSP violations while using every view').toEqual([]);
  expect(
    referers.length,
    `requests to other origins that carried a Referer, e.g.\n${referers.slice(0, 3).join('\n')}`,
  ).toBe(0);

  // The policy is in force: an injected inline script does not run, an http: host other than
  // this computer cannot be fetched, and each refusal is reported (Chromium logs both).
  pageErrors.allow(
    (message) =>
      message.text().includes('http://192.0.2.1/') ||
      message.text().startsWith('Executing inline script violates'),
  );
  const refused = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true;';
    document.head.append(script);
    const fetched = await fetch('http://192.0.2.1/api/v1/T1w').then(
      () => 'fetched',
      () => 'refused',
    );
    return { ran: (window as unknown as { injectedRan?: boolean }).injectedRan ?? false, fetched };
  });
  expect(refused).toEqual({ ran: false, fetched: 'refused' });
  await expect
    .poll(async () => (await violations.read()).map((v) => v.split(' ')[0]).sort())
    .toEqual(['connect-src', 'script-src-elem']);
});
