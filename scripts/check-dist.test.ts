import { describe, expect, it } from 'vitest';
import { distProblems } from './check-dist.ts';

const CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'" />';
const MANIFEST = JSON.stringify({
  start_url: './',
  scope: './',
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192' },
    { src: 'icons/icon-512.png', sizes: '512x512' },
  ],
});
const SW =
  'precacheAndRoute([{url:"index.html",revision:"1"},{url:"assets/a-1.js",revision:null}])';

function site(overrides: Record<string, string | null> = {}) {
  const files: Record<string, string | null> = {
    'index.html': `<head>${CSP}<script type="module" src="./assets/a-1.js"></script><link rel="manifest" href="./manifest.webmanifest"></head>`,
    'assets/a-1.js': '',
    'manifest.webmanifest': MANIFEST,
    'icons/icon-192.png': '',
    'icons/icon-512.png': '',
    'sw.js': SW,
    ...overrides,
  };
  return (path: string) => files[path] ?? null;
}

describe('distProblems', () => {
  it('passes a build with relative links, its manifest, icons and precached files', () => {
    expect(distProblems(site())).toEqual([]);
  });

  it('reports an absolute asset path, which breaks under /<repo>/', () => {
    const html = `<head>${CSP}<script src="/assets/a-1.js"></script><link href="./manifest.webmanifest"></head>`;
    expect(distProblems(site({ 'index.html': html }))).toEqual([
      'index.html links /assets/a-1.js: not relative, it breaks under a sub-path.',
    ]);
  });

  it('reports a missing CSP, a missing service worker and a precached file not built', () => {
    expect(
      distProblems(site({ 'index.html': '<link href="./manifest.webmanifest">', 'sw.js': null })),
    ).toEqual([
      'index.html has no Content-Security-Policy <meta>.',
      'sw.js (the service worker) is missing.',
    ]);
    expect(distProblems(site({ 'assets/a-1.js': null }))).toContain(
      'The service worker precaches assets/a-1.js, which is missing.',
    );
  });

  it("reports a manifest scoped to the host's root or without its icons", () => {
    const manifest = JSON.stringify({ start_url: '/', scope: './', icons: [] });
    expect(distProblems(site({ 'manifest.webmanifest': manifest }))).toEqual([
      'The manifest\'s start_url is not "./".',
      'The manifest lacks a 192x192 or a 512x512 icon (installability).',
    ]);
  });
});
