/**
 * A deliberately misbehaving MRIQC-API look-alike for the integrity e2e tests: what a broken
 * proxy, a hostile host or a buggy deployment can answer. Listens on 127.0.0.1 only, on a port
 * the OS picks, and answers every request with CORS `*` so the browser lets the app read it.
 *
 * A test names the behaviour per request path with `modes`: a handler gets the parsed request
 * and writes the answer. Helpers below build the usual bodies (an Eve envelope of made-up
 * records) so each mode stays a few lines. Modes are added by the specs that need them.
 *
 * @example
 * const server = await startHostileServer({
 *   T1w: (req, res) => sendJson(res, envelope([], { total: 120, page: 1 })),
 * });
 * // app URL: ?source=${server.base}&modality=T1w …
 * await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileRequest {
  /** The collection asked for: `T1w`, `T2w`, `bold` (the path after `/api/v1/`). */
  collection: string;
  params: URLSearchParams;
  raw: IncomingMessage;
}

export type Mode = (req: HostileRequest, res: ServerResponse) => void | Promise<void>;

export interface HostileServer {
  /** The API base to give the app as its source, e.g. `http://127.0.0.1:41234/api/v1`. */
  base: string;
  /** Requests served so far, by collection. */
  served: Map<string, number>;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': '*',
};

export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS, 'content-type': 'application/json' });
  res.end(text);
}

/** An Eve list answer: `_items`, `_meta` and `_links` as the real API shapes them. */
export function envelope(
  items: Record<string, unknown>[],
  meta: { total: number; page?: number; maxResults?: number },
): Record<string, unknown> {
  return {
    _items: items,
    _meta: { page: meta.page ?? 1, max_results: meta.maxResults ?? 50, total: meta.total },
    _links: { self: { title: 'hostile', href: 'hostile' } },
  };
}

/** A made-up record with the fields the app reads; `_id` is 24 hex digits from `n`. */
export function fakeRecord(n: number): Record<string, unknown> {
  const id = n.toString(16).padStart(24, '0');
  return {
    _id: id,
    _created: 'Tue, 22 Aug 2017 19:10:36 GMT',
    _updated: 'Tue, 22 Aug 2017 19:10:36 GMT',
    provenance: { md5sum: id.padStart(32, 'a'), software: 'mriqc', version: '23.1.0' },
    bids_meta: { Manufacturer: 'Hostile', modality: 'T1w' },
    cjv: 0.4 + (n % 10) / 100,
  };
}

export async function startHostileServer(modes: Record<string, Mode>): Promise<HostileServer> {
  const served = new Map<string, number>();
  const server = createServer((raw, res) => {
    if (raw.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const collection = url.pathname.replace(/^\/api\/v1\/?/, '').split('/')[0] ?? '';
    served.set(collection, (served.get(collection) ?? 0) + 1);
    const mode = modes[collection];
    if (!mode) {
      sendJson(res, { _status: 'ERR', _error: { code: 404, message: 'no such mode' } }, 404);
      return;
    }
    void Promise.resolve(mode({ collection, params: url.searchParams, raw }, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500, CORS);
      res.end();
    });
  });
  // Stalling modes keep sockets open: close must not wait for them.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/api/v1`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
