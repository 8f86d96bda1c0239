import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerTooLargeError } from './bounded-body.ts';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  SchemeError,
  TimeoutError,
} from './errors.ts';
import { type FetchFn, fetchCollectionPage, fetchPage, parseRetryAfter } from './fetch-page.ts';

const URL_ = 'http://127.0.0.1:5174/api/v1/T1w?sort=_id';
const PAGE =
  '{"_items": [{"_id": "59cfad7f265d200019380537"}], "_links": {"parent": {"title": "home", "href": "/"}}, "_meta": {"page": 1, "max_results": 25, "total": 7}}';
const EVE_400 =
  '{"_status": "ERR", "_error": {"code": 400, "message": "The browser (or proxy) sent a request that this server could not understand."}}';
const FLASK_500 = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>';

const answering =
  (status: number, body: string, contentType = 'application/json'): FetchFn =>
  async () =>
    // Bytes, not a string: a string body would get a default text/plain content type.
    new Response(new TextEncoder().encode(body), {
      status,
      headers: contentType ? { 'Content-Type': contentType } : {},
    });

afterEach(() => {
  vi.useRealTimers();
});

describe('fetchPage: answers', () => {
  it('returns the validated page and fetches with no-store, no referrer and a signal', async () => {
    const fetchFn = vi.fn(answering(200, PAGE));
    const page = await fetchPage(fetchFn, URL_);
    expect(page.meta).toEqual({ page: 1, maxResults: 25, total: 7 });
    expect(page.items).toHaveLength(1);
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(fetchFn.mock.calls[0]?.[0]).toBe(URL_);
    expect(fetchFn.mock.calls[0]?.[1]).toMatchObject({
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: expect.any(AbortSignal),
    });
  });

  it('accepts a charset in the content type', async () => {
    const page = await fetchPage(answering(200, PAGE, 'application/json; charset=utf-8'), URL_);
    expect(page.meta.total).toBe(7);
  });
});

describe('fetchPage: error mapping', () => {
  const cases: {
    name: string;
    fetchFn: FetchFn;
    error: new (...args: never[]) => Error;
    fields?: Record<string, unknown>;
    message: RegExp;
  }[] = [
    {
      name: "400 with Eve's envelope carries the server's message",
      fetchFn: answering(400, EVE_400),
      error: HttpError,
      fields: { status: 400, serverMessage: expect.stringMatching(/could not understand/) },
      message: /^The server answered HTTP 400: The browser \(or proxy\) sent a request/,
    },
    {
      name: '429 JSON envelope',
      fetchFn: answering(
        429,
        '{"_status": "ERR", "_error": {"code": 429, "message": "Too many requests"}}',
      ),
      error: HttpError,
      fields: { status: 429, serverMessage: 'Too many requests' },
      message: /HTTP 429: Too many requests/,
    },
    {
      name: '500 as HTML (readable only where CORS allows it, e.g. the mirror)',
      fetchFn: answering(500, FLASK_500, 'text/html; charset=utf-8'),
      error: HttpError,
      fields: { status: 500, serverMessage: undefined },
      message: /^The server answered HTTP 500\.$/,
    },
    {
      name: '503 JSON body that is not an Eve envelope',
      fetchFn: answering(503, '{"detail": "down"}'),
      error: HttpError,
      fields: { status: 503, serverMessage: undefined },
      message: /HTTP 503/,
    },
    {
      name: '200 with an HTML body',
      fetchFn: answering(200, FLASK_500, 'text/html'),
      error: InvalidResponseError,
      message: /expected JSON, got content type "text\/html"/,
    },
    {
      name: '200 with no content type',
      fetchFn: answering(200, PAGE, ''),
      error: InvalidResponseError,
      message: /content type "none"/,
    },
    {
      name: '200 with a bare NaN',
      fetchFn: answering(200, PAGE.replace('"max_results": 25', '"max_results": 25, "snr": NaN')),
      error: InvalidResponseError,
      message: /bare NaN or Infinity/,
    },
    {
      name: '200 cut short',
      fetchFn: answering(200, PAGE.slice(0, 60)),
      error: InvalidResponseError,
      message: /not valid JSON \(cut short or not JSON\)/,
    },
    {
      name: '200 empty body',
      fetchFn: answering(200, ''),
      error: InvalidResponseError,
      message: /the body is empty/,
    },
    {
      name: '200 JSON of the wrong shape',
      fetchFn: answering(200, '{"items": []}'),
      error: InvalidResponseError,
      message: /_items is missing/,
    },
    {
      name: 'fetch rejects with a TypeError (offline, DNS, a 500/502 without CORS)',
      fetchFn: () => Promise.reject(new TypeError('Failed to fetch')),
      error: NetworkError,
      fields: { url: URL_ },
      message: /network error/,
    },
    {
      name: 'the body stream fails half-way',
      fetchFn: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"_items": ['));
              controller.error(new TypeError('network error'));
            },
          }),
          { headers: { 'Content-Type': 'application/json' } },
        ),
      error: NetworkError,
      message: /network error/,
    },
  ];

  it.each(cases)('$name', async ({ fetchFn, error, fields, message }) => {
    const failure = await fetchPage(fetchFn, URL_).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(error);
    expect((failure as Error).message).toMatch(message);
    if (fields) expect(failure).toMatchObject(fields);
  });

  it('lets other exceptions through unchanged', async () => {
    const bug = new RangeError('bug');
    await expect(fetchPage(() => Promise.reject(bug), URL_)).rejects.toBe(bug);
  });
});

