import { rmSync } from 'node:fs';
import { APP_PORT, HOST, MIRROR_API } from './mirror.ts';
import { runToEnd, type Started, startProcess } from './processes.ts';
import { log } from './stats.ts';

/** A production build, as users get it (the dev server's on-the-fly transforms would skew every figure). */
export const BUILD_DIR = 'dist-bench';

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** `vite build --outDir dist-bench` with VITE_MIRROR_URL, then `vite preview` of it on 5193. */
export async function startApp(): Promise<AppServer> {
  const started = Date.now();
  await runToEnd({
    name: 'vite build',
    command: 'npx',
    args: ['vite', 'build', '--outDir', BUILD_DIR, '--emptyOutDir', '--logLevel', 'warn'],
    env: { VITE_MIRROR_URL: MIRROR_API },
    timeoutMs: 300_000,
  });
  log(`app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const url = `http://${HOST}:${APP_PORT}`;
  if (await answers(url)) throw new Error(`something already answers on ${url}; stop it first`);
  const preview: Started = await startProcess({
    name: 'vite preview',
    command: 'npx',
    args: [
      'vite',
      'preview',
      '--outDir',
      BUILD_DIR,
      '--host',
      HOST,
      '--port',
      String(APP_PORT),
      '--strictPort',
    ],
    ready: () => answers(url),
    timeoutMs: 60_000,
  });
  log(`app served at ${url}`);
  return {
    url,
    stop: async () => {
      await preview.stop();
      // The build is a by-product: remove it so lint and git never see it (BENCH_KEEP_BUILD=1 keeps it).
      if (process.env.BENCH_KEEP_BUILD !== '1') rmSync(BUILD_DIR, { recursive: true, force: true });
    },
  };
}
