import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EveServerError } from '../query/errors.ts';
import {
  buildCollectionLinks,
  buildItemLinks,
  buildLinkQuery,
  readCollectionParams,
} from './collection-params.ts';

const read = (query: string, pageLimit = 50) => readCollectionParams(query, pageLimit);
const links = (query: string, total: number, resource = 'bold') =>
  buildCollectionLinks(resource, read(query), total);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

describe('max_results (eve-api.md 2.5; checklist 5–9, 53)', () => {
  it.each([
    ['', 25],
    ['max_results=1000', 50], // row 5
    ['max_results=50', 50], // row 6
    ['max_results=25', 25], // row 7
    ['max_results=0', 25], // row 8
    ['max_results=-5', 25],
    ['max_results=abc', 25],
    ['max_results=nan', 25],
    ['max_results=-NaN', 25],
    ['max_results=', 25],
    ['max_results=0.5', 25],
    ['max_results=10.9', 10], // row 9
    ['max_results=1e1', 10],
    ['max_results=%2010%20', 10],
    ['max_results=1_0', 10],
    ['max_results=+7', 7],
    ['max_results=3&max_results=7', 3], // row 53
  ])('%j → %i', (query, expected) => {
    expect(read(query).maxResults).toBe(expected);
  });

  it.each(['inf', 'INF', '-inf', 'Infinity', '1e400'])('max_results=%s is a 500 (row 10)', (v) => {
    expect(() => read(`max_results=${v}`)).toThrow(EveServerError);
  });

  it('clamps to the configured page limit, also the default', () => {
    expect(read('max_results=1000', 10).maxResults).toBe(10);
    expect(read('', 10).maxResults).toBe(10);
  });
});

describe('page (eve-api.md 2.6; checklist 11–13)', () => {
  it.each([
    ['', 1],
    ['page=0', 1], // row 11
    ['page=-2', 2], // row 12
    ['page=abc', 1], // row 13
    ['page=2.5', 1],
    ['page=', 1],
    ['page=%203%20', 3],
    ['page=1_0', 10],
    ['page=99', 99],
    ['page=3&page=5', 3],
    [`page=${'9'.repeat(4301)}`, 1], // int() refuses more than 4300 digits: ValueError
  ])('%j → %i', (query, expected) => {
    expect(read(query).page).toBe(expected);
  });

  it('a skip beyond int64 is a 500 (pymongo cannot encode it)', () => {
    expect(() => read('page=99999999999999999999')).toThrow(EveServerError);
    expect(read('page=999999999999&max_results=1').page).toBe(999999999999);
  });
});

