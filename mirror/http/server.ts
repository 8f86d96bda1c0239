import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MirrorOptions } from '../cli-options.ts';
import { createCollection } from '../data/collection.ts';
import { loadDataFile } from '../data/load-data.ts';
import { generateDatabase } from '../data/synthetic/dataset.ts';
import { type Database, STORED_RESOURCES, type StoredDoc } from '../data/types.ts';
import { handleApiRequest } from './api-dispatch.ts';
import { corsHeaders, mirrorEndpointCors } from './cors.ts';
import {
  createFaultPlan,
  delay,
  type FaultDecision,
  type FaultPlan,
  failureResponse,
  writeTruncated,
} from './faults.ts';
import { isDataRoute, matchRoute, routeMethods, splitTarget } from './routes.ts';
import { createStats, type MirrorStats } from './stats.ts';
import {
  gunicornBadRequest,
  JSON_TYPE,
  type MirrorResponse,
  nginxErrorResponse,
  serverErrorResponse,
} from './wire.ts';

/**
 * The mirror's HTTP layer: plain `node:http`, one handler per request. It owns what sits
 * around Eve in the real deployment (gunicorn's request-line limit, nginx's body limit and
 * error pages, slow-client timeouts), the injected faults and the `/__mirror/*` endpoints;
 * api-dispatch.ts answers the API itself.
 */

/** Timeouts and limits; tests shrink them. */
export interface ServerTuning {
  /** Larger bodies get nginx's 413 (the real nginx allows 1 MB on :80 and 75 MB on :443). */
  maxBodyBytes: number;
  /** A client must finish sending its headers within this time (Node answers 408). */
  headersTimeoutMs: number;
  /** …and its whole request within this time, gunicorn's worker timeout. */
  requestTimeoutMs: number;
}

export const DEFAULT_TUNING: ServerTuning = {
  maxBodyBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
};

/** gunicorn's default `limit_request_line`: longer request lines get its HTML 400. */
export const GUNICORN_REQUEST_LINE_LIMIT = 4094;

interface ServerContext {
  db: Database;
  options: MirrorOptions;
  tuning: ServerTuning;
  stats: MirrorStats;
  faults: FaultPlan;
}

/**
 * A server answering like the MRIQC Web API for `db`. Not listening yet.
 *
 * @example
 * const server = createMirrorServer(db, options);
 * server.listen(0, '127.0.0.1');
 */
