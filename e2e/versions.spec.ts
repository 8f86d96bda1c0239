import type { Locator, Page } from '@playwright/test';
import { audit } from './axe-audit.ts';
import { appUrl, expect, MIRROR_API, MRIQC, saveScreenshot, test } from './fixtures.ts';

/** The Versions listbox and the controls around it, by role and accessible name. */
function versionsList(page: Page) {
  const list = page.getByRole('listbox', { name: 'Versions' });
  return {
    list,
    software: page.getByRole('textbox', { name: 'Software', exact: true }),
    preReleases: page.getByRole('checkbox', {
      name: 'Show release candidates and other pre-releases',
    }),
    /** The option holding the focus (none while the focus is elsewhere). */
    focused: list.locator('[role="option"]:focus'),
    option: (version: string) => list.getByRole('option', { name: versionName(version) }),
  };
}

function versionName(version: string): RegExp {
  return new RegExp(`^${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
}

/** The versions in list order, as shown (each option's name begins with its version). */
async function shownVersions(list: Locator): Promise<string[]> {
  const names = await list.getByRole('option').allTextContents();
  return names.map((name) => name.split(' ')[0]!);
}

function versionsParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get('versions');
}

test('the versions list is one Tab stop; arrows and Space tick two versions, and the URL and the count follow', async ({
  page,
  mirror,
}) => {
  const frequent = await mirror.frequentVersions('T1w', 2);
  expect(frequent, 'two mriqc versions present in the mirror data').toHaveLength(2);
  await page.goto(appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc' }));
  const ui = versionsList(page);
  const shown = await shownVersions(ui.list);
  expect(shown.length, 'the releases are listed').toBeGreaterThan(40);
  // The two versions in list order, so the run below moves down from the lower one.
  const [upper, lower] = [...frequent].sort((a, b) => shown.indexOf(a) - shown.indexOf(b)) as [
    string,
    string,
  ];
  expect(shown.indexOf(upper), `${upper} is listed`).toBeGreaterThan(-1);

  // One Tab from Software reaches the list (its first option: nothing is ticked yet), the next
  // Tab leaves it, and Shift+Tab comes back to the same option.
  await ui.software.focus();
  await page.keyboard.press('Tab');
  await expect(ui.focused).toHaveCount(1);
  await expect(ui.focused).toHaveAccessibleName(versionName(shown[0]!));
  await page.keyboard.press('Tab');
  await expect(ui.preReleases).toBeFocused();
  await expect(ui.focused).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(ui.focused).toHaveAccessibleName(versionName(shown[0]!));

  // Typing jumps: "0" reaches the first 0.x release.
  await page.keyboard.type('0');
  await expect(ui.focused).toHaveAccessibleName(
    versionName(shown.find((version) => version.startsWith('0'))!),
  );

  // Arrows move without ticking; Space ticks.
  await page.keyboard.press('Home');
  for (let step = 0; step < shown.indexOf(upper); step++) await page.keyboard.press('ArrowDown');
  await expect(ui.focused).toHaveAccessibleName(versionName(upper));
  expect(versionsParam(page), 'moving ticks nothing').toBeNull();
  await page.keyboard.press('Space');
  await expect(ui.option(upper)).toHaveAttribute('aria-selected', 'true');
  for (let step = shown.indexOf(upper); step < shown.indexOf(lower); step++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  await expect(ui.option(lower)).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => versionsParam(page)).toBe(`${upper},${lower}`);
  await expect(
    page.getByRole('list', { name: 'Selected versions' }).getByRole('button'),
  ).toHaveText([upper, lower]);

  // Shift+Down ticks the next one too; Shift+Up takes it back.
  const next = shown[shown.indexOf(lower) + 1]!;
  await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(() => versionsParam(page)).toBe(`${upper},${lower},${next}`);
  await expect(ui.option(next)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Shift+ArrowUp');
  await expect.poll(() => versionsParam(page)).toBe(`${upper},${lower}`);
  await expect(ui.option(next)).toHaveAttribute('aria-selected', 'false');
  await expect(ui.focused).toHaveAccessibleName(versionName(lower));

  // The count asked for is the mirror's count of these two versions.
  const expected = await mirror.total('T1w', {
    ...MRIQC,
    'provenance.version': { $in: [upper, lower] },
  });
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const result = page.getByRole('status', { name: 'Query result' });
  await expect(result).toHaveAttribute('data-total', String(expected));
  await expect(result).toContainText(
    `${expected.toLocaleString('en-US')} ${expected === 1 ? 'record matches' : 'records match'}`,
  );
  // A reload keeps the ticks, and the Tab stop is the first ticked option.
  await page.reload();
  await expect(ui.option(upper)).toHaveAttribute('aria-selected', 'true');
  await expect(ui.option(lower)).toHaveAttribute('aria-selected', 'true');
  await expect(ui.list.locator('[role="option"][tabindex="0"]')).toHaveAccessibleName(
    versionName(upper),
  );
});

for (const viewport of [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const) {
  test(`the versions list with the focus in it: axe, no sideways scroll, a click ticks (${viewport.name})`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(120_000); // axe runs twice: over a minute on a busy machine
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto(
      appUrl({ source: MIRROR_API, modality: 'T1w', software: 'mriqc', versions: '24.0.2' }),
    );
    const ui = versionsList(page);
    await ui.software.focus();
    // Software, then the chip and "Clear all", then the list.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(ui.focused).toHaveAccessibleName(versionName('24.0.2'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(ui.focused).toBeInViewport();
    expect(await audit(page, `versions list focused (${viewport.name})`)).toEqual([]);
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways, 'no sideways scroll').toBeLessThanOrEqual(0);
    await ui.list.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, `versions-list-${viewport.name}`);

    // A click ticks and unticks, as the checkboxes did, and takes the Tab stop with it.
    const name = (await ui.focused.textContent())!.split(' ')[0]!;
    await ui.option(name).click();
    await expect(ui.option(name)).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => versionsParam(page)).toBe(`24.0.2,${name}`);
    await ui.option('24.0.2').click();
    await expect.poll(() => versionsParam(page)).toBe(name);
    await expect(ui.focused).toHaveAccessibleName(versionName('24.0.2'));
    // With pre-releases shown the list grows, and is still one Tab stop.
    await ui.preReleases.check();
    await expect(ui.list.getByRole('option', { name: /pre-release$/ }).first()).toBeVisible();
    await expect(ui.list.locator('[tabindex="0"]')).toHaveCount(1);
    expect(await audit(page, `versions list with pre-releases (${viewport.name})`)).toEqual([]);
  });
}