describe('raw values and unknown params (eve-api.md 2.1)', () => {
  it('decodes like a form: + is a space, %XX a byte, & separates, ; does not', () => {
    const p = read('where=a%3D%3D1+and+b%3E2&sort=-x;y&projection=%7B%22snr%22%3A1%7D');
    expect(p).toMatchObject({ where: 'a==1 and b>2', sort: '-x;y', projection: '{"snr":1}' });
  });

  it('keeps the first where/sort/projection', () => {
    expect(read('where=a&where=b&sort=x&sort=y').where).toBe('a');
    expect(read('where=a&where=b&sort=x&sort=y').sort).toBe('x');
  });

  it('groups unknown params by name in order of first appearance (row 25)', () => {
    expect(read('foo=1&bar=2&foo=3').unknown).toEqual([
      ['foo', '1'],
      ['foo', '3'],
      ['bar', '2'],
    ]);
  });

  it('drops embedded and version; keeps pretty, aggregate (unless known) and empty names', () => {
    const query = 'embedded=%7B%7D&version=3&pretty&aggregate=x&=v';
    expect(read(query).unknown).toEqual([
      ['pretty', ''],
      ['aggregate', 'x'],
      ['', 'v'],
    ]);
    expect(readCollectionParams(query, 50, { aggregateIsKnown: true }).unknown).toEqual([
      ['pretty', ''],
      ['', 'v'],
    ]);
  });

  it.each([
    ['where=%zz%4', '%zz%4'],
    ['where=%', '%'],
    ['where=%ff%fe', '\ufffd\ufffd'],
    ['where=%e2%82', '\ufffd'],
    ['where=%ed%a0%80', '\ufffd\ufffd\ufffd'],
    ['where=%ef%bb%bfx', '\ufeffx'],
    ['where=%C3%A9+%2B', 'é +'],
    ['where=é', 'é'],
  ])('never throws on odd escapes: %j → %j', (query, where) => {
    expect(read(query).where).toBe(where);
  });

  it('handles a 100 kB query of broken escapes quickly', () => {
    const started = performance.now();
    const p = read(
      `where=${'%'.repeat(50_000)}${'%zz'.repeat(20_000)}&foo=${'%e2'.repeat(10_000)}`,
    );
    expect(p.where.length).toBe(110_000);
    expect(p.unknown[0]?.[1]).toBe('\ufffd'.repeat(10_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('collection links (eve-api.md 3.2; checklist 1, 2, 5–7, 14–19, 25, 34, 35)', () => {
  it('row 1/2: no params, total 129 → self bold, next bold?page=2, last page 6', () => {
    expect(links('', 129)).toEqual({
      parent: { title: 'home', href: '/' },
      self: { title: 'bold', href: 'bold' },
      next: { title: 'next page', href: 'bold?page=2' },
      last: { title: 'last page', href: 'bold?page=6' },
    });
  });

  it('the verified example: total 119, page 3 of size 2 with where, sort, foo, projection', () => {
    const query =
      'max_results=2&page=3&where={"size_x":{"$gte":10}}&sort=-size_x&foo=bar&projection={"snr":1}';
    const base = 'bold?max_results=2&where={"size_x":{"$gte":10}}&sort=-size_x';
    const got = links(query, 119);
    expect(Object.keys(got)).toEqual(['parent', 'self', 'next', 'last', 'prev']);
    expect(got.self?.href).toBe(`${base}&page=3&foo=bar`);
    expect(got.next?.href).toBe(`${base}&page=4&foo=bar`);
    expect(got.last?.href).toBe(`${base}&page=60&foo=bar`);
    expect(got.prev?.href).toBe(`${base}&page=2&foo=bar`);
  });

  it('matches the captured page 1 of where=bids_meta.RepetitionTime==1 (total 15346)', () => {
    const real = fixture('bold-page-where-reptime.json');
    expect(links('where=bids_meta.RepetitionTime%3D%3D1', real._meta.total)).toEqual(real._links);
  });

  it('matches the capture whose unencoded & split where into stray params (total 17738)', () => {
    const real = fixture('bold-page-50.json');
    const query =
      'max_results=50&where=bids_meta.MultibandAccelerationFactor%3C4&RepetitionTime=2.0&Manufacturer=Siemens&MagneticFieldStrength=3';
    expect(links(query, real._meta.total)).toEqual(real._links);
  });

  it('row 16: nothing matches → parent and the bare resource as self (capture)', () => {
    const real = fixture('empty-page.json');
    expect(links('where=size_x%3E1000', 0)).toEqual(real._links);
  });

  it('row 17: nothing matches on page 3 → bare self, prev with the full query', () => {
    const got = links('where={"x":1}&page=3&max_results=10', 0);
    expect(got).toEqual({
      parent: { title: 'home', href: '/' },
      self: { title: 'bold', href: 'bold' },
      prev: { title: 'previous page', href: 'bold?max_results=10&where={"x":1}&page=2' },
    });
  });

  it.each([
    ['max_results=1000', 'bold?max_results=50', 'bold?max_results=50&page=2'], // row 5
    ['max_results=50', 'bold?max_results=50', 'bold?max_results=50&page=2'], // row 6
    ['max_results=25', 'bold', 'bold?page=2'], // row 7
    ['where=', 'bold', 'bold?page=2'], // row 34: not echoed
    ['where={}', 'bold?where={}', 'bold?where={}&page=2'], // row 35
    ['projection={"snr":1}', 'bold', 'bold?page=2'], // row 19: dropped from links
    ['foo=a%20b&foo=c', 'bold?foo=a b&foo=c', 'bold?page=2&foo=a b&foo=c'], // row 25
    [
      'sort=-x&where=a%3E1&page=1&max_results=5&z=1',
      'bold?max_results=5&where=a>1&sort=-x&z=1',
      '',
    ],
  ])('%j → self %j, next %j', (query, self, next) => {
    const got = links(query, 1000);
    expect(got.self?.href).toBe(self);
    if (next) expect(got.next?.href).toBe(next);
  });

  it('row 14: on the last page there is no next/last, prev is page−1', () => {
    const got = links('page=6', 129);
    expect(Object.keys(got)).toEqual(['parent', 'self', 'prev']);
    expect(got.self?.href).toBe('bold?page=6');
    expect(got.prev?.href).toBe('bold?page=5');
  });

  it('row 15: beyond the last page, self keeps page=99 and prev points at 98', () => {
    const got = links('page=99', 129);
    expect(got).toEqual({
      parent: { title: 'home', href: '/' },
      self: { title: 'bold', href: 'bold?page=99' },
      prev: { title: 'previous page', href: 'bold?page=98' },
    });
  });

  it('prev of page 2 with default size and no filter is just the resource', () => {
    expect(links('page=2', 129).prev?.href).toBe('bold');
  });

  it('re-emits decoded values verbatim, no re-encoding (& + # %)', () => {
    const got = links('where=a%3D%3D%22x%26y%2B%23%25%22', 30);
    expect(got.self?.href).toBe('bold?where=a=="x&y+#%"');
  });
});

describe('buildLinkQuery: Eve querydef string handling', () => {
  const base = read('');
  it.each([
    [{}, 1, ''],
    [{}, 2, '?page=2'],
    [{ unknown: [['&a', '1']] as Array<[string, string]> }, 1, '?a=1'], // lstrip('&')
    [{ unknown: [['a', 'x??']] as Array<[string, string]> }, 1, '?a=x'], // rstrip('?')
    [{ where: '&w' }, 1, '?where=&w'],
  ])('%j page %i → %j', (patch, page, expected) => {
    expect(buildLinkQuery({ ...base, ...patch }, page)).toBe(expected);
  });
});

describe('item links (eve-api.md 6)', () => {
  const id = '59cfad7f0000000000000007';
  it('self, parent, collection; a plain GET links the bare collection', () => {
    expect(buildItemLinks('rating', 'Rating', id, read(''))).toEqual({
      self: { title: 'Rating', href: `rating/${id}` },
      parent: { title: 'home', href: '/' },
      collection: { title: 'rating', href: 'rating' },
    });
  });

  it('the collection link carries the request query; page > 1 adds prev to the item', () => {
    const got = buildItemLinks('bold', 'bold', id, read('page=3&foo=1&projection={"a":1}'));
    expect(got.collection?.href).toBe('bold?page=3&foo=1');
    expect(got.prev).toEqual({ title: 'previous page', href: `bold/${id}?page=2&foo=1` });
  });
});
