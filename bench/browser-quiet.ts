import { readdirSync, readFileSync } from 'node:fs';
import { log, sleep } from './stats.ts';

/**
 * CPU seconds used so far by every process of the Chromium running on `profileDir` (Linux
 * /proc; null elsewhere). Chromium rewrites its processes' command lines into one string, so
 * the profile is matched as a substring.
 */
export function browserCpuSeconds(profileDir: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const ticks = 100; // USER_HZ: 100 on every Linux the bench runs on
  let total = 0;
  const marker = `--user-data-dir=${profileDir}`;
  for (const pid of pids) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const at = command.indexOf(marker);
      if (at < 0 || !/^(\s|\0|$)/.test(command.slice(at + marker.length))) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/**
 * Waits until the browser's own start-up work is over: Chromium 156 builds its omnibox popup
 * (a WebUI page in a renderer of its own) in the first ~3 s after launch, ~1.4 s of CPU that
 * shared this 2-core machine with whatever a benchmark timed right after the launch (a trace of
 * table-open-1m: that renderer busy through the whole open). A user's browser did that when it
 * started, not when they opened the app. Quiet = under 5 % of a core over 500 ms; at most 10 s.
 */
export async function waitForQuietBrowser(profileDir: string): Promise<void> {
  const started = Date.now();
  const first = browserCpuSeconds(profileDir);
  if (first === null) return;
  let last = first;
  while (Date.now() - started < 10_000) {
    await sleep(500);
    const now = browserCpuSeconds(profileDir) ?? last;
    if (now - last < 0.025) {
      log(
        `browser quiet ${((Date.now() - started) / 1000).toFixed(1)} s after launch (${(now - first).toFixed(2)} s of CPU meanwhile)`,
      );
      return;
    }
    last = now;
  }
  log(`the browser was still busy 10 s after launch (${(last - first).toFixed(2)} s of CPU)`);
}
