/**
 * The ways one API request can fail. Each error carries its `kind` as data, so code that decides
 * what to do (retry, wording) reads a field instead of comparing class names, and the kind
 * survives the worker boundary (`serializeError`) and minification alike.
 */

export type ApiErrorKind =
  /** A readable non-2xx answer (it had CORS headers). */
  | 'http'
  /** No answer: offline, DNS, refused, or an answer without CORS headers (the real API's 5xx). */
  | 'network'
  /** No complete answer in time, or the body stopped arriving. */
  | 'timeout'
  /** The caller cancelled (pause, cancel, a newer request). */
  | 'aborted'
  /** A 2xx answer that is not an API page. */
  | 'invalid'
  /** The source is not an http(s) address: refused before any request. */
  | 'scheme'
  /** The answer came from another origin after a redirect: refused. */
  | 'redirect';

/** What every API error has: its kind, and the URL it was about. */
export abstract class ApiError extends Error {
  abstract readonly kind: ApiErrorKind;
  readonly url: string;

  constructor(url: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.url = url;
  }
}

/** The server answered with a non-2xx status that the browser let us read (it had CORS). */
export class HttpError extends ApiError {
  override readonly name = 'HttpError';
  readonly kind = 'http';
  readonly status: number;
  /** Eve's `_error.message` when the body was Eve's JSON error envelope. */
  readonly serverMessage: string | undefined;
  /** The server's Retry-After in seconds, when it sent one the browser may read. */
  readonly retryAfterS: number | undefined;

  constructor(
    status: number,
    url: string,
    serverMessage?: string,
    retryAfterS?: number | undefined,
  ) {
    super(
      url,
      serverMessage
        ? `The server answered HTTP ${status}: ${serverMessage}`
        : `The server answered HTTP ${status}.`,
    );
    this.status = status;
    this.serverMessage = serverMessage;
    this.retryAfterS = retryAfterS;
  }
}

/**
 * `fetch` rejected: offline, DNS failure, refused connection, or (in production) a 500/502/504
 * from the server, which carries no CORS headers, so the browser cannot tell it from being offline.
 */
export class NetworkError extends ApiError {
  override readonly name = 'NetworkError';
  readonly kind = 'network';

  constructor(url: string, cause?: unknown) {
    super(url, 'No answer from the server (network error).', { cause });
  }
}

/**
 * `budget`: the whole exchange took longer than allowed. `inactivity`: the body stopped
 * arriving (no bytes for `timeoutMs`).
 */
export class TimeoutError extends ApiError {
  override readonly name = 'TimeoutError';
  readonly kind = 'timeout';
  readonly timeoutMs: number;
  readonly limit: 'budget' | 'inactivity';

  constructor(url: string, timeoutMs: number, limit: 'budget' | 'inactivity' = 'budget') {
    super(
      url,
      limit === 'budget'
        ? `No answer from the server within ${formatSeconds(timeoutMs)}.`
        : `The server stopped sending its answer (nothing for ${formatSeconds(timeoutMs)}).`,
    );
    this.timeoutMs = timeoutMs;
    this.limit = limit;
  }
}

/** The caller cancelled the request (its AbortSignal fired); not a failure of the server. */
export class AbortedError extends ApiError {
  override readonly name = 'AbortedError';
  readonly kind = 'aborted';

  constructor(url = '') {
    super(url, 'The request was cancelled.');
  }
}

/** A 2xx answer whose body is not the promised collection page (not JSON, wrong shape, bare NaN). */
export class InvalidResponseError extends ApiError {
  override readonly name = 'InvalidResponseError';
  readonly kind = 'invalid';

  constructor(detail: string, url = '') {
    super(url, `The server's answer is not a valid API page: ${detail}`);
  }
}

/**
 * The source is not an http(s) address (`data:`, `javascript:`, `blob:`, `file:` …): such a
 * "server" could plant any records, or none answer at all. Refused before any request.
 */
export class SchemeError extends ApiError {
  override readonly name = 'SchemeError';
  readonly kind = 'scheme';
  /** The refused scheme with its colon, e.g. `data:`; '' when the source is not a URL. */
  readonly scheme: string;

  constructor(url: string, scheme: string) {
    super(
      url,
      scheme
        ? `The source is a ${scheme} address: only http:// and https:// API addresses can be used.`
        : `The source "${url}" is not a web address: use an http:// or https:// API address.`,
    );
    this.scheme = scheme;
  }
}

/**
 * The source redirected to another origin (a moved API, a captive portal, a hostile host). Its
 * answer is refused: the records would be stored as the source's while coming from elsewhere.
 */
export class RedirectError extends ApiError {
  override readonly name = 'RedirectError';
  readonly kind = 'redirect';
  /** Where the answer came from (query string dropped). */
  readonly location: string;

  constructor(url: string, location: string) {
    super(
      url,
      `The API redirected to ${location}, another site; use that address as the source if you trust it.`,
    );
    this.location = location;
  }
}

/**
 * Plain-data form of an error: what crosses `postMessage` (Firefox cannot clone Errors) and what
 * a stored job keeps. An API failure, the error itself or its `cause`, adds its kind and status.
 */
export interface SerializedError {
  name: string;
  message: string;
  kind?: ApiErrorKind;
  status?: number;
  serverMessage?: string;
  retryAfterS?: number;
}

/**
 * Reduces any thrown value to plain data, keeping the kind of an API error found in its causes.
 * @example serializeError(new TimeoutError(url, 6000))
 *   // {name: 'TimeoutError', message: 'No answer … 6 s.', kind: 'timeout'}
 */
export function serializeError(error: unknown): SerializedError {
  const base = plainError(error);
  const api = findApiError(error);
  if (!api) return base;
  const out: SerializedError = { ...base, kind: api.kind };
  if (api instanceof HttpError) {
    out.status = api.status;
    if (api.serverMessage !== undefined) out.serverMessage = api.serverMessage;
    if (api.retryAfterS !== undefined) out.retryAfterS = api.retryAfterS;
  }
  return out;
}

/** The API error that is `error` or one of its causes, if any. */
export function findApiError(error: unknown): ApiError | undefined {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    if (e instanceof ApiError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function plainError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  const e = error as Partial<SerializedError> | null;
  if (e && typeof e.name === 'string' && typeof e.message === 'string') {
    return { name: e.name, message: e.message };
  }
  return { name: 'Error', message: String(error) };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
