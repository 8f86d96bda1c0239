import { createHash, randomBytes } from 'node:crypto';
import { Double, floatText } from '../data/double.ts';
import { ObjectId } from '../data/object-id.ts';
import { BAD_REQUEST_MESSAGE } from '../query/errors.ts';
import { wireBuilderFor } from './wire-layout.ts';

/**
 * What goes on the wire: stored values turned into Eve's JSON (24-hex ids, RFC-1123 dates),
 * and the exact bodies of Eve's, Flask's, gunicorn's and nginx's error responses.
 */

/** A response before it is written; the server adds CORS, Content-Length and faults. */
export interface MirrorResponse {
  status: number;
  headers: Array<[string, string]>;
  /** Text, or UTF-8 bytes when already encoded (JSON bodies: jsonBytes). */
  body: string | Buffer;
  /** False for responses Eve does not render itself (500, 502): they never carry CORS. */
  cors: boolean;
}

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** Production (DEBUG off) messages, eve-api.md 4.2. */
export const MESSAGES = {
  400: BAD_REQUEST_MESSAGE,
  401: 'Please provide proper credentials',
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  // Werkzeug's descriptions, used by the injected JSON failures (DESIGN.md "Mirror options").
  429: 'This user has exceeded an allotted request count. Try again later.',
  503: 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.',
  contentType: 'Unknown or no Content-Type header supplied',
  aggregate: 'Aggregation query could not be parsed.',
} as const;

/** `DATE_FORMAT` "%a, %d %b %Y %H:%M:%S GMT", always UTC. */
export function formatHttpDate(date: Date): string {
  // The text has whole seconds, so it is cached per second: small integer keys hash fast,
  // and dates differing only in milliseconds share an entry.
  const sec = Math.floor(date.getTime() / 1000);
  if (sec === lastSec) return lastText;
  let text = DATE_TEXT.get(sec);
  if (text === undefined) {
    // toUTCString is specified as exactly this shape ("Thu, 01 Jan 1970 00:00:00 GMT").
    text = date.toUTCString();
    if (DATE_TEXT.size >= 50_000) DATE_TEXT.clear();
    DATE_TEXT.set(sec, text);
  }
  lastSec = sec;
  lastText = text;
  return text;
}

/** Every page formats two dates per record; most repeat (`_created` = `_updated`). */
const DATE_TEXT = new Map<number, string>();
/** The last date formatted: a record's `_updated` is usually its `_created`. */
let lastSec = Number.NaN;
let lastText = '';

export const EPOCH_STRING = 'Thu, 01 Jan 1970 00:00:00 GMT';

/**
 * JSON.stringify writes a whole-number double as an int (`100`), and Node 20 has no
 * JSON.rawJSON to say otherwise. So toWire puts a placeholder string where a {@link Double}
 * was, and jsonBytes swaps each placeholder, quotes included, for the number's text as Python
 * writes it (`100.0`). The placeholder starts with a NUL and a random per-process tag, so no
 * stored string can pass for one.
 */
const FLOAT_TAG = `\u0000float-${randomBytes(8).toString('hex')}:`;
/** How a placeholder starts in JSON bytes: a quote, then the tag with its NUL escaped (ASCII). */
const FLOAT_OPEN = Buffer.from(`"${JSON.stringify(FLOAT_TAG).slice(1, -1)}`, 'latin1');
const QUOTE = 0x22;

/**
 * A response body as Eve's renderer writes it, UTF-8, floats with their `.0` (`?pretty`:
 * indented by 4 spaces). `body` is already in wire form (toWire, toWireDocument).
 *
 * @example
 * jsonBytes({ size_x: toWire(new Double(100)), snr: 5.5 }).toString() // '{"size_x":100.0,"snr":5.5}'
 */
export function jsonBytes(body: unknown, pretty = false): Buffer {
  const text = pretty ? JSON.stringify(body, null, 4) : JSON.stringify(body);
  // The placeholders come out in the bytes the server sends anyway, in place, with native
  // searches and copies: a bold page holds ~650 of them, and cutting them out of the string
  // (slices joined, then encoded) cost more than JSON.stringify itself.
  const bytes = Buffer.from(text, 'utf8');
  let at = bytes.indexOf(FLOAT_OPEN);
  if (at < 0) return bytes;
  let end = at;
  while (at >= 0) {
    const number = at + FLOAT_OPEN.length;
    const close = bytes.indexOf(QUOTE, number);
    const next = bytes.indexOf(FLOAT_OPEN, close + 1);
    end += bytes.copy(bytes, end, number, close);
    end += bytes.copy(bytes, end, close + 1, next < 0 ? bytes.length : next);
    at = next;
  }
  return bytes.subarray(0, end);
}

/**
 * A stored value as Eve serialises it: ObjectIds as 24 lowercase hex, Dates as RFC-1123,
 * whole-number doubles as placeholders for jsonBytes; objects and arrays copied only when
 * something inside them changes.
 */
