import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.ts';
import { waitForQuietBrowser } from './browser-quiet.ts';
import { APP_PORT, HOST } from './mirror.ts';
import { log } from './stats.ts';

/**
 * Headless Chromium in a persistent context on a profile directory of our own: the default
 * (incognito-like) context caps storage far below a 1M-record dataset (a colleague's test hit
 * QuotaExceededError at ~2.4 GB), while a real profile gets the disk-based quota a user has.
 */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  chromiumVersion: string;
  close(): Promise<void>;
}

const profiles = new Set<string>();
const sessions = new Set<BrowserSession>();

/** A fresh, empty profile directory, removed by removeProfiles() at the end of the run. */
export function newProfile(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `crowdmri-bench-${label}-`));
  profiles.add(dir);
  return dir;
}

export function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // a browser killed mid-write may still hold files; tmp is cleaned eventually
  }
  profiles.delete(dir);
}

export function removeProfiles(): void {
  for (const dir of profiles) removeProfile(dir);
}

export function chromiumPath(): string | undefined {
  const lookup = findChromium();
  if (lookup.type === 'missing') throw new Error(lookup.message);
  return lookup.path;
}

export async function openBrowser(profileDir: string): Promise<BrowserSession> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
    // No service worker registers during a session (its precaching would compete with what is
    // measured; see below for those already registered).
    serviceWorkers: 'block',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // The app's service worker keeps serving the build it cached until the user accepts an
  // update: a profile reused across runs (BENCH_PROFILE_1M) measured whichever build first
  // cached there, not the one under test (a CPU profile of table-open-1m ran another build's
  // chunks). Its registration and caches go; the datasets (IndexedDB, OPFS) stay.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', {
    origin: `http://${HOST}:${APP_PORT}`,
    storageTypes: 'service_workers,cache_storage',
  });
  await cdp.detach();
  await waitForQuietBrowser(profileDir);
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  const said = new Set<string>();
  page.on('console', (message) => {
    // Each distinct error once (the app's probe of the public API fails offline, every load).
    if (message.type() !== 'error' || said.has(message.text())) return;
    said.add(message.text());
    log(`console error: ${message.text()}`);
  });
  const session: BrowserSession = {
    context,
    page,
    chromiumVersion: context.browser()?.version() ?? 'unknown',
    close: async () => {
      sessions.delete(session);
      await context.close().catch((error: unknown) => log(`closing the browser: ${String(error)}`));
    },
  };
  sessions.add(session);
  return session;
}

/** Closes every browser still open (a benchmark that timed out or failed half-way). */
export async function closeBrowsers(): Promise<void> {
  await Promise.all([...sessions].map((session) => session.close()));
}

/** The browser's version without a benchmark (for the machine info of the results). */
export async function chromiumVersion(): Promise<string> {
  const dir = newProfile('version');
  const session = await openBrowser(dir);
  const version = session.chromiumVersion;
  await session.close();
  removeProfile(dir);
  return version;
}
