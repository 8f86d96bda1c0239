import { readBoundedText } from './bounded-body.ts';
import { type CollectionPage, parseCollectionPage, readEveErrorMessage } from './envelope.ts';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  TimeoutError,
} from './errors.ts';

/** The subset of `fetch` used here; injected so this module runs in a page, a worker or a test. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchPageOptions {
  /** Cancels the request; the promise then rejects with AbortedError. */
  signal?: AbortSignal;
  /**
   * Covers the whole exchange, body included. Infinity = no timer of its own: the download
   * engine times each attempt itself (and aborts through `signal`).
   */
  timeoutMs?: number;
  /** Read at most this many bytes of the body (AnswerTooLargeError past it); no limit if unset. */
  maxBytes?: number;
}

/** Above gunicorn's 30 s worker timeout, after which the real server answers 502 itself. */
export const DEFAULT_TIMEOUT_MS = 35_000;

/**
 * GETs one collection page and returns it validated, or throws one of the typed errors:
 * HttpError (a readable non-2xx, with Eve's `_error.message`), NetworkError, TimeoutError,
 * AbortedError, InvalidResponseError. No retries here: the caller decides what is retryable.
 * @example const page = await fetchPage(fetch, buildProbeUrl(base, 'T1w'), {timeoutMs: 6000});
 *   page.meta.total // 20000
 */
export async function fetchPage(
  fetchFn: FetchFn,
  url: string,
  { signal, timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes }: FetchPageOptions = {},
): Promise<CollectionPage> {
  if (signal?.aborted) throw new AbortedError();
  const controller = new AbortController();
  let timedOut = false;
  // setTimeout would fire at once for Infinity (delays above 2^31 - 1 ms overflow).
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs)
    : undefined;
  const forwardAbort = () => controller.abort();
  signal?.addEventListener('abort', forwardAbort, { once: true });

  const mapFailure = (error: unknown): unknown => {
    if (timedOut) return new TimeoutError(url, timeoutMs);
    if (signal?.aborted) return new AbortedError();
    // A TypeError is all a browser reveals for DNS failures, refused connections and for any
    // answer without CORS headers, which includes the real server's 500s and nginx's 502/504.
    if (error instanceof TypeError) return new NetworkError(url, error);
    return error;
  };

  try {
    let response: Response;
    let text: string;
    try {
      // no-store: responses carry Last-Modified but no Cache-Control, so browsers would
      // otherwise serve pages from their heuristic cache (eve-api §5). no-store rather than
      // no-cache: pages are read once, and writing each into the HTTP disk cache kept
      // Chromium's network service at ~25% of a core instead of ~15% during an ingest.
      // no-referrer: the page's own policy (index.html) does not reach the download worker.
      response = await fetchFn(url, {
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
      text =
        maxBytes === undefined ? await response.text() : await readBoundedText(response, maxBytes);
    } catch (error) {
      throw mapFailure(error);
    }
    return readPage(response, text, url);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}

function readPage(response: Response, text: string, url: string): CollectionPage {
  const contentType = response.headers.get('content-type') ?? '';
  const isJson = /\bjson\b/i.test(contentType);
  if (!response.ok) {
    throw new HttpError(
      response.status,
      url,
      isJson ? readEveErrorMessage(tryParse(text)) : undefined,
    );
  }
  if (!isJson) {
    throw new InvalidResponseError(`expected JSON, got content type "${contentType || 'none'}"`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Python's JSON writer emits bare NaN/Infinity for non-finite floats (eve-api §3.1).
    const hint = /\b(NaN|Infinity)\b/.test(text)
      ? ': it contains a bare NaN or Infinity, which JSON does not allow'
      : text.trim()
        ? ' (cut short or not JSON)'
        : ' (the body is empty)';
    throw new InvalidResponseError(`the body is not valid JSON${hint}`);
  }
  return parseCollectionPage(body);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
