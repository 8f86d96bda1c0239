import { describe, expect, it } from 'vitest';
import { parseCollectionPage, readEveErrorMessage } from './envelope.ts';
import { InvalidResponseError } from './errors.ts';

/**
 * Real pages saved from the public API (see mirror/fixtures/README.md), read as text at test time.
 * Vite's glob rather than node:fs: tsconfig.app.json has no Node types, and adding them to the
 * app's program would change the types of setTimeout and friends in browser code.
 */
const files = import.meta.glob<string>('../../mirror/fixtures/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const realPages = Object.entries(files)
  .map(([path, text]) => ({ file: path.split('/').pop() ?? path, text }))
  .filter(({ text }) => '_items' in JSON.parse(text));

const expected: Record<string, { items: number; page: number; maxResults: number; total: number }> =
  {
    'bold-page-50.json': { items: 50, page: 1, maxResults: 50, total: 17738 },
    'bold-page-where-reptime.json': { items: 25, page: 1, maxResults: 25, total: 15346 },
    'empty-page.json': { items: 0, page: 1, maxResults: 25, total: 0 },
  };

describe('parseCollectionPage on real API pages', () => {
  it('finds the saved pages', () => {
    expect(realPages.map((page) => page.file).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(realPages)('$file', ({ file, text }) => {
    const page = parseCollectionPage(JSON.parse(text));
    const want = expected[file];
    expect({ items: page.items.length, ...page.meta }).toEqual(want);
    expect(page.links.parent?.href).toBe('/');
    expect(page.links.next === undefined).toBe(
      page.meta.page * page.meta.maxResults >= page.meta.total,
    );
  });
});

const valid = () => ({
  _items: [{ _id: '59cfad7f265d200019380537', snr: 3.2 }],
  _links: { parent: { title: 'home', href: '/' }, self: { title: 'bold', href: 'bold' } },
  _meta: { page: 1, max_results: 25, total: 1 },
});

describe('parseCollectionPage rejects what does not fit', () => {
  const cases: { name: string; body: unknown; message: RegExp }[] = [
    { name: 'an array', body: [], message: /expected a JSON object, got an array/ },
    { name: 'null', body: null, message: /got null/ },
    {
      name: 'an error envelope',
      body: { _status: 'ERR', _error: { code: 400 } },
      message: /_items is missing/,
    },
    { name: '_items an object', body: { ...valid(), _items: {} }, message: /_items is an object/ },
    {
      name: 'an item not an object',
      body: { ...valid(), _items: [1] },
      message: /_items\[0\] is 1/,
    },
    {
      name: 'an item without _id',
      body: { ...valid(), _items: [{ snr: 1 }] },
      message: /_items\[0\] has no string _id/,
    },
    { name: '_meta missing', body: { ...valid(), _meta: undefined }, message: /_meta is missing/ },
    {
      name: 'total as a string',
      body: { ...valid(), _meta: { page: 1, max_results: 25, total: '1' } },
      message: /_meta.total is the string "1"/,
    },
    {
      name: 'total negative',
      body: { ...valid(), _meta: { page: 1, max_results: 25, total: -1 } },
      message: /_meta.total is -1/,
    },
    {
      name: 'page 0',
      body: { ...valid(), _meta: { page: 0, max_results: 25, total: 1 } },
      message: /_meta.page is 0/,
    },
    {
      name: 'fractional max_results',
      body: { ...valid(), _meta: { page: 1, max_results: 2.5, total: 1 } },
      message: /_meta.max_results is 2.5/,
    },
    {
      name: 'more items than max_results',
      body: {
        ...valid(),
        _meta: { page: 1, max_results: 1, total: 2 },
        _items: [{ _id: 'a' }, { _id: 'b' }],
      },
      message: /holds 2 records but _meta.max_results is 1/,
    },
    {
      name: '_links missing',
      body: { ...valid(), _links: undefined },
      message: /_links is missing/,
    },
    {
      name: 'a link without href',
      body: { ...valid(), _links: { next: { title: 'next page' } } },
      message: /_links.next has no href/,
    },
  ];
  it.each(cases)('$name', ({ body, message }) => {
    expect(() => parseCollectionPage(body)).toThrow(InvalidResponseError);
    expect(() => parseCollectionPage(body)).toThrow(message);
  });

  it('accepts the minimal valid page and renames max_results', () => {
    expect(parseCollectionPage(valid()).meta).toEqual({ page: 1, maxResults: 25, total: 1 });
  });
});

describe('readEveErrorMessage', () => {
  it.each([
    [{ _status: 'ERR', _error: { code: 400, message: 'bad where' } }, 'bad where'],
    [{ _status: 'ERR', _error: { code: 400, message: '  ' } }, undefined],
    [{ _status: 'ERR', _error: 'x' }, undefined],
    ['<html>', undefined],
    [undefined, undefined],
  ])('%j → %s', (body, message) => {
    expect(readEveErrorMessage(body)).toBe(message);
  });
});
