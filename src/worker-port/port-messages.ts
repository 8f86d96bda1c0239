/**
 * What crosses a worker port, both ways. Plain data only: postMessage structured-clones it, and
 * an error crosses as `{name, message}` because Firefox cannot clone Error objects (duckdb-wasm's
 * worker protocol does the same). Every message names its call by `id`, so one worker serves
 * several calls at once and a reply always finds its caller.
 */

/**
 * One method of a worker: what it takes, what it gives back, and what it reports meanwhile —
 * `progress` (only the latest matters: the page shows it at a throttled pace) and `event`
 * (every one matters, in order, and the worker may wait for the page to have handled it).
 *
 * @example
 * type Api = { sum: Method<{ values: number[] }, number, { done: number }> };
 */
export interface Method<Input, Output, Progress = never, Event = never> {
  input: Input;
  output: Output;
  progress: Progress;
  event: Event;
}

/** A worker's methods by name. */
// biome-ignore lint/suspicious/noExplicitAny: each method has its own types; `any` lets any fit
export type WorkerApi = Record<string, Method<any, any, any, any>>;

/**
 * An error as it crosses the boundary: its name is kept, so the page can tell a
 * `QuotaExceededError` from a `TypeError` as it could on the worker's side, and so is the data
 * an error carries in its own fields (an HTTP status, a kind, seconds to wait).
 *
 * @example
 * { name: 'HttpError', message: 'The server answered 503', status: 503, retryAfterS: 30 }
 */
export interface SerializedError {
  name: string;
  message: string;
  [data: string]: ErrorData;
}

type ErrorData = string | number | boolean | null | undefined;

const isData = (value: unknown): value is ErrorData =>
  value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value);

/** An error's own fields that are plain values (a stack, a cause or a response are not). */
function dataOf(error: object): Record<string, ErrorData> {
  const out: Record<string, ErrorData> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'stack' && isData(value)) out[key] = value;
  }
  return out;
}

/**
 * Reduces anything thrown to `{name, message}` and its plain data fields.
 *
 * @example
 * toSerializedError(new TypeError('Failed to fetch')) // { name: 'TypeError', message: 'Failed to fetch' }
 * toSerializedError(Object.assign(new Error('busy'), { status: 503 })) // { name: 'Error', message: 'busy', status: 503 }
 * toSerializedError('boom') // { name: 'Error', message: 'boom' }
 */
export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof Error) return { ...dataOf(error), name: error.name, message: error.message };
  const e = error as Partial<SerializedError> | null;
  if (e && typeof e.name === 'string' && typeof e.message === 'string') {
    return { ...dataOf(e), name: e.name, message: e.message };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * An Error again, on the receiving side, with the name and data fields it had.
 *
 * @example
 * fromSerializedError({ name: 'QuotaExceededError', message: 'full' }).name // 'QuotaExceededError'
 */
export function fromSerializedError(error: SerializedError): Error {
  const { name, message, ...data } = error;
  return Object.assign(new Error(message), data, { name });
}

/** Page → worker. */
export type PortRequest =
  | { port: 'call'; id: number; method: string; input: unknown }
  /** The caller gave up: the worker aborts the call's signal and posts nothing more for it. */
  | { port: 'cancel'; id: number }
  /** The page has handled event `seq` of call `id`. */
  | { port: 'ack'; id: number; seq: number };

/** Worker → page. */
export type PortReply =
  | { port: 'progress'; id: number; progress: unknown }
  | { port: 'event'; id: number; seq: number; event: unknown }
  | { port: 'done'; id: number; output: unknown }
  | { port: 'error'; id: number; error: SerializedError };

const REQUESTS = new Set(['call', 'cancel', 'ack']);
const REPLIES = new Set(['progress', 'event', 'done', 'error']);

function isMessage(value: unknown, kinds: ReadonlySet<string>): boolean {
  const v = value as { port?: unknown; id?: unknown } | null;
  return typeof v?.port === 'string' && kinds.has(v.port) && typeof v.id === 'number';
}

/** A message this port understands (anything else posted to the worker is ignored). */
export const isPortRequest = (value: unknown): value is PortRequest => isMessage(value, REQUESTS);
export const isPortReply = (value: unknown): value is PortReply => isMessage(value, REPLIES);

/** Both ends of a port talk through this: a Worker, a worker's `self`, or a MessagePort. */
export interface Endpoint {
  postMessage(message: unknown, options: { transfer: Transferable[] }): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
