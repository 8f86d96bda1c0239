/**
 * A new build deployed over the one a user has open (issue 15): the app says an update is
 * available and switches to it only when the user clicks — never by itself, even across a
 * reload — and after the switch the page is the new build's, index.html included.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { E2E_DIST_DIR } from '../playwright.config.ts';
import { expect, MIRROR_API, saveScreenshot, test } from './fixtures.ts';
import { type StaticSite, startStaticSite } from './static-site.ts';

const ROOT = join(import.meta.dirname, '..');
const FIRST = join(ROOT, E2E_DIST_DIR);
const SECOND_ID = 'e2e-second-build';

let work: string;
let second: string;
let served: string;
let site: StaticSite;

/** Replaces the site's files with a build's, as a Pages deployment does (old files gone). */
function deploy(build: string): void {
  for (const entry of readdirSync(served)) rmSync(join(served, entry), { recursive: true });
  cpSync(build, served, { recursive: true });
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(join(tmpdir(), 'crowdmri-update-'));
  second = join(work, 'second');
  served = join(work, 'site');
  // The second deployment: the same source built again under another build id (as the next
  // commit's Pages run would be), so its scripts — and its service worker's precache — differ.
  await promisify(execFile)(
    'npx',
    ['vite', 'build', '--outDir', second, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT, env: { ...process.env, BUILD_ID: SECOND_ID, VITE_MIRROR_URL: MIRROR_API } },
  );
  cpSync(FIRST, served, { recursive: true });
});

test.afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

test.beforeEach(async () => {
  deploy(FIRST);
  site = await startStaticSite(served, '/crowdmri-fork/');
});
test.afterEach(async () => {
  await site.close();
});

/** Waits until a service worker is active and controls the page. */
async function controlled(page: Page) {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'activated') resolve();
        });
      });
    }
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('a new deployment is offered, and applied only when the user clicks', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const footer = page.locator('.version-note');
  const prompt = page.getByRole('status', { name: 'Update available' });

  await page.goto(site.url);
  await controlled(page);
  await expect(footer).toBeVisible();
  const firstLine = await footer.textContent();
  expect(firstLine).not.toContain(SECOND_ID);
  await expect(prompt).toHaveCount(0);

  // The next build lands on the host. The user opens the app again: the browser checks the
  // service worker on navigation, finds the new one and installs it; it waits.
  deploy(second);
  await page.goto(site.url);
  await expect(prompt).toContainText('Update available', { timeout: 60_000 });
  await expect(footer).toHaveText(firstLine ?? '');
  await saveScreenshot(page, testInfo, 'update-available');

  // "Later", then opening the app once more: still the first build, still offered.
  await page.getByRole('button', { name: 'Later' }).click();
  await expect(prompt).toContainText('A new version of the app is ready.');
  await page.goto(site.url);
  await expect(prompt).toContainText('Update available', { timeout: 60_000 });
  await expect(footer).toHaveText(firstLine ?? '');

  // The user's word: the new worker takes over and the page reloads into the new build.
  await page.getByRole('button', { name: 'Reload to update' }).click();
  await expect(footer).toContainText(`build ${SECOND_ID}`, { timeout: 60_000 });
  await expect(prompt).toHaveCount(0);

  // The page now is the second build's index.html (its script names), not a cached first one.
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('src')));
  const secondAssets = readdirSync(join(second, 'assets'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) expect(secondAssets).toContain(src?.split('/').pop());
  // And offline it opens the new build too.
  await page.context().setOffline(true);
  await page.goto(site.url);
  await expect(footer).toContainText(`build ${SECOND_ID}`);
  await expect(prompt).toHaveCount(0);
});
