import { readdirSync, readFileSync } from 'node:fs';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium-path.ts';

/**
 * A Chromium of its own on a profile directory that outlives it (what a user's browser is):
 * IndexedDB, the quota database and everything else stay in `userDataDir` between launches.
 * `kill` is a crash: SIGKILL to the browser's process group (Playwright starts Chromium as the
 * leader of its own group, so its renderers and utility processes die with it), nothing
 * flushed, nothing closed.
 */
export interface ProfileBrowser {
  context: BrowserContext;
  page: Page;
  /** The browser process (its process group has the same id). */
  pid: number;
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function launchProfile(userDataDir: string): Promise<ProfileBrowser> {
  const lookup = findChromium();
  if (lookup.type === 'missing') throw new Error(lookup.message);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: lookup.path,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  const pid = browserPid(userDataDir);
  const page = context.pages()[0] ?? (await context.newPage());
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  return {
    context,
    page,
    pid,
    async kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await closed; // Playwright notices the browser is gone
      await waitUntilGone(pid);
    },
    async close() {
      try {
        await context.close();
      } catch (error) {
        // Chromium on a full disk can die while it closes (seen in CI, after every assertion of
        // the disk-full test had passed): the close failed because the browser is gone, which is
        // what closing wanted. Any other failure stands. The profile stays locked until its
        // processes have exited.
        const ended = await Promise.race([
          closed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
        ]);
        if (!ended) throw error;
        console.log(`Chromium on this profile had already exited: ${(error as Error).message}`);
      }
      await waitUntilGone(pid);
    },
  };
}

/**
 * The Chromium this process started on `userDataDir`: a child of this process whose command
 * line names that profile (never found by program name: other Chromiums run on this machine).
 */
function browserPid(userDataDir: string): number {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes(`--user-data-dir=${userDataDir}`)) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  if (found.length !== 1) {
    throw new Error(`expected one Chromium on ${userDataDir}, found ${found.length}`);
  }
  return found[0]!;
}

/** Waits until no process of the group is left (a profile is locked while one runs). */
async function waitUntilGone(pgid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const alive = readdirSync('/proc').some((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    });
    if (!alive) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`processes of group ${pgid} still running 10 s after SIGKILL`);
}
