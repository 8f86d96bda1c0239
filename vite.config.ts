import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { buildInfo, readGitCommit } from './scripts/build-info.ts';
import { cspForDevServer } from './scripts/csp.ts';
import { NAVIGATE_FALLBACK_DENYLIST } from './scripts/navigation.ts';

const root = new URL('.', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));
const build = buildInfo(pkg, process.env, new Date(), () => readGitCommit(root));

export default defineConfig({
  plugins: [
    react(),
    // The dev server loosens index.html's Content-Security-Policy for HMR; builds keep it strict.
    cspForDevServer(),
    // The offline app shell: a Workbox service worker precaching the built files, and the web
    // app manifest. 'prompt': a new build waits until the user accepts it (src/features/
    // app-update), never swapped in mid-download. Paths stay relative (base './'), so the
    // worker's scope and the manifest's start_url are wherever the site is served from.
    VitePWA({
      registerType: 'prompt',
      // Registered from the app (virtual:pwa-register), not by an inline script the CSP forbids.
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        name: 'CrowdMRI Explorer',
        short_name: 'CrowdMRI',
        description: pkg.description,
        id: './',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f4f6f8',
        theme_color: '#1d5ea8',
        lang: 'en',
        categories: ['science', 'medical', 'education'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: 'icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Navigations get the precached index.html (the query lives in the URL's search), except
        // an API or mirror path on the same host, which must reach the network.
        navigateFallback: 'index.html',
        navigateFallbackDenylist: NAVIGATE_FALLBACK_DENYLIST,
        // No runtime caching at all: API answers are never cached here (IndexedDB is the app's
        // store of records, and a cached page would hide new uploads). Requests the precache
        // doesn't hold go to the network untouched.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        skipWaiting: false,
        clientsClaim: false,
      },
    }),
  ],
  define: {
    __APP_VERSION__: JSON.stringify(build.version),
    __BUILD_DATE__: JSON.stringify(build.date),
    __BUILD_ID__: JSON.stringify(build.id),
  },
  // Relative asset paths so `npm run build` deploys under any sub-path (e.g. GitHub Pages).
  base: './',
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'mirror/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['e2e/**', 'bench/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
