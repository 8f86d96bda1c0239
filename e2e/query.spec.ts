import type { Page, Request } from '@playwright/test';
import { expect, MIRROR_API, PUBLIC_API, saveScreenshot, test, type Where } from './fixtures.ts';

/** The query panel's controls, found by role and accessible name (DESIGN.md). */
function controls(page: Page) {
  const versions = page.getByRole('group', { name: 'Versions' });
  return {
    source: page.getByRole('combobox', { name: 'Data source' }),
    modality: page.getByRole('combobox', { name: 'Modality' }),
    software: page.getByRole('textbox', { name: 'Software', exact: true }),
    versions,
    /** A version's option in the Versions listbox (aria-selected says whether it is ticked). */
    version: (version: string) =>
      versions
        .getByRole('listbox', { name: 'Versions' })
        .getByRole('option', { name: new RegExp(`^${escapeRegExp(version)}( |$)`) }),
    otherVersion: versions.getByRole('combobox', { name: /^Another version/ }),
    addVersion: versions.getByRole('button', { name: 'Add version' }),
    filter: page.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' }),
    download: page.getByRole('button', { name: 'Download', exact: true }),
    result: page.getByRole('status', { name: 'Query result' }),
    syntheticNote: page.getByText('Local mirror — synthetic demo data, not real scans'),
  };
}

function appUrl(params: Record<string, string>): string {
  return `/?${new URLSearchParams(params)}`;
}

function searchParam(page: Page, name: string): string | null {
  return new URL(page.url()).searchParams.get(name);
}

/** Requests the app sends to the mirror's collection with a filter (probes carry none). */
function collectQueryRequests(page: Page, modality: string): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (
      request.url().startsWith(`${MIRROR_API}/${modality}?`) &&
      request.url().includes('where=')
    ) {
      requests.push(request);
    }
  });
  return requests;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('Download shows the same total as the mirror reports for the same query', async ({
  page,
  mirror,
}, testInfo) => {
  const versions = await mirror.frequentVersions('T1w', 2);
  expect(versions, 'two mriqc versions present in the mirror data').toHaveLength(2);
  const [v1, v2] = versions as [string, string];
  const where: Where = {
    'provenance.software': 'mriqc',
    'provenance.version': { $in: [v1, v2] },
  };
  const expected = await mirror.total('T1w', where);
  // Cross-check the oracle itself: $in over two versions = the sum of each version alone.
  const perVersion = await Promise.all(
    [v1, v2].map((v) =>
      mirror.total('T1w', { 'provenance.software': 'mriqc', 'provenance.version': v }),
    ),
  );
  expect(expected).toBe(perVersion[0]! + perVersion[1]!);
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(await mirror.total('T1w'));

  const requests = collectQueryRequests(page, 'T1w');
  await page.goto(
    appUrl({
      source: MIRROR_API,
      modality: 'T1w',
      software: 'mriqc',
      versions: `${v1},${v2}`,
    }),
  );
  const ui = controls(page);
  await expect(ui.syntheticNote).toBeVisible();
  await expect(ui.version(v1)).toHaveAttribute('aria-selected', 'true');
  await expect(ui.version(v2)).toHaveAttribute('aria-selected', 'true');
  await expect(
    page.getByRole('list', { name: 'Selected versions' }).getByRole('button'),
  ).toHaveText([v1, v2]);

  await ui.download.click();
  await expect(ui.result).toHaveAttribute('data-total', String(expected));
  await expect(ui.result).toContainText(
    `${expected.toLocaleString('en-US')} ${expected === 1 ? 'record matches' : 'records match'}`,
  );
  await expect(ui.result).toContainText('synthetic demo data');

  // One count request for both versions, with the whole filter as one encoded MongoDB-JSON
  // object. Download also starts the real download (download.spec.ts): its page requests add an
  // `_id` range to the filter, and its probes ask for other page sizes.
  const isCount = (request: Request) => {
    const params = new URL(request.url()).searchParams;
    return params.get('max_results') === '50' && !params.get('where')?.includes('"_id"');
  };
  const counts = requests.filter(isCount);
  expect(counts).toHaveLength(1);
  const sent = new URL(counts[0]!.url());
  expect(JSON.parse(sent.searchParams.get('where') ?? '')).toEqual(where);
  expect(sent.searchParams.get('sort')).toBe('_id');
  // Every request, the download's included, asks for both versions at once.
  for (const request of requests) {
    expect(new URL(request.url()).searchParams.get('where')).toContain(
      JSON.stringify({ $in: [v1, v2] }),
    );
  }

  await saveScreenshot(page, testInfo, 'query-mirror-count');
});

