import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags that keep Chromium from reaching for the network at start-up (closed networks refuse it). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ChromiumLookup =
  | { type: 'found'; path: string | undefined; from: string }
  | { type: 'missing'; message: string };

/**
 * Where the e2e tests and benchmarks find a browser: CHROMIUM_PATH, then Debian's
 * package, then Playwright's own download (undefined path = let Playwright use it).
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { type: 'found', path: fromEnv, from: 'CHROMIUM_PATH' };
    return {
      type: 'missing',
      message: `CHROMIUM_PATH is set to ${fromEnv}, but no file is there. Point it at a Chromium binary or unset it.`,
    };
  }
  if (existsSync('/usr/bin/chromium')) {
    return { type: 'found', path: '/usr/bin/chromium', from: "Debian's chromium package" };
  }
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (bundled && existsSync(bundled)) return { type: 'found', path: undefined, from: 'Playwright' };
  return {
    type: 'missing',
    message: [
      'No Chromium found for the end-to-end tests.',
      'Fix it in one of these ways:',
      '  - Debian/Ubuntu: sudo apt-get install -y chromium   (what CI uses: /usr/bin/chromium)',
      "  - Playwright's own browser, where the internet is reachable: npx playwright install chromium",
      '  - or set CHROMIUM_PATH=/path/to/chromium',
    ].join('\n'),
  };
}
