import http, { type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { defaultMirrorOptions, type MirrorOptions } from '../cli-options.ts';
import type { Database } from '../data/types.ts';
import { createMirrorServer, type ServerTuning } from '../http/server.ts';

/**
 * Test support for the mirror's HTTP tests: a server on 127.0.0.1 port 0 and a tiny client
 * on node:http (not fetch, which would hide Origin, HEAD bodies and raw headers).
 */

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header names exactly as sent, in order. */
  rawHeaderNames: string[];
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  json(): any;
}

export interface TestMirror {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** GET/HEAD/… a path under the origin, e.g. `/api/v1/bold?page=2`. */
  request(path: string, init?: RequestInit): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export const TEST_TOKEN = 'test-token';

/** Starts a mirror for `db` on 127.0.0.1:0 with test defaults (token TEST_TOKEN). */
export async function startTestMirror(
  db: Database,
  overrides: Partial<MirrorOptions> = {},
  tuning: Partial<ServerTuning> = {},
): Promise<TestMirror> {
  const options = { ...defaultMirrorOptions({}), token: TEST_TOKEN, port: 0, ...overrides };
  const server = createMirrorServer(db, options, tuning);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    request: (path, init) => send(port, path, init),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(port: number, path: string, init: RequestInit = {}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        headers: init.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaderNames: res.rawHeaders.filter((_, i) => i % 2 === 0),
            body,
            json: () => JSON.parse(body),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Writes raw bytes on a fresh socket and collects whatever comes back until the server
 * closes it or `waitMs` passes. `closed` tells whether the server ended the connection.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  waitMs = 2000,
): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', () => socket.write(bytes));
  });
}