test('a reload restores every control, and the controls write the URL', async ({
  page,
  mirror,
}) => {
  const [v1] = (await mirror.frequentVersions('bold', 1)) as [string];
  const sha = '4ec19cb174cd4ea799d9cecc5e6f6d3b2d1cd9fe';
  const filter = '{"bids_meta.RepetitionTime": {"$lt": 2.5}}';
  await page.goto(
    appUrl({
      source: MIRROR_API,
      modality: 'bold',
      software: 'mriqc',
      versions: `${v1},${sha}`,
      where: filter,
      view: 'table',
    }),
  );
  const ui = controls(page);
  const expectRestored = async (state: {
    modality: string;
    software: string;
    checked: string[];
    filter: string;
  }) => {
    await expect(ui.source).toHaveValue(MIRROR_API);
    await expect(ui.modality).toHaveValue(state.modality);
    await expect(ui.software).toHaveValue(state.software);
    for (const version of state.checked) {
      await expect(ui.version(version)).toHaveAttribute('aria-selected', 'true');
    }
    await expect(ui.filter).toHaveValue(state.filter);
  };
  await expectRestored({ modality: 'bold', software: 'mriqc', checked: [v1, sha], filter });

  // Change every control through the UI, then reload.
  await ui.modality.selectOption('T2w');
  await ui.software.fill('mriqc ');
  await ui.version(sha).click();
  await expect(ui.version(sha)).toHaveAttribute('aria-selected', 'false');
  await ui.otherVersion.fill('23.1.0.dev9+g936aae7');
  await ui.otherVersion.press('Enter');
  const newFilter = '{"size_x": {"$gte": 200}}';
  await ui.filter.fill(newFilter);
  await expect.poll(() => searchParam(page, 'where')).toBe(newFilter);
  expect(searchParam(page, 'modality')).toBe('T2w');
  expect(searchParam(page, 'versions')).toBe(`${v1},23.1.0.dev9+g936aae7`);
  expect(searchParam(page, 'view'), 'params of other features survive').toBe('table');

  await page.reload();
  await expectRestored({
    modality: 'T2w',
    software: 'mriqc ',
    checked: [v1, '23.1.0.dev9+g936aae7'],
    filter: newFilter,
  });
  await expect(ui.version(sha)).toHaveCount(0);
  expect(searchParam(page, 'view')).toBe('table');

  // Back undoes the last deliberate choice (a version added), not each keystroke.
  await page.goBack();
  await expect(ui.version('23.1.0.dev9+g936aae7')).toHaveAttribute('aria-selected', 'false');
  expect(searchParam(page, 'versions')).toBe(v1);
  await expect(ui.filter).toHaveValue(filter);
});

test('a malformed field filter is explained before anything is sent', async ({ page }) => {
  const requests = collectQueryRequests(page, 'T1w');
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w' }));
  const ui = controls(page);
  await ui.filter.fill('{"size_x": ');
  await ui.download.click();
  await expect(ui.filter).toHaveAttribute('aria-invalid', 'true');
  await expect(ui.filter).toBeFocused();
  await expect(ui.filter).toHaveAccessibleDescription(/This is not valid JSON/);
  await expect(page.getByText(/This is not valid JSON/)).toBeVisible();

  await ui.filter.fill('[{"size_x": 256}]');
  await ui.download.click();
  await expect(page.getByText(/The filter must be a JSON object in braces/)).toBeVisible();
  // The query as loaded (no filter) is counted live; neither malformed filter is ever sent.
  expect(requests.filter((request) => request.url().includes('size_x'))).toHaveLength(0);
});

test("a filter the server refuses shows the server's own message", async ({
  page,
  mirror,
  pageErrors,
}) => {
  const filter = { size_x: { $regex: '^2' } };
  const refused = await mirror.get('T1w', {
    where: JSON.stringify({ 'provenance.software': 'mriqc', ...filter }),
    max_results: 1,
  });
  expect(refused.status).toBe(400);
  const serverMessage = refused.body._error?.message ?? '';
  expect(serverMessage).not.toBe('');
  // Chromium logs every 4xx as "Failed to load resource"; this 400 is the point of the test.
  pageErrors.allow(
    (message) =>
      message.text().includes('status of 400') &&
      message.location().url.startsWith(`${MIRROR_API}/T1w?where=`),
  );

  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  const ui = controls(page);
  await ui.filter.fill(JSON.stringify(filter));
  await ui.download.click();
  await expect(ui.result).toHaveAttribute('data-state', 'error');
  await expect(ui.result).toContainText(`The server refused this query: ${serverMessage}`);
  await expect(ui.result).toContainText('not $regex or $where');
});

test('when the public API does not answer, the app says so and offers the mirror', async ({
  page,
  mirror,
}, testInfo) => {
  const mirrorTotal = await mirror.total('T1w');
  await page.goto('/');
  const ui = controls(page);
  // The URL is completed with the defaults, so it can be shared as it is.
  await expect.poll(() => searchParam(page, 'source')).toBe(PUBLIC_API);
  await expect(ui.source).toHaveValue(PUBLIC_API);

  const status = page.getByRole('list', { name: 'Data source status' });
  // The public host is unresolvable here; if it hangs instead, the 6 s probe timeout decides.
  await expect(
    status.getByRole('listitem').filter({ hasText: 'Public MRIQC Web API' }),
  ).toContainText('unreachable', { timeout: 10_000 });
  // Only the chosen source is probed on load: the mirror is offered without being asked.
  const mirrorStatus = status.getByRole('listitem').filter({ hasText: 'Local mirror' });
  await expect(mirrorStatus).toContainText('not checked');
  const notice = page.getByRole('status').filter({ hasText: 'is not answering' });
  await expect(notice).toContainText('The public MRIQC Web API is not answering');
  await expect(notice).toContainText('If the local mirror runs on this computer');
  // "Check again" asks every source; the offer then says the mirror answers.
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(mirrorStatus).toContainText(
    `answering · ${mirrorTotal.toLocaleString('en-US')} T1w records`,
  );
  await expect(notice).toContainText('The local mirror is answering');
  await expect(ui.syntheticNote).toHaveCount(0);
  await ui.download.click();
  await expect(ui.result).toHaveAttribute('data-state', 'error');
  await expect(ui.result).toContainText(
    `Could not reach the public MRIQC Web API (${PUBLIC_API}).`,
  );
  await saveScreenshot(page, testInfo, 'query-public-unreachable');

  await notice.getByRole('button', { name: 'Switch to the local mirror' }).click();
  await expect(ui.source).toHaveValue(MIRROR_API);
  await expect.poll(() => searchParam(page, 'source')).toBe(MIRROR_API);
  await expect(ui.syntheticNote).toBeVisible();
  await expect(notice).toHaveCount(0);

  await ui.download.click();
  await expect(ui.result).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', { 'provenance.software': 'mriqc' })),
  );
});
