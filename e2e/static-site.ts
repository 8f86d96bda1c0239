/**
 * A static host for the built app, as GitHub Pages or the nginx config serve it: files from a
 * directory under a sub-path (e.g. `/lab/crowdmri/`, as a fork's `/<repo>/`), read from disk
 * on every request so a test can deploy another build over the first. Cache headers follow
 * deploy/nginx.conf: index.html, the service worker and other unhashed files `no-cache`,
 * hashed assets immutable. Listens on 127.0.0.1, on a port the OS picks.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

export interface StaticSite {
  /** The site's address, ending in the sub-path: `http://127.0.0.1:PORT/lab/crowdmri/`. */
  url: string;
  /** Requests for files, by path (what reached the server rather than the service worker). */
  served: string[];
  close(): Promise<void>;
}

export async function startStaticSite(dir: string, subPath: string): Promise<StaticSite> {
  const prefix = `/${subPath.replace(/^\/+|\/+$/g, '')}/`;
  const served: string[] = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const relative = normalize(path.slice(prefix.length) || 'index.html');
    if (relative.startsWith('..')) {
      res.writeHead(400).end();
      return;
    }
    const file = join(dir, relative.endsWith('/') ? `${relative}index.html` : relative);
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': relative.startsWith('assets/')
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
