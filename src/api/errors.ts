/**
 * The ways one API request can fail. Each class sets `name` explicitly so the name survives
 * minification and structured cloning (errors cross the worker boundary as `{name, message}`).
 */

/** Plain-data form of an error: what crosses `postMessage` (Firefox cannot clone Errors). */
export interface SerializedError {
  name: string;
  message: string;
}

/** The server answered with a non-2xx status that the browser let us read (it had CORS). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  /** Eve's `_error.message` when the body was Eve's JSON error envelope. */
  readonly serverMessage: string | undefined;
  readonly url: string;

  constructor(status: number, url: string, serverMessage?: string) {
    super(
      serverMessage
        ? `The server answered HTTP ${status}: ${serverMessage}`
        : `The server answered HTTP ${status}.`,
    );
    this.status = status;
    this.url = url;
    this.serverMessage = serverMessage;
  }
}

/**
 * `fetch` rejected: offline, DNS failure, refused connection, or (in production) a 500/502/504
 * from the server, which carries no CORS headers, so the browser cannot tell it from being offline.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly url: string;

  constructor(url: string, cause?: unknown) {
    super('No answer from the server (network error).', { cause });
    this.url = url;
  }
}

/** No complete answer within the time allowed. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly url: string;
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`No answer from the server within ${formatSeconds(timeoutMs)}.`);
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller cancelled the request (its AbortSignal fired); not a failure of the server. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';

  constructor() {
    super('The request was cancelled.');
  }
}

/** A 2xx answer whose body is not the promised collection page (not JSON, wrong shape, bare NaN). */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';

  constructor(detail: string) {
    super(`The server's answer is not a valid API page: ${detail}`);
  }
}

export type ApiError =
  | HttpError
  | NetworkError
  | TimeoutError
  | AbortedError
  | InvalidResponseError;

/**
 * Reduces any thrown value to `{name, message}`.
 * @example serializeError(new TimeoutError(url, 6000)) // {name: 'TimeoutError', message: 'No answer … 6 s.'}
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
