import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { appUrl, expect, saveScreenshot, startMirror, test } from './fixtures.ts';
import { launchProfile, type ProfileBrowser } from './persistent-browser.ts';

/**
 * Issue 10 case 2: a browser profile on a small disk (a 60 MB tmpfs), a complete T2w dataset,
 * then a T1w download until the disk is full. Chromium (156) ends it one of these ways, and
 * which varies from run to run, whether the download or another program fills the disk:
 * - the write is refused (QuotaExceededError, or the transaction aborted: AbortError); the batch
 *   is rolled back and every dataset survives;
 * - LevelDB's write fails (UnknownError: "Connection is closing because of: IO error"), Chromium
 *   closes the database, and then either keeps it or deletes the site's whole database, the
 *   complete T2w with it.
 * Each must end in the right words: storage named, Resume when data is left, "gone" when not.
 * Before: the message blamed the server ("The server's answer could not be used … the server
 * may be busy"), and after a deletion the app showed an empty browser without a word.
 */

const T1W = 100_000;
let mirror: { base: string; stop: () => Promise<void> } | null = null;

test.beforeAll(async () => {
  if (mountProblem() !== null) return;
  mirror = await startMirror(5191, ['--records', `T1w=${T1W},T2w=2000,bold=10`, '--seed', '42']);
});
test.afterAll(async () => {
  await mirror?.stop();
});

/** Why a tmpfs can't be mounted here (null: it can). Mounting needs root; CI runs as root. */
function mountProblem(): string | null {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  const probe = mkdtempSync(join(tmpdir(), 'crowdmri-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** A 60 MB disk for one test, unmounted afterwards (after the browser on it has stopped). */
async function withSmallDisk(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crowdmri-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=60m', 'tmpfs', dir]);
  try {
    await run(dir);
  } finally {
    await unmount(dir);
  }
}

/** Unmounts once the processes that used the disk have let go of it. */
async function unmount(dir: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      break;
    } catch (error) {
      if (i >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250)); // a process still closing
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

const result = (page: Page) => page.getByRole('status', { name: 'Download result' });
const alerts = (page: Page) => page.getByRole('alert');

/** What the app's database holds now, read straight from IndexedDB. */
function storedDatasets(page: Page) {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('crowdmri-explorer')) return null;
    const request = indexedDB.open('crowdmri-explorer');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise<Array<{ modality: string; stored: number; complete: boolean }>>(
      (resolve, reject) => {
        const r = db.transaction('datasets').objectStore('datasets').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      },
    );
    db.close();
    return all.map(({ modality, stored, complete }) => ({ modality, stored, complete }));
  });
}

/**
 * T2w complete, then T1w until storage runs out (`squeeze` may take disk space from under the
 * browser once the T1w download is going, and returns how to give it back); then what the user
 * is told, and what is left.
 */