export function toWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Double) return FLOAT_TAG + floatText(value.value);
  if (value instanceof Date) return formatHttpDate(value);
  if (value instanceof ObjectId) return value.hex;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = toWire(value[i]);
      if (v !== value[i]) out ??= value.slice();
      if (out) out[i] = v;
    }
    return out ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    const w = toWire(v);
    if (w !== v) copy ??= { ...(value as Record<string, unknown>) };
    if (copy) copy[key] = w;
  }
  return copy ?? value;
}

/**
 * A document as served: wire values, the epoch for missing dates, an `_etag` computed on the
 * fly when none is stored (eve-api.md 3.3), and `_links` last. `fields` is either the output
 * of toOutputFields, or (the fast path for requests without a projection) the stored
 * document itself with `allowed` naming what Eve returns: top-level schema fields and meta.
 * Layouts seen before go through a compiled builder (wire-layout.ts) that makes the same object.
 */
export function toWireDocument(
  fields: Record<string, unknown>,
  links: Record<string, unknown>,
  allowed?: ReadonlySet<string>,
): Record<string, unknown> {
  const build = wireBuilderFor(Object.keys(fields), allowed);
  if (build) return build(fields, links, wireValue, documentEtag, EPOCH_STRING);
  return buildWireDocument(fields, links, allowed);
}

/** toWire, with the call skipped for the numbers and strings that make up most documents. */
function wireValue(raw: unknown): unknown {
  return raw !== null && typeof raw === 'object' ? toWire(raw) : raw;
}

/** toWireDocument's general path, one property at a time (exported to test the fast path). */
export function buildWireDocument(
  fields: Record<string, unknown>,
  links: Record<string, unknown>,
  allowed?: ReadonlySet<string>,
): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const key in fields) {
    if (allowed && !allowed.has(key)) continue;
    const value = wireValue(fields[key]);
    if (key === '__proto__')
      Object.defineProperty(doc, key, { value, enumerable: true, writable: true });
    else doc[key] = value;
  }
  doc._created ??= EPOCH_STRING;
  doc._updated ??= EPOCH_STRING;
  doc._etag ??= documentEtag(fields);
  doc._links = links;
  return doc;
}

/** Eve's `_etag`: SHA-1 of the document's JSON with sorted keys (any stable SHA-1 will do, 9). */
export function documentEtag(doc: Record<string, unknown>): string {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(doc).sort()) {
    if (key !== '_etag' && key !== '_links') plain[key] = doc[key];
  }
  return createHash('sha1')
    .update(stableJson(toWire(plain)))
    .digest('hex');
}

function stableJson(value: unknown): string {
  if (typeof value === 'string' && value.startsWith(FLOAT_TAG))
    return value.slice(FLOAT_TAG.length);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** A JSON response (compact, where real Eve writes `", "`/`": "` separators). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Array<[string, string]> = [],
): MirrorResponse {
  const bytes = jsonBytes(body);
  return { status, headers: [['Content-Type', JSON_TYPE], ...headers], body: bytes, cors: true };
}

/** Eve's standard error envelope (eve-api.md 4.1). */
export function errorResponse(
  status: number,
  message: string,
  headers: Array<[string, string]> = [],
): MirrorResponse {
  return jsonResponse(status, { _status: 'ERR', _error: { code: status, message } }, headers);
}

/** Flask's production 500 page: HTML, no CORS (eve-api.md 4.3). */
export function serverErrorResponse(): MirrorResponse {
  const body =
    '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n' +
    '<h1>Internal Server Error</h1>\n' +
    '<p>The server encountered an internal error and was unable to complete your request. ' +
    'Either the server is overloaded or there is an error in the application.</p>\n';
  return { status: 500, headers: [['Content-Type', HTML_TYPE]], body, cors: false };
}

const NGINX_REASONS: Record<number, string> = {
  413: 'Request Entity Too Large',
  502: 'Bad Gateway',
  504: 'Gateway Time-out',
};

/** nginx's own error page (502 after a gunicorn worker dies, 413 for a large body): no CORS. */
export function nginxErrorResponse(status: 413 | 502 | 504): MirrorResponse {
  const title = `${status} ${NGINX_REASONS[status]}`;
  const body =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, headers: [['Content-Type', 'text/html']], body, cors: false };
}

/**
 * gunicorn's reply to a request line over its `limit_request_line` (4094 bytes), sent before
 * Flask sees the request, so without CORS.
 */
export function gunicornBadRequest(message: string): MirrorResponse {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body =
    '<html>\n  <head>\n    <title>Bad Request</title>\n  </head>\n  <body>\n' +
    `    <h1><p>Bad Request</p></h1>\n    ${escaped}\n  </body>\n</html>\n`;
  return {
    status: 400,
    headers: [
      ['Connection', 'close'],
      ['Content-Type', 'text/html'],
    ],
    body,
    cors: false,
  };
}
