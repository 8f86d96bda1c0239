import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerTooLargeError } from './bounded-body.ts';
import {
  AbortedError,
  HttpError,
  InvalidResponseError,
  NetworkError,
  serializeError,
  TimeoutError,
} from './errors.ts';
import { type FetchFn, fetchPage } from './fetch-page.ts';

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

describe('fetchPage: timeouts and cancellation', () => {
  it('times out when no answer comes', async () => {
    vi.useFakeTimers();
    const result = fetchPage(hanging, URL_, { timeoutMs: 6000 }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(5999);
    await vi.advanceTimersByTimeAsync(1);
    const failure = await result;
    expect(failure).toBeInstanceOf(TimeoutError);
    expect(failure).toMatchObject({
      timeoutMs: 6000,
      message: 'No answer from the server within 6 s.',
    });
  });

  it('times out while the body is still arriving', async () => {
    vi.useFakeTimers();
    const slowBody: FetchFn = async (_url, init) => {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"_items": ['));
          init.signal?.addEventListener('abort', () =>
            controller.error(new DOMException('aborted', 'AbortError')),
          );
        },
      });
      return new Response(stream, { headers: { 'Content-Type': 'application/json' } });
    };
    const result = fetchPage(slowBody, URL_, { timeoutMs: 1500 }).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(1500);
    expect(await result).toMatchObject({ name: 'TimeoutError', message: /within 1.5 s/ });
  });

  it("reports the caller's abort as AbortedError, not a timeout", async () => {
    const controller = new AbortController();
    const result = fetchPage(hanging, URL_, { signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
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

  it('sets no timer of its own when timeoutMs is Infinity (the caller times the attempt)', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const result = fetchPage(hanging, URL_, {
      timeoutMs: Number.POSITIVE_INFINITY,
      signal: controller.signal,
    }).catch((caught: unknown) => caught);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortedError);
  });

  it('clears its timer once answered', async () => {
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

describe('serializeError', () => {
  it.each([
    [
      new HttpError(400, URL_, 'bad'),
      { name: 'HttpError', message: 'The server answered HTTP 400: bad' },
    ],
    [
      new NetworkError(URL_),
      { name: 'NetworkError', message: 'No answer from the server (network error).' },
    ],
    [
      new TimeoutError(URL_, 6000),
      { name: 'TimeoutError', message: 'No answer from the server within 6 s.' },
    ],
    [
      new InvalidResponseError('x'),
      { name: 'InvalidResponseError', message: "The server's answer is not a valid API page: x" },
    ],
    [new AbortedError(), { name: 'AbortedError', message: 'The request was cancelled.' }],
    ['plain text', { name: 'Error', message: 'plain text' }],
  ])('%s', (error, serialized) => {
    expect(serializeError(error)).toEqual(serialized);
    expect(structuredClone(serializeError(error))).toEqual(serialized);
  });
});
