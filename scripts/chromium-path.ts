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

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type ChromiumLookup =
  | { type: 'found'; path: string | undefined; from: string }
  | { type: 'missing'; message: string };

interface LookupDeps {
  env: NodeJS.ProcessEnv;
  exists: (path: string) => boolean;
  /** Where Playwright's own download would be ('' when it cannot say). */
  bundledPath: () => string;
}

const defaultDeps: LookupDeps = {
  env: process.env,
  exists: existsSync,
  bundledPath: () => {
    try {
      return chromium.executablePath();
    } catch {
      return '';
    }
  },
};

/**
 * Where the e2e tests and benchmarks find a browser: CHROMIUM_PATH, then Debian's
 * package, then Playwright's own download (path undefined = let Playwright use it).
 */
export function findChromium(deps: Partial<LookupDeps> = {}): ChromiumLookup {
  const { env, exists, bundledPath } = { ...defaultDeps, ...deps };
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (exists(fromEnv)) return { type: 'found', path: fromEnv, from: 'CHROMIUM_PATH' };
    return {
      type: 'missing',
      message: `CHROMIUM_PATH is set to ${fromEnv}, but no file is there. Point it at a Chromium binary or unset it.`,
    };
  }
  if (exists(DEBIAN_CHROMIUM)) {
    return { type: 'found', path: DEBIAN_CHROMIUM, from: "Debian's chromium package" };
  }
  const bundled = bundledPath();
  if (bundled && exists(bundled)) return { type: 'found', path: undefined, from: 'Playwright' };
  return {
    type: 'missing',
    message: [
      'No Chromium found for the end-to-end tests. Fix it in one of these ways:',
      '  - Debian/Ubuntu: sudo apt-get install -y chromium   (what CI uses: /usr/bin/chromium)',
      "  - Playwright's own browser, where the internet is reachable: npx playwright install chromium",
      '  - or point CHROMIUM_PATH at a Chromium binary',
    ].join('\n'),
  };
}