export function createMirrorServer(
  db: Database,
  options: MirrorOptions,
  tuning: Partial<ServerTuning> = {},
): http.Server {
  const ctx: ServerContext = {
    db,
    options,
    tuning: { ...DEFAULT_TUNING, ...tuning },
    stats: createStats(),
    faults: createFaultPlan(options.faults, options.seed),
  };
  const server = http.createServer(
    {
      headersTimeout: ctx.tuning.headersTimeoutMs,
      requestTimeout: ctx.tuning.requestTimeoutMs,
      // How often Node checks those timeouts (default 30 s would make them meaningless).
      connectionsCheckingInterval: Math.min(1000, ctx.tuning.headersTimeoutMs),
    },
    (req, res) => {
      handle(req, res, ctx).catch((error: unknown) => failHard(res, ctx, error));
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(error, socket, ctx.stats),
  );
  return server;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
): Promise<void> {
  const target = req.url ?? '/';
  if (target === '/__mirror' || target.startsWith('/__mirror/')) {
    return answerMirrorEndpoint(req, res, ctx);
  }
  const origin = req.headers.origin;
  const { path, rawQuery } = splitTarget(target);
  const route = matchRoute(path);
  const methods = routeMethods(route);
  const lineLength = Buffer.byteLength(`${req.method} ${target} HTTP/1.1`, 'latin1');
  if (lineLength > GUNICORN_REQUEST_LINE_LIMIT) {
    const message = `Request Line is too large (${lineLength} > ${GUNICORN_REQUEST_LINE_LIMIT})`;
    return send(req, res, ctx, gunicornBadRequest(message), { origin, methods, close: true });
  }
  const method = effectiveMethod(req);
  const fate = method === 'GET' && isDataRoute(route) ? await injectFault(ctx) : null;
  if (fate?.type === 'drop') return dropConnection(req, ctx);
  if (fate?.type === 'fail') {
    const failure = failureResponse(fate.status, ctx.options.faults.retryAfterS);
    return send(req, res, ctx, failure, { origin, methods });
  }
  const truncate = fate?.type === 'truncate';
  const body = await readBody(req, ctx.tuning.maxBodyBytes);
  if (body === 'aborted') return;
  if (body === 'too-large') {
    return send(req, res, ctx, nginxErrorResponse(413), { origin, methods, close: true });
  }
  const host = req.headers.host ?? `${ctx.options.host}:${ctx.options.port}`;
  const apiRequest = { method, rawQuery, route, headers: req.headers, body, host };
  send(req, res, ctx, handleApiRequest(ctx, apiRequest), { origin, methods, truncate });
}

/** Draws the next data GET's fate and waits out its latency (no timer when faults are off). */
async function injectFault(ctx: ServerContext): Promise<FaultDecision | null> {
  if (!ctx.faults.active) return null;
  const fate = ctx.faults.next();
  await delay(fate.delayMs);
  return fate;
}

/** Eve honours X-HTTP-Method-Override on every request (ALLOW_OVERRIDE_HTTP_METHOD). */
function effectiveMethod(req: IncomingMessage): string {
  const override = req.headers['x-http-method-override'];
  const value = Array.isArray(override) ? override[0] : override;
  return value ? value.toUpperCase() : (req.method ?? 'GET');
}

interface SendOptions {
  origin: string | undefined;
  methods: readonly string[];
  truncate?: boolean;
  close?: boolean;
}

/** Writes a response: CORS when Eve would add it, Content-Length, no body for HEAD/304. */
function send(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  response: MirrorResponse,
  opts: SendOptions,
): void {
  const headers = [...response.headers];
  if (response.cors) headers.push(...corsHeaders(opts.origin, opts.methods));
  if (opts.close) headers.push(['Connection', 'close']);
  ctx.stats.recordResponse(response.status);
  // Encoded once: Content-Length and the socket write share the bytes (a page is ~130 KB, and
  // measuring the string, then writing it, would convert it twice).
  const bytes =
    typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  const length = bytes.length;
  if (opts.truncate && response.status === 200 && length > 1 && req.method !== 'HEAD') {
    ctx.stats.recordTruncation();
    writeTruncated(res, response.status, headers, bytes);
    return;
  }
  if (response.status !== 304) headers.push(['Content-Length', String(length)]);
  res.writeHead(response.status, headers.flat());
  // Node drops the body of HEAD responses itself but keeps the GET-sized Content-Length.
  res.end(req.method === 'HEAD' || response.status === 304 ? undefined : bytes);
  if (opts.close) res.on('finish', () => req.socket.destroy());
}

function dropConnection(req: IncomingMessage, ctx: ServerContext): void {
  ctx.stats.recordDrop();
  req.socket.destroy();
}

/**
 * Collects the request body: 'too-large' once it exceeds `limit` (the caller answers 413 and
 * closes without reading the rest), 'aborted' when the client goes away first.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve('too-large');
  if (declared === 0 && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        req.pause();
        resolve('too-large');
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
  });
}

/** `GET /__mirror/stats`, `POST /__mirror/stats/reset`; never delayed or failed. */
function answerMirrorEndpoint(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): void {
  req.resume();
  const path = splitTarget(req.url ?? '/').path.replace(/\/$/, '');
  const cors = mirrorEndpointCors(req.headers.origin);
  let status = 200;
  let body: unknown;
  if (req.method === 'OPTIONS') status = 204;
  else if (path === '/__mirror/stats' && (req.method === 'GET' || req.method === 'HEAD')) {
    body = ctx.stats.snapshot();
  } else if (path === '/__mirror/stats/reset' && req.method === 'POST') {
    ctx.stats.reset();
    body = ctx.stats.snapshot();
  } else {
    status = 404;
    body = {
      error: 'unknown mirror endpoint',
      endpoints: ['GET /__mirror/stats', 'POST /__mirror/stats/reset'],
    };
  }
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Array<[string, string]> = [
    ...cors,
    ['Content-Length', String(Buffer.byteLength(text))],
  ];
  if (body !== undefined) headers.unshift(['Content-Type', JSON_TYPE]);
  res.writeHead(status, headers.flat());
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** An error that escaped a handler: Flask's HTML 500, as an uncaught exception gives in Eve. */
function failHard(res: ServerResponse, ctx: ServerContext, error: unknown): void {
  console.error('mirror: unexpected error', error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const response = serverErrorResponse();
  ctx.stats.recordResponse(500);
  res.writeHead(
    500,
    [...response.headers, ['Content-Length', String(Buffer.byteLength(response.body))]].flat(),
  );
  res.end(response.body);
}

/**
 * Requests Node's parser refuses (garbage bytes, oversize request line or headers, slow
 * clients): answered as Node would by default, but counted in the stats.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, stats: MirrorStats): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  stats.recordResponse(status);
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
}

/** A running mirror. */
export interface RunningMirror {
  /** The API base, `http://HOST:PORT/api/v1`. */
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/**
 * Builds the database from the options (generated, or `--data`, or both), then listens on
 * `options.host`/`options.port` (0 picks a free port). Pass `db` to serve a database built
 * by the caller instead.
 */
export async function startMirror(options: MirrorOptions, db?: Database): Promise<RunningMirror> {
  const database = db ?? loadDatabase(options);
  const server = createMirrorServer(database, options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}/api/v1`, server, close: () => closeServer(server) };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * The database the options describe: generated records; or, with `--data` alone, the file's
 * records; or, with `--data` and `--records`, both (file records whose `_id` is already taken
 * are skipped).
 */
export function loadDatabase(options: MirrorOptions): Database {
  const fromFile = options.dataFile ? loadDataFile(options.dataFile) : null;
  if (fromFile && !options.recordsGiven) {
    const entries = STORED_RESOURCES.map((name) => [
      name,
      createCollection(name, fromFile[name] ?? []),
    ]);
    return Object.fromEntries(entries) as Database;
  }
  const db = generateDatabase({ records: options.records, seed: options.seed });
  for (const name of STORED_RESOURCES) {
    const coll = db[name];
    const fresh = (fromFile?.[name] ?? []).filter((doc: StoredDoc) => {
      const at = coll.lowerBound(doc._id.hex);
      return at >= coll.size || coll.idAt(at) !== doc._id.hex;
    });
    if (fresh.length > 0) coll.insert(fresh);
  }
  return db;
}
