import { type CollectionPage, parseCollectionPage, readEveErrorMessage } from './envelope.ts';
import { AbortedError, HttpError, InvalidResponseError } from './errors.ts';
import { buildPageUrl, type Modality, type PageQuery } from './eve-url.ts';
import { type ExchangeLimits, readBodyText, watchExchange } from './exchange.ts';
import { assertHttpSource, checkAnswerOrigin } from './source-url.ts';

/** The subset of `fetch` used here; injected so this module runs in a page, a worker or a test. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/**
 * `signal`, `timeoutMs` (whole exchange), `inactivityMs` (silence once answering), `maxBytes`
 * (the body's cap): exchange.ts.
 */
export type FetchPageOptions = ExchangeLimits;

/**
 * GETs one collection page and returns it validated, or throws an ApiError whose `kind` says
 * what went wrong: `scheme` (not an http(s) source: no request made), `redirect` (the answer
 * came from another origin), `http` (a readable non-2xx, with Eve's `_error.message` and any
 * Retry-After), `network`, `timeout` (budget or inactivity), `aborted`, `invalid`. No retries
 * here: the caller decides what is retryable.
 * @example const page = await fetchPage(fetch, buildProbeUrl(base, 'T1w'), {timeoutMs: 6000});
 *   page.meta.total // 20000
 */
export async function fetchPage(
  fetchFn: FetchFn,
  url: string,
  options: FetchPageOptions = {},
): Promise<CollectionPage> {
  assertHttpSource(url);
  if (options.signal?.aborted) throw new AbortedError(url);
  const exchange = watchExchange(url, options);
  try {
    // no-store: responses carry Last-Modified but no Cache-Control, so browsers would
    // otherwise serve pages from their heuristic cache (eve-api §5). no-store rather than
    // no-cache: pages are read once, and writing each into the HTTP disk cache kept
    // Chromium's network service at ~25% of a core instead of ~15% during an ingest.
    const response = await exchange.race(
      // no-referrer: the page's own policy (index.html) does not reach the download worker.
      fetchFn(url, { cache: 'no-store', referrerPolicy: 'no-referrer', signal: exchange.signal }),
    );
    checkAnswerOrigin(url, response);
    const text = await readBodyText(response, exchange);
    return readPage(response, text, url);
  } catch (error) {
    throw exchange.failure(error);
  } finally {
    exchange.end();
  }
}

export interface CollectionPageRequest extends PageQuery, FetchPageOptions {
  /** API base, e.g. `https://mriqc.nimh.nih.gov/api/v1`. */
  base: string;
  modality: Modality;
}

/**
 * One page of a collection for a complete `where` (already merged: software, versions, the
 * user's filter, keyset bounds), as the download engine asks for it.
 * @example await fetchCollectionPage(fetch, {base, modality: 'T1w', where: {_id: {$gt: id}},
 *   sort: '_id', maxResults: 50, page: 1, signal})
 */
export async function fetchCollectionPage(
  fetchFn: FetchFn,
  request: CollectionPageRequest,
): Promise<CollectionPage> {
  const { base, modality, where, sort, maxResults, page, projection, ...limits } = request;
  assertHttpSource(base);
  const url = buildPageUrl(base, modality, { where, sort, maxResults, page, projection });
  return fetchPage(fetchFn, url, limits);
}

function readPage(response: Response, text: string, url: string): CollectionPage {
  const contentType = response.headers.get('content-type') ?? '';
  const isJson = /\bjson\b/i.test(contentType);
  if (!response.ok) {
    const said = isJson ? readEveErrorMessage(tryParse(text)) : undefined;
    const retryAfterS = parseRetryAfter(response.headers.get('retry-after'));
    throw new HttpError(response.status, url, said, retryAfterS);
  }
  if (!isJson) {
    throw new InvalidResponseError(
      `expected JSON, got content type "${contentType || 'none'}"`,
      url,
    );
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
    throw new InvalidResponseError(`the body is not valid JSON${hint}`, url);
  }
  return parseCollectionPage(body);
}

/**
 * Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Readable only when
 * the server exposes the header to CORS (the mirror does; Eve does not).
 * @example parseRetryAfter('120') // 120
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || !value.trim()) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
