import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { cspForDevServer } from './scripts/csp.ts';

export default defineConfig({
  // The dev server loosens index.html's Content-Security-Policy for HMR; builds keep it strict.
  plugins: [react(), cspForDevServer()],
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
