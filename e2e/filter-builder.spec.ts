/**
 * Issue 13 §1, the filter builder: conditions picked from the field catalogue become the
 * query's MongoDB JSON (URL and JSON box), JSON typed by hand comes back as conditions, and a
 * filter the builder can't hold stays raw and is what Download sends. Every expected count is
 * asked of the mirror directly (MirrorClient).
 */
import type { Page, Request } from '@playwright/test';
import { audit } from './axe-audit.ts';
import { appUrl, expect, MIRROR_API, MRIQC, saveScreenshot, test, type Where } from './fixtures.ts';

function builder(page: Page) {
  const box = page.getByRole('group', { name: 'Filter builder' });
  const row = (n: number) => ({
    field: box.getByRole('combobox', { name: `Field of condition ${n}` }),
    op: box.getByRole('combobox', { name: `Operator of condition ${n}` }),
    value: box.getByLabel(`Value of condition ${n}`),
    group: box.getByRole('group', { name: `Condition ${n}` }),
  });
  return {
    box,
    row,
    add: box.getByRole('button', { name: 'Add condition' }),
    json: page.getByRole('textbox', { name: 'Field filter (MongoDB JSON)' }),
    live: page.getByRole('status', { name: 'Live count' }),
  };
}

const urlWhere = (page: Page): Where =>
  JSON.parse(new URL(page.url()).searchParams.get('where') ?? 'null') as Where;

async function jsonShown(page: Page): Promise<Where> {
  return JSON.parse(await builder(page).json.inputValue()) as Where;
}

const openT1w = (page: Page, where?: string) =>
  page.goto(
    appUrl({
      source: MIRROR_API,
      modality: 'T1w',
      software: 'mriqc',
      ...(where ? { where } : {}),
    }),
  );

test('two conditions built become the where of the URL and the JSON, counted as the mirror counts them', async ({
  page,
  mirror,
}, testInfo) => {
  await openT1w(page);
  const ui = builder(page);

  await ui.add.click();
  const first = ui.row(1);
  // The picker groups the catalogue; a text field offers the values real records hold.
  expect(
    await first.field
      .locator('optgroup')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('label'))),
  ).toEqual(['BIDS metadata', 'IQMs (T1w)', 'Provenance']);
  await first.field.selectOption('bids_meta.Manufacturer');
  expect(await first.op.locator('option').allTextContents()).toEqual(['=', '≠', 'in', 'exists']);
  await expect(first.group).toContainText(
    'Known values, with how many of 745 real bold records hold each:',
  );
  await expect(first.group.getByRole('button', { name: 'Siemens' })).toBeVisible();

  // Typed in the wrong case: the builder says matching is case-sensitive and offers the spelling.
  await first.value.fill('siemens');
  await expect(first.group).toContainText('Matching is case-sensitive');
  expect(urlWhere(page)).toEqual({ 'bids_meta.Manufacturer': 'siemens' });
  await first.group.getByRole('button', { name: 'Use “Siemens”' }).click();
  await expect(first.value).toHaveValue('Siemens');
  await expect(first.group).not.toContainText('Matching is case-sensitive');

  await ui.add.click();
  const second = ui.row(2);
  await second.field.selectOption('bids_meta.MagneticFieldStrength');
  expect(await second.op.locator('option').allTextContents()).toEqual([
    '=',
    '≠',
    'in',
    '<',
    '≤',
    '>',
    '≥',
    'exists',
  ]);
  await second.op.selectOption('≥');
  // Not a number yet: said, and kept out of the filter rather than sent as text.
  await second.value.fill('3T');
  await expect(second.group).toContainText('Not in the filter yet: “3T” is not a number.');
  await second.value.fill('3');
  await expect(second.group).not.toContainText('Not in the filter yet');

  const built = {
    'bids_meta.Manufacturer': 'Siemens',
    'bids_meta.MagneticFieldStrength': { $gte: 3 },
  };
  await expect.poll(() => urlWhere(page)).toEqual(built);
  expect(await jsonShown(page)).toEqual(built);
  const expected = await mirror.total('T1w', { ...MRIQC, ...built });
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(await mirror.total('T1w', MRIQC));
  await expect(ui.live).toHaveAttribute('data-total', String(expected));
  await saveScreenshot(page, testInfo, 'filter-builder-built');

  // Another filter the builder can hold, typed by hand: the rows show it.
  const typed = { 'bids_meta.Manufacturer': { $in: ['GE', 'Philips'] }, cjv: { $lt: 0.5 } };
  await ui.json.fill(JSON.stringify(typed));
  await expect(ui.row(1).field).toHaveValue('bids_meta.Manufacturer');
  await expect(ui.row(1).op).toHaveValue('in');
  await expect(ui.row(1).value).toHaveValue('GE, Philips');
  await expect(ui.row(2).field).toHaveValue('cjv');
  await expect(ui.row(2).op).toHaveValue('<');
  await expect(ui.row(2).value).toHaveValue('0.5');
  await expect(ui.row(3).field).toHaveCount(0);
  expect(urlWhere(page)).toEqual(typed);
  await expect(ui.live).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', { ...MRIQC, ...typed })),
  );

  // Edited in the builder again: the hand-typed part it didn't touch is kept.
  await ui.row(2).value.fill('0.45');
  await expect.poll(() => urlWhere(page)).toEqual({ ...typed, cjv: { $lt: 0.45 } });
  expect(await jsonShown(page)).toEqual({ ...typed, cjv: { $lt: 0.45 } });
});