async function fillTheDisk(dir: string, squeeze?: (dir: string) => () => void): Promise<void> {
  const base = mirror!.base;
  let browser: ProfileBrowser | null = await launchProfile(join(dir, 'profile'));
  try {
    const page = browser.page;
    await page.goto(appUrl({ source: base, modality: 'T2w', software: 'mriqc' }));
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    await expect(result(page)).toContainText('Downloaded 2,000 records', { timeout: 120_000 });

    await page.goto(appUrl({ source: base, modality: 'T1w', software: 'mriqc' }));
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    let freeSpace = () => {};
    if (squeeze) {
      const status = page.getByRole('status', { name: 'Download status' });
      const fetched = async () => Number(await status.getAttribute('data-fetched'));
      await expect.poll(fetched, { timeout: 120_000 }).toBeGreaterThan(3000);
      freeSpace = squeeze(dir);
    }
    const failure = page.locator('.download-panel').getByRole('alert');
    await expect(failure).toBeVisible({ timeout: 600_000 });
    // Storage is named as storage, with what to free; the server is not blamed.
    await expect(failure).toContainText('The browser could not save more data');
    await expect(failure).toContainText(/[Ff]ree (disk )?space/);
    await expect(failure).not.toContainText(/server/i);

    const closed = (await failure.textContent())?.includes('closed its database') ?? false;
    await saveScreenshot(page, test.info(), `disk-full-${closed ? 'closed' : 'refused'}`);
    if (!closed) {
      // The batch was refused and rolled back; the app knows what it holds: Resume, right away.
      await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
    } else {
      // The browser closed its database: the app cannot know yet what is left, and says so in
      // the failure itself. (Whether the page's own connection is closed too, and when, is
      // Chromium's choice: in one full run it stayed open and still read the records, so no
      // separate notice can be required here; after the reload below the app must know.)
      await expect(failure).toContainText('the datasets saved in this browser may be gone');
    }

    // The user frees space and reloads; what Chromium kept decides what the app must say.
    // Which of the two it does varies from run to run, in both setups (seen).
    freeSpace();
    await page.reload();
    await expect(result(page)).toBeVisible();
    const left = await storedDatasets(page);
    const t1wKept = left?.some((d) => d.modality === 'T1w') ?? false;
    const outcome =
      left === null || left.length === 0 ? 'lost' : t1wKept ? 'kept' : 'lost the T1w download';
    test
      .info()
      .annotations.push({ type: 'database', description: `${outcome}: ${JSON.stringify(left)}` });
    console.log(`after the disk filled, Chromium ${outcome}: ${JSON.stringify(left)}`);
    await saveScreenshot(page, test.info(), `disk-full-${outcome.replace(/ /g, '-')}-after-reload`);
    const gone = alerts(page).filter({ hasText: /saved in this browser (are|is) gone/ });
    /** The notice is there on every load until the user dismisses it, then stays away. */
    const saidUntilDismissed = async () => {
      await page.reload();
      await expect(gone).toBeVisible({ timeout: 15_000 });
      await gone.getByRole('button', { name: 'Dismiss' }).click();
      await expect(gone).toBeHidden();
      await page.reload();
      await expect(result(page)).toContainText('Press Download');
      await expect(gone).toBeHidden();
    };
    const savedList = async () => {
      await page.getByRole('tab', { name: 'Datasets' }).click();
      // On a disk still full, the list took 4.1 s to read on a quiet machine (the storage
      // estimate itself 1 ms); a CI run under load passed the default 5 s with no table yet.
      const saved = page.getByRole('table', { name: 'Saved datasets' });
      await expect(saved).toBeVisible({ timeout: 60_000 });
      return saved;
    };
    if (outcome === 'kept') {
      // Everything saved before the failed batch is there: the T2w complete, the T1w to resume.
      expect(left ?? []).toContainEqual({ modality: 'T2w', stored: 2000, complete: true });
      expect(left?.find((d) => d.modality === 'T1w')?.complete).toBe(false);
      await expect(result(page)).toContainText('An unfinished download of this query is saved');
      await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
      await expect(alerts(page).filter({ hasText: /database|gone/ })).toHaveCount(0);
      const t2w = (await savedList()).locator('tbody tr').filter({ hasText: 'T2w' });
      await expect(t2w).toContainText('Complete');
    } else if (outcome === 'lost the T1w download') {
      // Chromium came back with the older dataset and without the one being written (seen in
      // a CI run): the app names what is gone instead of showing an empty query in silence.
      expect(left ?? []).toContainEqual({ modality: 'T2w', stored: 2000, complete: true });
      await expect(gone).toBeVisible({ timeout: 15_000 });
      await expect(gone).toContainText('A dataset saved in this browser is gone');
      await expect(gone).toContainText(
        /T1w · mriqc · all versions — [\d,]+ records \(unfinished download\)/,
      );
      await expect(gone).not.toContainText('T2w');
      const t2w = (await savedList()).locator('tbody tr').filter({ hasText: 'T2w' });
      await expect(t2w).toContainText('Complete');
      await saidUntilDismissed();
    } else {
      // Lost: the app says so plainly, naming both downloads, on every load until the user has
      // read it. (Chromium can also drop a database whose failed write it only refused, without
      // closing it first: seen once in a CI run, so the failure's wording can't be required to
      // have warned of it.)
      await expect(gone).toBeVisible({ timeout: 15_000 });
      await expect(gone).toContainText('The datasets saved in this browser are gone');
      await expect(gone).toContainText('T2w · mriqc · all versions — 2,000 records');
      await expect(gone).toContainText('T1w · mriqc · all versions');
      await saidUntilDismissed();
    }
    await browser.close();
    browser = null;
  } finally {
    await browser?.close().catch(() => {});
  }
}

test.describe('a full disk', () => {
  test.beforeEach(() => {
    const problem = mountProblem();
    if (problem) console.log(`disk-full tests skipped: ${problem}`);
    test.skip(problem !== null, problem ?? '');
  });

  test('a download that fills the disk stops with a storage message; what is kept is offered, what is lost is said', async () => {
    test.setTimeout(900_000);
    await withSmallDisk((dir) => fillTheDisk(dir));
  });

  test('the disk filled by another program during a download: the same', async () => {
    test.setTimeout(900_000);
    await withSmallDisk((dir) =>
      fillTheDisk(dir, (d) => {
        // Another program takes all that is free, behind the browser's back.
        mkdirSync(join(d, 'other'), { recursive: true });
        const fd = openSync(join(d, 'other', 'filler'), 'w');
        const block = Buffer.alloc(2 ** 20);
        try {
          for (;;) writeSync(fd, block);
        } catch (error) {
          if ((error as { code?: string }).code !== 'ENOSPC') throw error;
        } finally {
          closeSync(fd);
        }
        return () => rmSync(join(d, 'other'), { recursive: true, force: true });
      }),
    );
  });
});