/** A fetch that never answers until its signal aborts, like a black-holed host. */
const hanging: FetchFn = (_url, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

/**
 * Headers at once, then the body in pieces: `chunks[i]` is sent `gaps[i]` ms after the previous
 * one; the body never ends unless `end` (a stalled server). Ignores its signal unless `honour`.
 */
function trickling(chunks: string[], gaps: number[], end = false): FetchFn {
  return async () => {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const [i, chunk] of chunks.entries()) {
          await new Promise((r) => setTimeout(r, gaps[i] ?? 0));
          controller.enqueue(encoder.encode(chunk));
        }
        if (end) controller.close();
      },
    });
    return new Response(stream, { headers: { 'Content-Type': 'application/json' } });
  };
}

describe('fetchPage: time limits (one layer: budget and inactivity)', () => {
  it('times out when no answer comes within the budget', async () => {
    vi.useFakeTimers();
    const result = fetchPage(hanging, URL_, { timeoutMs: 6000 }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(5999);
    await vi.advanceTimersByTimeAsync(1);
    const failure = await result;
    expect(failure).toBeInstanceOf(TimeoutError);
    expect(failure).toMatchObject({
      timeoutMs: 6000,
      limit: 'budget',
      message: 'No answer from the server within 6 s.',
    });
  });

  it('waits for the headers up to the budget, not the inactivity limit (the API counts first)', async () => {
    vi.useFakeTimers();
    const late: FetchFn = () =>
      new Promise((resolve) => setTimeout(() => resolve(answering(200, PAGE)('', {})), 45_000));
    const result = fetchPage(late, URL_, { timeoutMs: 60_000, inactivityMs: 20_000 });
    await vi.advanceTimersByTimeAsync(45_000);
    await expect(result).resolves.toMatchObject({ meta: { total: 7 } });
  });

  it('cuts an answer whose body stops arriving after the inactivity limit', async () => {
    vi.useFakeTimers();
    const stalls = trickling(['{"_items": [', ' '], [0, 5000]); // then nothing, ever
    const result = fetchPage(stalls, URL_, { timeoutMs: 60_000, inactivityMs: 20_000 }).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(5000 + 19_999);
    expect(await Promise.race([result, 'pending'])).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatchObject({
      kind: 'timeout',
      limit: 'inactivity',
      timeoutMs: 20_000,
      message: 'The server stopped sending its answer (nothing for 20 s).',
    });
  });

  it('cuts a body that trickles (a byte every 5 s) at the budget', async () => {
    vi.useFakeTimers();
    const bytes = Array.from({ length: 100 }, () => ' ');
    const trickle = trickling(['{"_items": [', ...bytes], [0, ...bytes.map(() => 5000)]);
    const result = fetchPage(trickle, URL_, { timeoutMs: 60_000, inactivityMs: 20_000 }).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toMatchObject({ kind: 'timeout', limit: 'budget', timeoutMs: 60_000 });
  });

  it('reads a body that arrives slowly but steadily, within both limits', async () => {
    vi.useFakeTimers();
    const parts = [PAGE.slice(0, 40), PAGE.slice(40, 90), PAGE.slice(90)];
    const steady = trickling(parts, [0, 15_000, 15_000], true);
    const result = fetchPage(steady, URL_, { timeoutMs: 60_000, inactivityMs: 20_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(result).resolves.toMatchObject({ meta: { total: 7 } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('decodes a character split across chunks', async () => {
    const text = PAGE.replace('"home"', '"Zürich µ"');
    const bytes = new TextEncoder().encode(text);
    const cut = text.indexOf('ü') + 1; // inside the two bytes of ü
    const split: FetchFn = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(bytes.slice(0, cut));
            controller.enqueue(bytes.slice(cut));
            controller.close();
          },
        }),
        { headers: { 'Content-Type': 'application/json' } },
      );
    const page = await fetchPage(split, URL_);
    expect(page.links.parent?.title).toBe('Zürich µ');
  });

  it("reports the caller's abort as AbortedError, not a timeout, even mid-body", async () => {
    const controller = new AbortController();
    const result = fetchPage(trickling(['{"_items": ['], [0]), URL_, {
      signal: controller.signal,
    }).catch((caught: unknown) => caught);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await result).toBeInstanceOf(AbortedError);
  });

  it('ends at once on abort even when fetch ignores its signal', async () => {
    const controller = new AbortController();
    const deaf: FetchFn = () => new Promise(() => {});
    const result = fetchPage(deaf, URL_, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortedError);
  });

  it('does not call fetch when the signal is already aborted', async () => {
    const fetchFn = vi.fn(hanging);
    await expect(fetchPage(fetchFn, URL_, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    );
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('sets no timer for Infinity', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const result = fetchPage(hanging, URL_, {
      timeoutMs: Number.POSITIVE_INFINITY,
      inactivityMs: Number.POSITIVE_INFINITY,
      signal: controller.signal,
    }).catch((caught: unknown) => caught);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortedError);
  });

  it('clears its timers once answered', async () => {
    vi.useFakeTimers();
    await fetchPage(answering(200, PAGE), URL_, { timeoutMs: 6000 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('fetchPage: maxBytes', () => {
  it('refuses an answer longer than maxBytes and reads one within it', async () => {
    const long = PAGE.replace('"_items": [', `"_items": [${'{"_id": "x"},'.repeat(200)}`);
    await expect(fetchPage(answering(200, long), URL_, { maxBytes: 1024 })).rejects.toBeInstanceOf(
      AnswerTooLargeError,
    );
    expect((await fetchPage(answering(200, PAGE), URL_, { maxBytes: 1024 })).meta.total).toBe(7);
  });
});

describe('fetchPage: sources are http(s) only', () => {
  it.each([
    ['data:application/json,{"_items":[]}', 'data:'],
    ['javascript:alert(1)', 'javascript:'],
    ['blob:http://127.0.0.1/0000', 'blob:'],
    ['file:///etc/passwd', 'file:'],
    ['ftp://example.org/api/v1/T1w', 'ftp:'],
  ])('refuses %s before any request, naming %s', async (url, scheme) => {
    const fetchFn = vi.fn(answering(200, PAGE));
    const failure = await fetchPage(fetchFn, url).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(SchemeError);
    expect(failure).toMatchObject({ kind: 'scheme', scheme });
    expect((failure as Error).message).toContain(`a ${scheme} address`);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it.each(['localhost:5174/api/v1/T1w', 'mriqc.nimh.nih.gov/api/v1/T1w'])(
    'says a scheme-less %s is not a web address',
    async (url) => {
      const failure = await fetchPage(answering(200, PAGE), url).catch((e: unknown) => e);
      expect(failure).toMatchObject({ kind: 'scheme', scheme: '' });
      expect((failure as Error).message).toMatch(/not a web address: use an http/);
    },
  );
});

/** An answer as fetch returns it after following redirects to `finalUrl`. */
function redirectedTo(finalUrl: string): FetchFn {
  return async (url, init) => {
    const response = await answering(200, PAGE)(url, init);
    Object.defineProperty(response, 'redirected', { value: true });
    Object.defineProperty(response, 'url', { value: finalUrl });
    return response;
  };
}

describe('fetchPage: redirects', () => {
  it('refuses an answer from another origin, naming where it came from', async () => {
    const to = 'http://elsewhere.example:8080/api/v1/T1w?sort=_id';
    const failure = await fetchPage(redirectedTo(to), URL_).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(RedirectError);
    expect((failure as Error).message).toBe(
      'The API redirected to http://elsewhere.example:8080/api/v1, another site; use that address as the source if you trust it.',
    );
  });

  it('refuses http → https on the same host too (another origin)', async () => {
    const to = URL_.replace('http:', 'https:');
    await expect(fetchPage(redirectedTo(to), URL_)).rejects.toBeInstanceOf(RedirectError);
  });

  it('accepts a redirect within the same origin', async () => {
    const to = 'http://127.0.0.1:5174/api/v2/T1w?sort=_id';
    await expect(fetchPage(redirectedTo(to), URL_)).resolves.toMatchObject({ meta: { total: 7 } });
  });
});

describe('fetchPage: Retry-After', () => {
  it('carries a readable Retry-After on the HttpError', async () => {
    const fetchFn: FetchFn = async () =>
      new Response(new TextEncoder().encode('{"_status": "ERR"}'), {
        status: 503,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '7' },
      });
    await expect(fetchPage(fetchFn, URL_)).rejects.toMatchObject({ status: 503, retryAfterS: 7 });
  });

  it.each([
    ['120', 120],
    [' 3 ', 3],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
  ])('parseRetryAfter(%j) → %s', (value, seconds) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(seconds);
  });
});

describe('fetchCollectionPage', () => {
  it('asks for one page of a complete where, sorted, with the page size and number', async () => {
    const fetchFn = vi.fn(answering(200, PAGE));
    const where = { $and: [{ 'provenance.software': 'mriqc' }, { _id: { $gt: 'a' } }] };
    const page = await fetchCollectionPage(fetchFn, {
      base: 'http://127.0.0.1:5174/api/v1/',
      modality: 'bold',
      where,
      sort: '-_id',
      maxResults: 50,
      page: 2,
    });
    expect(page.meta.total).toBe(7);
    const url = new URL(String(fetchFn.mock.calls[0]?.[0]));
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:5174/api/v1/bold');
    expect(JSON.parse(url.searchParams.get('where') ?? '')).toEqual(where);
    expect(Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'where'))).toEqual({
      sort: '-_id',
      max_results: '50',
      page: '2',
    });
  });

  it('refuses a base that is not http(s) without a request', async () => {
    const fetchFn = vi.fn(answering(200, PAGE));
    const request = { base: 'data:text/plain,x', modality: 'T1w' as const, where: null };
    await expect(fetchCollectionPage(fetchFn, request)).rejects.toBeInstanceOf(SchemeError);
    expect(fetchFn).not.toHaveBeenCalled();
  });
});
