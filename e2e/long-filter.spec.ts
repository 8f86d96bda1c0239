/**
 * A field filter too long for the page address (issue 10, case 9): the address carries a short
 * reference, this browser keeps the filter, a reload restores it, and a browser without it says so.
 */
import type { Page } from '@playwright/test';
import { appUrl, expect, MIRROR_API, MRIQC, saveScreenshot, test } from './fixtures.ts';

/** A valid filter of about `chars` characters: made-up site names in one `$in`. */
function siteFilter(chars: number): string {
  const names: string[] = [];
  for (let length = 0; length < chars; length += names.at(-1)!.length + 3) {
    names.push(`site-${names.length}`);
  }
  return JSON.stringify({ 'bids_meta.InstitutionName': { $in: names } });
}

function controls(page: Page) {
  return {
    filter: page.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' }),
    download: page.getByRole('button', { name: 'Download', exact: true }),
    result: page.getByRole('status', { name: 'Query result' }),
  };
}

/** Requests to the mirror that carry a field filter naming `field`. */
function filteredRequests(page: Page, field: string): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(MIRROR_API) && request.url().includes(encodeURIComponent(field))) {
      urls.push(request.url());
    }
  });
  return urls;
}

test('a 100 kB filter stays out of the address, survives a reload, and is still not sent', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000); // 100 kB typed, two reloads, a second browser
  const where = siteFilter(100_000);
  expect(where.length).toBeGreaterThan(100_000);
  const sent = filteredRequests(page, 'bids_meta.InstitutionName');
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  const ui = controls(page);
  await ui.filter.fill(where);

  // The address names the filter; it does not hold it.
  await expect
    .poll(() => new URL(page.url()).searchParams.get('whereRef'))
    .toMatch(/^[0-9a-f]{32}$/);
  const url = page.url();
  expect(url.length).toBeLessThan(300);
  expect(new URL(url).searchParams.has('where')).toBe(false);
  await expect(page.getByText('This filter is too long for the page address')).toBeVisible();

  // Refused as before: too long for the API.
  await ui.download.click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'too long for the server' }),
  ).toBeVisible();
  await saveScreenshot(page, testInfo, 'long-filter-kept-out-of-the-address');

  // A reload (the static server would refuse a 100 kB address) brings it back, still refused.
  await page.reload();
  await expect(ui.filter).toHaveValue(where);
  expect(page.url()).toBe(url);
  await ui.download.click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'too long for the server' }),
  ).toBeVisible();
  expect(sent).toEqual([]);

  // The same link in a browser that does not hold the filter says so, and sends nothing.
  const other = await browser.newContext();
  try {
    const elsewhere = await other.newPage();
    const sentElsewhere = filteredRequests(elsewhere, 'bids_meta.InstitutionName');
    await elsewhere.goto(url);
    const there = controls(elsewhere);
    await expect(there.filter).toHaveValue('');
    await expect(there.filter).toHaveAccessibleDescription(
      /names a long field filter that is kept in the browser that made the link/,
    );
    await there.download.click();
    await expect(there.filter).toBeFocused();
    await expect(there.result).toHaveAttribute('data-state', 'idle');
    // The reference stays in the address until the user types another filter.
    expect(new URL(elsewhere.url()).searchParams.get('whereRef')).toBe(
      new URL(url).searchParams.get('whereRef'),
    );
    await saveScreenshot(elsewhere, testInfo, 'long-filter-missing-in-another-browser');
    await there.filter.fill('{"size_x": 256}');
    await expect
      .poll(() => new URL(elsewhere.url()).searchParams.get('where'))
      .toBe('{"size_x": 256}');
    expect(new URL(elsewhere.url()).searchParams.has('whereRef')).toBe(false);
    expect(sentElsewhere).toEqual([]);
  } finally {
    await other.close();
  }
});

test('a filter too long for the address but not for the API counts, and counts again after a reload', async ({
  page,
  mirror,
}) => {
  // ~60 made-up md5sums: about 2,600 characters in the address, well under the API's limit.
  const md5s = Array.from({ length: 60 }, (_, i) => i.toString(16).padStart(32, 'e'));
  const filter = { 'bids_meta.Manufacturer': 'GE', 'provenance.md5sum': { $nin: md5s } };
  const expected = await mirror.total('T1w', { ...MRIQC, ...filter });
  expect(expected).toBeGreaterThan(0);

  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  const ui = controls(page);
  await ui.filter.fill(JSON.stringify(filter, null, 1));
  await expect.poll(() => new URL(page.url()).searchParams.has('whereRef')).toBe(true);
  await ui.download.click();
  await expect(ui.result).toHaveAttribute('data-total', String(expected));
  await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
    `Downloaded ${expected.toLocaleString('en-US')} records`,
    { timeout: 60_000 },
  );

  await page.reload();
  // A complete dataset folds the query form (issue 12, the page's flow): Edit opens it.
  await page.getByRole('button', { name: 'Edit query' }).click();
  await expect(ui.filter).toHaveValue(JSON.stringify(filter, null, 1));
  // The same dataset as before the reload: what was saved for this query is found.
  await expect(page.getByRole('progressbar', { name: 'Download progress' })).toHaveAttribute(
    'aria-valuenow',
    String(expected),
  );
  await expect(page.getByRole('button', { name: 'Refresh' })).toBeVisible();

  // Datasets → Open puts the stored query back: its filter out of the address again.
  await page.goto(
    appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc', view: 'datasets' }),
  );
  await expect(ui.filter).toHaveValue('');
  await page
    .getByRole('table', { name: 'Saved datasets' })
    .getByRole('button', { name: 'Open' })
    .click();
  await page.getByRole('button', { name: 'Edit query' }).click();
  await expect(ui.filter).toHaveValue(JSON.stringify(filter, null, 1));
  await expect.poll(() => new URL(page.url()).searchParams.has('whereRef')).toBe(true);
  expect(new URL(page.url()).searchParams.has('where')).toBe(false);
  await expect(page.getByRole('progressbar', { name: 'Download progress' })).toHaveAttribute(
    'aria-valuenow',
    String(expected),
  );
});
