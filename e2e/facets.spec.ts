/**
 * Issue 13 §1: what a query holds, seen before downloading it — the live count, then facets.
 * Every expected number is asked of the mirror directly (MirrorClient), never of the app.
 */
import type { Page, Request } from '@playwright/test';
import { appUrl, expect, MIRROR_API, MRIQC, saveScreenshot, test, type Where } from './fixtures.ts';

function controls(page: Page) {
  const versions = page.getByRole('group', { name: 'Versions' });
  return {
    live: page.getByRole('status', { name: 'Live count' }),
    filter: page.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' }),
    version: (version: string) =>
      versions.getByRole('checkbox', {
        name: new RegExp(`^${version.replace(/\./g, '\\.')}( |$)`),
      }),
  };
}

/** Count requests (`max_results=1` with a filter) the app sends to the mirror's collection. */
function countRequests(page: Page, modality: string): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (
      request.url().startsWith(`${MIRROR_API}/${modality}?`) &&
      url.searchParams.get('max_results') === '1' &&
      url.searchParams.has('where')
    ) {
      requests.push(request);
    }
  });
  return requests;
}

const whereOf = (request: Request) =>
  JSON.parse(new URL(request.url()).searchParams.get('where') ?? 'null') as Where;

test('the live count equals the mirror count for the same where, and follows the query', async ({
  page,
  mirror,
}, testInfo) => {
  const [v1, v2] = (await mirror.frequentVersions('T1w', 2)) as [string, string];
  const requests = countRequests(page, 'T1w');
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  const ui = controls(page);

  // No Download pressed: the count is there, with its source (synthetic) and time.
  await expect(ui.live).toHaveAttribute('data-total', String(await mirror.total('T1w', MRIQC)));
  await expect(ui.live).toContainText('on the local mirror (synthetic demo data), counted at');
  await expect(ui.live).toContainText(/counted at \d\d:\d\d:\d\d/);
  expect(requests.map(whereOf)).toEqual([MRIQC]);

  // A version ticked: the count is the mirror's for that version.
  await ui.version(v1).check();
  const oneVersion = { ...MRIQC, 'provenance.version': { $in: [v1] } };
  await expect(ui.live).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', oneVersion)),
  );
  await ui.version(v2).check();
  const twoVersions = { ...MRIQC, 'provenance.version': { $in: [v1, v2] } };
  const both = await mirror.total('T1w', twoVersions);
  await expect(ui.live).toHaveAttribute('data-total', String(both));
  expect(both).toBeGreaterThan(await mirror.total('T1w', oneVersion));

  // A filter typed character by character: counted once, where the typing stopped.
  const before = requests.length;
  await ui.filter.pressSequentially('{"bids_meta.Manufacturer": "GE"}', { delay: 20 });
  const filtered = { ...twoVersions, 'bids_meta.Manufacturer': 'GE' };
  const expected = await mirror.total('T1w', filtered);
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(both);
  await expect(ui.live).toHaveAttribute('data-total', String(expected));
  expect(requests.slice(before).map(whereOf)).toEqual([filtered]);

  // Back to a query counted before: answered from the cache, no request.
  await ui.filter.fill('');
  await ui.version(v2).uncheck();
  await expect(ui.live).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', oneVersion)),
  );
  expect(requests.slice(before).map(whereOf)).toEqual([filtered]);
  await saveScreenshot(page, testInfo, 'live-count');
});

test('the live count shows the server refusing a filter, in place', async ({
  page,
  pageErrors,
}) => {
  // Chromium logs every 4xx as "Failed to load resource"; this 400 is the point of the test.
  pageErrors.allow(
    (message) =>
      message.text().includes('status of 400') &&
      message.location().url.startsWith(`${MIRROR_API}/T1w?where=`),
  );
  await page.goto(
    appUrl({
      source: MIRROR_API,
      modality: 'T1w',
      software: 'mriqc',
      where: '{"bids_meta.Manufacturer": {"$regex": "^G"}}',
    }),
  );
  const ui = controls(page);
  await expect(ui.live).toHaveAttribute('data-state', 'error');
  await expect(ui.live).toContainText('The server refused this query');
  await expect(ui.live).not.toContainText('records match');
});
