/**
 * Issue 13 §1: what a query holds, seen before downloading it — the live count, then facets.
 * Every expected number is asked of the mirror directly (MirrorClient), never of the app.
 */
import type { Page, Request } from '@playwright/test';
import {
  appUrl,
  expect,
  MIRROR_API,
  MRIQC,
  saveScreenshot,
  startMirror,
  test,
  type Where,
} from './fixtures.ts';

function controls(page: Page) {
  const versions = page.getByRole('group', { name: 'Versions' });
  return {
    live: page.getByRole('status', { name: 'Live count' }),
    filter: page.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' }),
    version: (version: string) =>
      versions
        .getByRole('listbox', { name: 'Versions' })
        .getByRole('option', { name: new RegExp(`^${version.replace(/\./g, '\\.')}( |$)`) }),
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
  await ui.version(v1).click();
  const oneVersion = { ...MRIQC, 'provenance.version': { $in: [v1] } };
  await expect(ui.live).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', oneVersion)),
  );
  await ui.version(v2).click();
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
  await ui.version(v2).click();
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

/** Each value row of a facet once every count is in: [value as shown, count]. */
async function facetRows(page: Page, label: string): Promise<[string, number][]> {
  const facet = page.getByRole('region', { name: `${label} facet` });
  await expect(facet.getByRole('listitem').first()).toBeVisible();
  await expect(facet.locator('li:not([data-count])')).toHaveCount(0, { timeout: 30_000 });
  return facet
    .getByRole('listitem')
    .evaluateAll((items) =>
      items.map((li) => [
        li.getAttribute('data-value') ?? '',
        Number(li.getAttribute('data-count')),
      ]),
    );
}

test('facet counts equal the per-value counts of the mirror; a click adds the value and the live count follows', async ({
  page,
  mirror,
}, testInfo) => {
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  const ui = controls(page);
  const total = await mirror.total('T1w', MRIQC);
  await expect(ui.live).toHaveAttribute('data-total', String(total));
  await page.getByRole('button', { name: 'Show facets' }).click();

  const fields = [
    ['Manufacturer', 'bids_meta.Manufacturer', (v: string) => v],
    ['MagneticFieldStrength', 'bids_meta.MagneticFieldStrength', Number],
    ['MRIQC version', 'provenance.version', (v: string) => v],
  ] as const;
  for (const [label, field, parse] of fields) {
    const rows = await facetRows(page, label);
    expect(rows.length, `${label} has values with records`).toBeGreaterThan(0);
    let sum = 0;
    for (const [shown, count] of rows) {
      const value = shown === 'not recorded' ? { $exists: false } : parse(shown);
      expect(count, `${label} = ${shown}`).toBe(
        await mirror.total('T1w', { ...MRIQC, [field]: value }),
      );
      expect(count).toBeGreaterThan(0);
      sum += count;
    }
    // What the listed values leave out is said, as the rest of the mirror's total.
    const rest = page.getByRole('region', { name: `${label} facet` }).locator('.facet-rest');
    if (sum < total) await expect(rest).toHaveAttribute('data-count', String(total - sum));
    else await expect(rest).toHaveCount(0);
  }
  await saveScreenshot(page, testInfo, 'facets');

  // Click a manufacturer: the filter (and the URL) gains it, and the live count follows.
  const manufacturers = await facetRows(page, 'Manufacturer');
  const [value, count] = manufacturers.find(([v]) => v !== 'not recorded')!;
  await page
    .getByRole('region', { name: 'Manufacturer facet' })
    .getByRole('button', { name: value, exact: true })
    .click();
  await expect(ui.filter).toHaveValue(`{"bids_meta.Manufacturer": "${value}"}`);
  expect(JSON.parse(new URL(page.url()).searchParams.get('where') ?? '')).toEqual({
    'bids_meta.Manufacturer': value,
  });
  await expect(ui.live).toHaveAttribute('data-total', String(count));
  expect(count).toBe(await mirror.total('T1w', { ...MRIQC, 'bids_meta.Manufacturer': value }));
  // The facets are now of the narrowed query: only that manufacturer has records.
  expect((await facetRows(page, 'Manufacturer')).map(([v]) => v)).toEqual([value]);
  const button = page
    .getByRole('region', { name: 'Manufacturer facet' })
    .getByRole('button', { name: `${value} ×` });
  await expect(button).toHaveAttribute('aria-pressed', 'true');

  // A version: the Versions control takes it.
  const [version, versionCount] = (await facetRows(page, 'MRIQC version'))[0]!;
  await page
    .getByRole('region', { name: 'MRIQC version facet' })
    .getByRole('button', { name: version, exact: true })
    .click();
  await expect(ui.version(version)).toHaveAttribute('aria-selected', 'true');
  await expect(ui.live).toHaveAttribute('data-total', String(versionCount));

  // × takes the manufacturer back out.
  await button.click();
  await expect(ui.filter).toHaveValue('');
  await expect(ui.live).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', { ...MRIQC, 'provenance.version': { $in: [version] } })),
  );
});

