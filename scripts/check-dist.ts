/**
 * Checks a build is fit to publish under any sub-path (a fork's GitHub Pages `/<repo>/`):
 * index.html links only relative paths and keeps its CSP; the manifest's start_url and scope are
 * relative and its icons exist; the service worker is there and every file it precaches exists.
 *
 *   npx tsx scripts/check-dist.ts [dist]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPolicy } from './csp.ts';

/** Reads a file of the build by its path inside it; null when there is none. */
export type ReadBuildFile = (path: string) => string | null;

/** What is wrong with a build, one sentence each; empty when nothing is. */
export function distProblems(read: ReadBuildFile): string[] {
  const problems: string[] = [];
  const html = read('index.html');
  if (html === null) return ['index.html is missing.'];
  if (!readPolicy(html)) problems.push('index.html has no Content-Security-Policy <meta>.');
  const links = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');
  for (const link of links) {
    if (/^(\/|[a-z][a-z0-9+.-]*:)/i.test(link))
      problems.push(`index.html links ${link}: not relative, it breaks under a sub-path.`);
    else if (read(link.replace(/^\.\//, '').split(/[?#]/)[0] ?? '') === null)
      problems.push(`index.html links ${link}, which the build does not hold.`);
  }
  if (!links.some((link) => link.endsWith('manifest.webmanifest')))
    problems.push('index.html does not link the web app manifest.');

  const manifestText = read('manifest.webmanifest');
  if (manifestText === null) problems.push('manifest.webmanifest is missing.');
  else {
    const manifest = JSON.parse(manifestText) as {
      start_url?: string;
      scope?: string;
      icons?: { src: string; sizes: string }[];
    };
    for (const key of ['start_url', 'scope'] as const) {
      if (manifest[key] !== './') problems.push(`The manifest's ${key} is not "./".`);
    }
    for (const icon of manifest.icons ?? []) {
      if (read(icon.src) === null) problems.push(`The manifest's icon ${icon.src} is missing.`);
    }
    const sizes = (manifest.icons ?? []).map((icon) => icon.sizes);
    if (!sizes.includes('192x192') || !sizes.includes('512x512'))
      problems.push('The manifest lacks a 192x192 or a 512x512 icon (installability).');
  }

  const sw = read('sw.js');
  if (sw === null) problems.push('sw.js (the service worker) is missing.');
  else {
    const precached = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1] ?? '');
    if (!precached.includes('index.html'))
      problems.push('The service worker does not precache index.html.');
    for (const url of precached) {
      if (read(url) === null)
        problems.push(`The service worker precaches ${url}, which is missing.`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const dir = resolve(process.argv[2] ?? 'dist');
  const problems = distProblems((path) => {
    const file = join(dir, path);
    return file.startsWith(dir) && existsSync(file) ? readFileSync(file, 'utf8') : null;
  });
  if (problems.length > 0) {
    console.error(`check-dist: ${dir} is not ready to publish:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`check-dist: ${dir} is ready to publish under any sub-path.`);
}
