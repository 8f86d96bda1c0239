import { describe, expect, it, vi } from 'vitest';
import { HttpError, InvalidResponseError, NetworkError, SchemeError } from '../api/errors.ts';
import type { FetchFn } from '../api/fetch-page.ts';
import { createFakeEve, fakeEveFetch, makeRecords } from './fake-eve.test-support.ts';
import { createPageFetcher } from './page-fetcher.ts';

const apiBase = 'http://127.0.0.1:5174/api/v1';
const signal = new AbortController().signal;
const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(new TextEncoder().encode(JSON.stringify(body)), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });

describe('createPageFetcher (the engine → src/api adapter)', () => {
  it('sends the request’s whole where once (no dummy query merged in) and reads the page', async () => {
    const server = createFakeEve(makeRecords(120, { seed: 3 }));
    const fetchFn = vi.fn(fakeEveFetch(server));
    const fetchPage = createPageFetcher({ apiBase, modality: 'T1w', fetchFn });
    const lo = server.idsMatching(null)[49] as string;
    const where = { $and: [{ 'provenance.software': 'mriqc' }, { _id: { $gt: lo } }] };
    const page = await fetchPage({ where, sort: '_id', maxResults: 500, page: 1 }, signal);
    expect(page.items.map((r) => r._id)).toEqual(server.idsMatching(null).slice(50, 100));
    expect(page.meta).toEqual({ page: 1, maxResults: 50, total: 70 });
    const url = new URL(String(fetchFn.mock.calls[0]?.[0]));
    expect(url.pathname).toBe('/api/v1/T1w');
    expect(JSON.parse(url.searchParams.get('where') ?? '')).toEqual(where);
    expect(server.calls[0]).toEqual({ where, sort: '_id', maxResults: 500, page: 1 });
  });

  it('sends no where at all for a null filter', async () => {
    const fetchFn = vi.fn<FetchFn>(async () =>
      json({ _items: [], _meta: { page: 1, max_results: 50, total: 0 }, _links: {} }),
    );
    const fetchPage = createPageFetcher({ apiBase, modality: 'bold', fetchFn });
    await fetchPage({ where: null, sort: '-_id', maxResults: 1, page: 1 }, signal);
    expect(fetchFn.mock.calls[0]?.[0]).toBe(`${apiBase}/bold?sort=-_id&max_results=1&page=1`);
  });

  it('types failures for the engine: status and Retry-After as data', async () => {
    const fetchFn: FetchFn = async () =>
      json(
        { _status: 'ERR', _error: { code: 429, message: 'slow down' } },
        { status: 429, headers: { 'Retry-After': '4' } },
      );
    const fetchPage = createPageFetcher({ apiBase, modality: 'T1w', fetchFn });
    const failure = await fetchPage(
      { where: null, sort: '_id', maxResults: 50, page: 1 },
      signal,
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({
      kind: 'http',
      status: 429,
      retryAfterS: 4,
      serverMessage: 'slow down',
    });
  });

  it.each([
    ['a rejected fetch', () => Promise.reject(new TypeError('Failed to fetch')), NetworkError],
    [
      'an HTML answer',
      async () => new Response('<html>', { headers: { 'Content-Type': 'text/html' } }),
      InvalidResponseError,
    ],
  ] as const)('%s', async (_, fetchFn, type) => {
    const fetchPage = createPageFetcher({ apiBase, modality: 'T1w', fetchFn });
    await expect(
      fetchPage({ where: null, sort: '_id', maxResults: 50, page: 1 }, signal),
    ).rejects.toBeInstanceOf(type);
  });

  it('refuses a source that is not http(s) when created, before any request', () => {
    const fetchFn = vi.fn<FetchFn>();
    expect(() =>
      createPageFetcher({ apiBase: 'data:application/json,{}', modality: 'T1w', fetchFn }),
    ).toThrow(SchemeError);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('refuses an unknown modality', () => {
    expect(() => createPageFetcher({ apiBase, modality: 'T3w', fetchFn: vi.fn() })).toThrow(
      'Unknown modality "T3w"',
    );
  });
});