test('facets keep at most 4 counts in flight, and a changed query cancels the counts still waiting', async ({
  page,
}) => {
  // A slow mirror, so requests overlap: without the limit all ~20 would be in flight at once.
  // The live count shares the facets' slots, so every count request is counted.
  const slow = await startMirror(120, ['--latency', '300', '--records', 'T1w=300,T2w=50,bold=10']);
  try {
    const sent: Request[] = [];
    page.on('request', (request) => {
      const params = new URL(request.url()).searchParams;
      if (
        request.url().startsWith(slow.base) &&
        params.get('max_results') === '1' &&
        params.has('where')
      )
        sent.push(request);
    });
    // In flight, measured in the page: from the app's fetch() call to the moment that call
    // settles (the response's headers, or the abort of a count the page cut). That span lies
    // inside the slot the count holds — taken before the call, freed only after the body is
    // read or the count is cut — so it never overstates. The browser's network timings could:
    // a cut count's response can reach the network after the page freed its slot (5 "in
    // flight" in three CI runs, with and without a query change).
    await page.addInitScript((base) => {
      const state = { now: 0, most: 0 };
      (window as unknown as { __countsInFlight: typeof state }).__countsInFlight = state;
      const original = window.fetch;
      window.fetch = (input, init) => {
        const url =
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const params = new URL(url, window.location.href).searchParams;
        const counted =
          url.startsWith(base) && params.get('max_results') === '1' && params.has('where');
        const call = original(input, init);
        if (!counted) return call;
        state.now++;
        state.most = Math.max(state.most, state.now);
        return call.finally(() => {
          state.now--;
        });
      };
    }, slow.base);
    const inFlight = () =>
      page.evaluate(() => {
        const state = (window as unknown as { __countsInFlight: { now: number; most: number } })
          .__countsInFlight;
        return { now: state.now, most: state.most };
      });
    /** The most counts in flight since the last call, once none is. */
    const mostInFlight = async () => {
      await expect.poll(async () => (await inFlight()).now).toBe(0);
      const { most } = await inFlight();
      await page.evaluate(() => {
        (window as unknown as { __countsInFlight: { most: number } }).__countsInFlight.most = 0;
      });
      return most;
    };

    await page.goto(appUrl({ source: slow.base, modality: 'T1w', software: 'mriqc' }));
    const ui = controls(page);
    await expect(ui.live).toHaveAttribute('data-total', /\d+/, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Show facets' }).click();
    await facetRows(page, 'MRIQC version');
    const planned = sent.length;
    expect(planned).toBeGreaterThan(8);
    // The limit is reached (the counts do overlap) and never passed.
    expect(await mostInFlight()).toBe(4);

    // Change the query while its facets are being counted: counts still waiting are never sent.
    const before = sent.length;
    const first = encodeURIComponent('"size_x":{"$gt":0}');
    await ui.filter.fill('{"size_x": {"$gt": 0}}');
    await expect.poll(() => sent.some((request) => request.url().includes(first))).toBe(true);
    await ui.filter.fill('{"size_x": {"$gt": 1}}');
    await facetRows(page, 'MRIQC version');
    const forFirst = sent.slice(before).filter((request) => request.url().includes(first));
    expect(forFirst.length).toBeLessThan(planned);
    // The cut counts included: the limit held across the change too.
    expect(await mostInFlight()).toBeLessThanOrEqual(4);
  } finally {
    await slow.stop();
  }
});

test('a field the user adds is faceted too: values from a sample, counts from the mirror', async ({
  page,
  mirror,
}) => {
  await page.goto(appUrl({ source: MIRROR_API, modality: 'bold', software: 'mriqc' }));
  await page.getByRole('button', { name: 'Show facets' }).click();
  const field = 'bids_meta.ManufacturersModelName';
  await page.getByRole('combobox', { name: 'Add a field' }).fill(field);
  await page.getByRole('button', { name: 'Add facet' }).click();
  const rows = await facetRows(page, field);
  expect(rows.length).toBeGreaterThan(0);
  for (const [shown, count] of rows) {
    const value = shown === 'not recorded' ? { $exists: false } : shown;
    expect(count, `${field} = ${shown}`).toBe(
      await mirror.total('bold', { ...MRIQC, [field]: value }),
    );
  }
  await expect(page.getByRole('region', { name: `${field} facet` })).toContainText(
    'Values seen in 50 records of this query',
  );
  await page.getByRole('button', { name: `Remove the ${field} facet` }).click();
  await expect(page.getByRole('region', { name: `${field} facet` })).toHaveCount(0);
});