test('a filter the builder cannot hold ($or) stays raw, clearly, and is what Download uses', async ({
  page,
  mirror,
}) => {
  const or = {
    $or: [
      { 'bids_meta.Manufacturer': 'GE', 'bids_meta.MagneticFieldStrength': 3 },
      { cjv: { $lt: 0.35 } },
    ],
  };
  const raw = JSON.stringify(or);
  const total = await mirror.total('T1w', { ...MRIQC, ...or });
  expect(total).toBeGreaterThan(0);
  await openT1w(page, raw);
  const ui = builder(page);
  await expect(ui.box).toContainText(
    "The builder can't show this filter (the builder has no $or). It is kept exactly as written",
  );
  await expect(ui.add).toHaveCount(0);
  await expect(ui.json).toHaveValue(raw);
  await expect(ui.live).toHaveAttribute('data-total', String(total));

  const sent: Request[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (
      request.url().startsWith(`${MIRROR_API}/T1w?`) &&
      url.searchParams.get('max_results') !== '1'
    ) {
      sent.push(request);
    }
  });
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Download result' })).toContainText(
    `Downloaded ${total.toLocaleString('en-US')} records`,
    { timeout: 60_000 },
  );
  expect(sent.length).toBeGreaterThan(0);
  for (const request of sent) {
    const where = new URL(request.url()).searchParams.get('where') ?? '';
    expect(where).toContain(JSON.stringify(or.$or));
  }
  // Nothing was lost: the filter is still as typed (the form folds after a download: unfold it).
  expect(urlWhere(page)).toEqual(or);
  await page.getByRole('button', { name: 'Edit query' }).click();
  await expect(ui.json).toHaveValue(raw);
  await expect(ui.box).toContainText("The builder can't show this filter");
});

test('one full build by keyboard only', async ({ page, mirror }) => {
  await openT1w(page);
  const ui = builder(page);
  // Start where a keyboard user arrives: Tab from the JSON box's label backwards is long, so the
  // walk starts at the builder's button; from there on, only keys.
  await ui.add.focus();
  await page.keyboard.press('Enter');
  await expect(ui.row(1).field).toBeFocused();
  // Type-ahead on a closed select picks the first option starting with the letters (few
  // letters: a pause over a second between two would start a new search).
  await page.keyboard.type('Manu');
  await expect(ui.row(1).field).toHaveValue('bids_meta.Manufacturer');
  await page.keyboard.press('Tab');
  await expect(ui.row(1).op).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(ui.row(1).value).toBeFocused();
  await page.keyboard.type('Philips');
  // Tab on to "Add condition", past the row's remove button and known values.
  for (let i = 0; i < 12; i++) {
    if (await ui.add.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(ui.add).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.row(2).field).toBeFocused();
  await page.keyboard.type('Magn');
  await expect(ui.row(2).field).toHaveValue('bids_meta.MagneticFieldStrength');
  await page.keyboard.press('Tab');
  // = ≠ in < ≤ > ≥ exists: six down from = is ≥.
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
  await expect(ui.row(2).op).toHaveValue('≥');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1.5');
  const built = {
    'bids_meta.Manufacturer': 'Philips',
    'bids_meta.MagneticFieldStrength': { $gte: 1.5 },
  };
  await expect.poll(() => urlWhere(page)).toEqual(built);
  expect(await jsonShown(page)).toEqual(built);
  await expect(ui.live).toHaveAttribute(
    'data-total',
    String(await mirror.total('T1w', { ...MRIQC, ...built })),
  );

  // Removed by keyboard: the focus goes back to "Add condition", not to the page's body.
  await ui.row(2).group.getByRole('button', { name: 'Remove condition 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(ui.add).toBeFocused();
  await expect.poll(() => urlWhere(page)).toEqual({ 'bids_meta.Manufacturer': 'Philips' });
});

for (const viewport of [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`axe: the builder open with conditions, a case hint and a raw filter (${viewport.name})`, async ({
      page,
    }, testInfo) => {
      // axe on the whole form takes tens of seconds on a busy machine.
      test.setTimeout(120_000);
      await openT1w(page);
      const ui = builder(page);
      await ui.add.click();
      await ui.row(1).field.selectOption('bids_meta.Manufacturer');
      await ui.row(1).value.fill('siemens');
      await ui.add.click();
      await ui.row(2).field.selectOption('bids_meta.MagneticFieldStrength');
      await ui.row(2).op.selectOption('≥');
      await ui.row(2).value.fill('3');
      await ui.add.click();
      await expect(ui.row(1).group).toContainText('Matching is case-sensitive');
      // The rows wrap inside the page: no sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      const found = await audit(page, `filter builder (${viewport.name})`);
      await saveScreenshot(page, testInfo, `filter-builder-${viewport.name}`);
      await ui.json.fill('{"$or": [{"cjv": {"$lt": 0.4}}, {"cjv": {"$gt": 0.6}}]}');
      await expect(ui.box).toContainText("The builder can't show this filter");
      found.push(...(await audit(page, `filter builder raw (${viewport.name})`)));
      await saveScreenshot(page, testInfo, `filter-builder-raw-${viewport.name}`);
      expect(found, 'serious or critical axe violations').toEqual([]);
    });
  });
}
