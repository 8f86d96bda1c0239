import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium-path.ts';

const lookup = findChromium();
if (lookup.type === 'missing') throw new Error(lookup.message);

/**
 * e2e ports differ from `npm start`'s so tests can run beside a dev session. E2E_PORT_OFFSET
 * (default 0) shifts every e2e port, build directory and output directory, so two checkouts or
 * two developers' runs on one machine don't collide.
 */
export const E2E_PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0) || 0;
export const E2E_MIRROR_PORT = 5184 + E2E_PORT_OFFSET;
export const E2E_APP_PORT = 5183 + E2E_PORT_OFFSET;
const suffix = E2E_PORT_OFFSET ? `-${E2E_PORT_OFFSET}` : '';
const mirrorBase = `http://127.0.0.1:${E2E_MIRROR_PORT}/api/v1`;
/** The production build the e2e app server serves (the offline and update specs serve it too). */
export const E2E_DIST_DIR = `dist-e2e${suffix}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: `./test-results${suffix}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 900 },
        launchOptions: { executablePath: lookup.path, args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: [
    {
      command: `npx tsx mirror/main.ts --port ${E2E_MIRROR_PORT} --records T1w=3000,T2w=500,bold=3000 --seed 42 --token e2e-token`,
      url: `${mirrorBase}/T1w?max_results=1`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      command: `npx vite build --outDir ${E2E_DIST_DIR} --emptyOutDir --logLevel warn && npx vite preview --outDir ${E2E_DIST_DIR} --port ${E2E_APP_PORT}`,
      env: { VITE_MIRROR_URL: mirrorBase },
      url: `http://127.0.0.1:${E2E_APP_PORT}`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
