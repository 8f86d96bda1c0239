import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Double } from './data/double.ts';
import { ObjectId } from './data/object-id.ts';
import { generateDatabase } from './data/synthetic/dataset.ts';
import type { Database, StoredDoc } from './data/types.ts';
import {
  startTestMirror,
  TEST_TOKEN,
  type TestMirror,
  type TestResponse,
} from './testing/http-test-client.ts';

/**
 * eve-api.md section 10, one test per row, over real HTTP against a mirror on 127.0.0.1:0.
 * Expected values come from the data (counted here, independently of the server) or from the
 * spec's literal texts, never from the server's own output.
 */

const GENERIC_400 = 'The browser (or proxy) sent a request that this server could not understand.';
const NOT_FOUND =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';
const NOT_ALLOWED = 'The method is not allowed for the requested URL.';
const RFC1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ORIGIN = 'http://x';
const RATED_MD5 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const META = ['_id', '_created', '_updated', '_etag', '_links'];

let db: Database;
let mirror: TestMirror;

/** Hand-made bold documents for rows that need specific values (ids above every generated one). */
function handMadeBold(base: StoredDoc, lastId: string): StoredDoc[] {
  const sept2017 = new Date(Date.UTC(2017, 8, 15, 12, 0, 0));
  const variants: Array<Record<string, unknown>> = [
    // row 29: a size_x between -1 and 1; row 47: a top-level field outside the schema
    {
      size_x: 1,
      upload_site: 'handmade',
      bids_meta: { ...(base.bids_meta as object), Manufacturer: 'GE' },
    },
    // row 46: a bids_meta that is exactly {"Manufacturer": "GE"}
    { size_x: 0.5, bids_meta: { Manufacturer: 'GE' } },
    // row 30: the Python quirk turns `PartialFourier==True` into {"PartialFourier": "PartialFourier"}
    { PartialFourier: 'PartialFourier' },
  ];
  let next = BigInt(`0x${lastId}`);
  return variants.map((extra, i) => {
    next += 1n;
    return {
      ...base,
      ...extra,
      _id: new ObjectId(next.toString(16).padStart(24, '0')),
      _created: sept2017,
      _updated: new Date(sept2017.getTime() + i * 1000),
      _etag: `${'e'.repeat(39)}${i}`,
    };
  });
}

function ratings(): StoredDoc[] {
  const at = new Date(Date.UTC(2020, 0, 1));
  const rows: Array<[string, string]> = [
    [RATED_MD5, 'good'],
    [RATED_MD5, 'bad'],
    [RATED_MD5, 'good'],
    ['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2', 'good'],
    [RATED_MD5, 'good'],
  ];
  return rows.map(([md5sum, rating], i) => ({
    _id: ObjectId.fromTime(at.getTime() / 1000, i + 1),
    _created: at,
    _updated: at,
    _etag: `${'a'.repeat(39)}${i}`,
    md5sum,
    rating,
  }));
}

beforeAll(async () => {
  db = generateDatabase({ records: { T1w: 40, T2w: 5, bold: 120 }, seed: 11 });
  db.bold.insert(handMadeBold(db.bold.docAt(0), db.bold.idAt(db.bold.size - 1)));
  db.rating.insert(ratings());
  mirror = await startTestMirror(db);
});

afterAll(() => mirror.close());

// --- helpers computing expectations from the data -------------------------------------------

function docs(name: keyof Database = 'bold'): StoredDoc[] {
  const coll = db[name];
  return Array.from({ length: coll.size }, (_, i) => coll.docAt(i));
}

function count(pred: (d: StoredDoc) => boolean, name: keyof Database = 'bold'): number {
  return docs(name).filter(pred).length;
}

const bids = (d: StoredDoc) => (d.bids_meta ?? {}) as Record<string, unknown>;
/** A number field's value (a whole-number double is stored as a Double). */
const num = (d: StoredDoc, field: string) => Number(d[field]);
const N = () => db.bold.size;

function get(path: string, headers: Record<string, string> = {}): Promise<TestResponse> {
  return mirror.request(path, { headers });
}

/** GET /api/v1/bold with a query built from raw (already encoded) parts. */
function bold(query = '', headers: Record<string, string> = {}): Promise<TestResponse> {
  return get(`/api/v1/bold${query ? `?${query}` : ''}`, headers);
}

const enc = encodeURIComponent;

function expectEnvelope(res: TestResponse, status: number, message: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.json()).toEqual({ _status: 'ERR', _error: { code: status, message } });
}

function expectHtml500(res: TestResponse): void {
  expect(res.status).toBe(500);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.body).toContain('<title>500 Internal Server Error</title>');
  expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
}

function total(res: TestResponse): number {
  expect(res.status).toBe(200);
  return res.json()._meta.total;
}

function allHrefs(res: TestResponse): string[] {
  return Object.values(res.json()._links as Record<string, { href: string }>).map((l) => l.href);
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return mirror.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/payloads/${path}`, import.meta.url), 'utf8'));
}

const T1W_PAYLOAD = 't1w/sub-50137_T1w.json';

describe('eve-api.md section 10 checklist', () => {
  it('row 1: GET /api/v1/bold gives page 1 of 25 with self and next links', async () => {
    const res = await bold();
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['_items', '_links', '_meta']);
    expect(body._items).toHaveLength(Math.min(25, N()));
    expect(body._meta).toEqual({ page: 1, max_results: 25, total: N() });
    expect(N()).toBeGreaterThan(25);
    expect(body._links.self).toEqual({ title: 'bold', href: 'bold' });
    expect(body._links.next).toEqual({ title: 'next page', href: 'bold?page=2' });
    expect(body._links.parent).toEqual({ title: 'home', href: '/' });
  });

  it('row 2: a trailing slash behaves like row 1 and self.href stays "bold"', async () => {
    const [plain, slash] = [await bold(), await get('/api/v1/bold/')];
    expect(slash.status).toBe(200);
    expect(slash.json()).toEqual(plain.json());
    expect(slash.json()._links.self.href).toBe('bold');
  });

  it('row 3: GET /api/v1/BOLD is a 404 envelope (routes are case-sensitive)', async () => {
    expectEnvelope(await get('/api/v1/BOLD'), 404, NOT_FOUND);
  });

  it('row 4: /api/v1 and /api/v1/ list the six children', async () => {
    const names = ['bold', 'T1w', 'T2w', 'nipype_telemetry', 'rating', 'rating_counts'];
    for (const path of ['/api/v1', '/api/v1/']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ _links: { child: names.map((n) => ({ href: n, title: n })) } });
    }
  });

  it('row 5: max_results=1000 is clamped to 50, also in the links', async () => {
    const body = (await bold('max_results=1000')).json();
    expect(body._items).toHaveLength(50);
    expect(body._meta.max_results).toBe(50);
    expect(body._links.self.href).toBe('bold?max_results=50');
    expect(body._links.next.href).toBe('bold?max_results=50&page=2');
  });

  it('row 6: max_results=50 reports 50 and keeps max_results=50 in links', async () => {
    const body = (await bold('max_results=50')).json();
    expect(body._meta.max_results).toBe(50);
    expect(body._links.self.href).toBe('bold?max_results=50');
    expect(body._links.last.href).toBe(`bold?max_results=50&page=${Math.ceil(N() / 50)}`);
  });

  it('row 7: max_results=25 is left out of the links', async () => {
    const res = await bold('max_results=25');
    expect(res.json()._meta.max_results).toBe(25);
    for (const href of allHrefs(res)) expect(href).not.toContain('max_results');
  });

  it('row 8: max_results=0, -5, abc and nan mean 25', async () => {
    for (const value of ['0', '-5', 'abc', 'nan']) {
      const body = (await bold(`max_results=${value}`)).json();
      expect(body._meta.max_results, value).toBe(25);
      expect(body._items, value).toHaveLength(25);
    }
  });

  it('row 9: max_results=10.9 and 1e1 mean 10', async () => {
    for (const value of ['10.9', '1e1']) {
      const body = (await bold(`max_results=${value}`)).json();
      expect(body._meta.max_results, value).toBe(10);
      expect(body._items, value).toHaveLength(10);
    }
  });

  it('row 10: max_results=inf is an HTML 500 without CORS headers', async () => {
    expectHtml500(await bold('max_results=inf', { Origin: ORIGIN }));
  });

  it('row 11: page=0 is page 1', async () => {
    const body = (await bold('page=0')).json();
    expect(body._meta.page).toBe(1);
    expect(body._items[0]._id).toBe(db.bold.idAt(0));
  });

  it('row 12: page=-2 is page 2', async () => {
    const body = (await bold('page=-2')).json();
    expect(body._meta.page).toBe(2);
    expect(body._items[0]._id).toBe(db.bold.idAt(25));
  });

  it('row 13: page=abc and page=2.5 are page 1', async () => {
    for (const value of ['abc', '2.5']) {
      expect((await bold(`page=${value}`)).json()._meta.page, value).toBe(1);
    }
  });

  it('row 14: the last page has no next or last link, and prev = page-1', async () => {
    const last = Math.ceil(N() / 25);
    const body = (await bold(`page=${last}`)).json();
    expect(body._items).toHaveLength(N() - (last - 1) * 25);
    expect(body._links.next).toBeUndefined();
    expect(body._links.last).toBeUndefined();
    expect(body._links.prev).toEqual({ title: 'previous page', href: `bold?page=${last - 1}` });
  });

  it('row 15: a page beyond the last is 200 with no items, true total, prev=98, no Last-Modified', async () => {
    const res = await bold('page=99');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body._items).toEqual([]);
    expect(body._meta).toEqual({ page: 99, max_results: 25, total: N() });
    expect(body._links.self.href).toBe('bold?page=99');
    expect(body._links.prev.href).toBe('bold?page=98');
    expect(body._links.next).toBeUndefined();
    expect(body._links.last).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
  });

  it('row 16: a filter matching nothing gives total 0 and only parent + bare self links', async () => {
    const body = (await bold(`where=${enc('{"bids_meta.Manufacturer":"NoSuchVendor"}')}`)).json();
    expect(body._items).toEqual([]);
    expect(body._meta.total).toBe(0);
    expect(body._links).toEqual({
      parent: { title: 'home', href: '/' },
      self: { title: 'bold', href: 'bold' },
    });
  });

  it('row 17: no match with page=3&max_results=10 keeps a bare self and a full prev', async () => {
    const where = '{"bids_meta.Manufacturer":"NoSuchVendor"}';
    const body = (await bold(`where=${enc(where)}&page=3&max_results=10`)).json();
    expect(body._links.self.href).toBe('bold');
    expect(body._links.prev.href).toBe(`bold?max_results=10&where=${where}&page=2`);
  });

  it('row 18: link parts come as max_results, where, sort, page, then unknown params', async () => {
    const where = '{"size_x":{"$gte":10}}';
    const res = await bold(`foo=1&page=2&sort=-size_x&where=${enc(where)}&max_results=10`);
    expect(res.json()._links.self.href).toBe(
      `bold?max_results=10&where=${where}&sort=-size_x&page=2&foo=1`,
    );
  });

  it('row 19: projection={"snr":1} keeps snr and the meta fields, and is dropped from links', async () => {
    const res = await bold(`projection=${enc('{"snr":1}')}`);
    for (const item of res.json()._items)
      expect(Object.keys(item).sort()).toEqual(['snr', ...META].sort());
    for (const href of allHrefs(res)) expect(href).not.toContain('projection');
  });

  it('row 20: projection={"bids_meta.Manufacturer":1} keeps only that sub-field', async () => {
    const body = (await bold(`projection=${enc('{"bids_meta.Manufacturer":1}')}`)).json();
    body._items.forEach((item: Record<string, unknown>, i: number) => {
      const stored = bids(db.bold.docAt(i)).Manufacturer;
      expect(item.bids_meta).toEqual(stored === undefined ? {} : { Manufacturer: stored });
      expect(Object.keys(item).sort()).toEqual(['bids_meta', ...META].sort());
    });
  });

  it('row 21: projection={"bids_meta":0} returns every field but bids_meta', async () => {
    const full = (await bold()).json()._items;
    const body = (await bold(`projection=${enc('{"bids_meta":0}')}`)).json();
    body._items.forEach((item: Record<string, unknown>, i: number) => {
      const expected = Object.keys(full[i]).filter((k) => k !== 'bids_meta');
      expect(Object.keys(item).sort()).toEqual(expected.sort());
    });
  });

  it('row 22: projection={"bids_meta.Manufacturer":0} still returns the whole bids_meta', async () => {
    const full = (await bold()).json()._items;
    const body = (await bold(`projection=${enc('{"bids_meta.Manufacturer":0}')}`)).json();
    expect(body._items).toEqual(full);
  });

  it('row 23: projection={"_etag":0,"snr":1} still returns _etag', async () => {
    const body = (await bold(`projection=${enc('{"_etag":0,"snr":1}')}`)).json();
    for (const item of body._items) expect(item._etag).toMatch(/^[0-9a-f]{40}$/);
  });

  it('row 24: projection=[1] or bad JSON is the generic 400', async () => {
    expectEnvelope(await bold(`projection=${enc('[1]')}`), 400, GENERIC_400);
    expectEnvelope(await bold(`projection=${enc('{bad')}`), 400, GENERIC_400);
  });

  it('row 25: unknown params leave the query alone and are echoed decoded at the end', async () => {
    const body = (await bold('foo=a%20b&foo=c')).json();
    expect(body._meta.total).toBe(N());
    expect(body._links.self.href).toBe('bold?foo=a b&foo=c');
    expect(body._links.next.href).toBe('bold?page=2&foo=a b&foo=c');
  });

  it('row 26: a JSON where filters on a dotted path and is echoed verbatim', async () => {
    const where = '{"bids_meta.Manufacturer":"GE"}';
    const res = await bold(`where=${enc(where)}&max_results=50`);
    const body = res.json();
    expect(body._meta.total).toBe(count((d) => bids(d).Manufacturer === 'GE'));
    expect(body._meta.total).toBeGreaterThan(0);
    for (const item of body._items) expect(item.bids_meta.Manufacturer).toBe('GE');
    expect(body._links.self.href).toBe(`bold?max_results=50&where=${where}`);
  });

  it('row 27: a Python where with "and" equals the $and JSON filter and is echoed with spaces', async () => {
    const python = 'bids_meta.Manufacturer=="GE" and size_x>32';
    const json = '{"$and":[{"bids_meta.Manufacturer":"GE"},{"size_x":{"$gt":32}}]}';
    const expected = count((d) => bids(d).Manufacturer === 'GE' && num(d, 'size_x') > 32);
    const res = await bold(`where=${enc(python)}`);
    expect(total(res)).toBe(expected);
    expect(total(await bold(`where=${enc(json)}`))).toBe(expected);
    expect(res.json()._links.self.href).toBe(`bold?where=${python}`);
  });

  it('row 28: "a==1 or b==2 and c==3" is a==1 $or (b==2 $and c==3)', async () => {
    const where = 'size_x==96 or bids_meta.Manufacturer=="GE" and size_y==64';
    const expected = count(
      (d) => num(d, 'size_x') === 96 || (bids(d).Manufacturer === 'GE' && num(d, 'size_y') === 64),
    );
    const wrongPrecedence = count(
      (d) => (num(d, 'size_x') === 96 || bids(d).Manufacturer === 'GE') && num(d, 'size_y') === 64,
    );
    expect(expected).not.toBe(wrongPrecedence);
    expect(total(await bold(`where=${enc(where)}`))).toBe(expected);
  });

  it('row 29: size_x>-1 behaves as size_x>1 (the sign is dropped)', async () => {
    const expected = count((d) => num(d, 'size_x') > 1);
    expect(expected).not.toBe(count((d) => num(d, 'size_x') > -1));
    expect(total(await bold(`where=${enc('size_x>-1')}`))).toBe(expected);
  });

  it('row 30: PartialFourier==True matches the string "PartialFourier"', async () => {
    const expected = count((d) => d.PartialFourier === 'PartialFourier');
    expect(expected).toBe(1);
    expect(total(await bold(`where=${enc('PartialFourier==True')}`))).toBe(expected);
  });

  it('row 31: "in", "is None" and a literal on the left are HTML 500s', async () => {
    for (const where of ['size_x in [1,2]', 'size_x is None', '3<size_x']) {
      expectHtml500(await bold(`where=${enc(where)}`));
    }
  });

  it('row 32: where=size_x, not a==1 and {bad are the generic 400', async () => {
    for (const where of ['size_x', 'not a==1', '{bad']) {
      expectEnvelope(await bold(`where=${enc(where)}`), 400, GENERIC_400);
    }
  });

  it('row 33: where=5, [1] and null are HTML 500s', async () => {
    for (const where of ['5', '[1]', 'null']) expectHtml500(await bold(`where=${enc(where)}`));
  });

  it('row 34: an empty where is no filter and is not echoed', async () => {
    const body = (await bold('where=')).json();
    expect(body._meta.total).toBe(N());
    expect(body._links.self.href).toBe('bold');
    expect(body._links.next.href).toBe('bold?page=2');
  });

  it('row 35: where={} is no filter but is echoed', async () => {
    const body = (await bold(`where=${enc('{}')}`)).json();
    expect(body._meta.total).toBe(N());
    expect(body._links.self.href).toBe('bold?where={}');
  });

  it('row 36: $regex and $where are the generic 400 (blacklist)', async () => {
    for (const where of ['{"x":{"$regex":"^A"}}', '{"$where":"1"}']) {
      expectEnvelope(await bold(`where=${enc(where)}`), 400, GENERIC_400);
    }
  });

  it('row 37: an unknown $operator or an empty key is the generic 400', async () => {
    for (const where of ['{"x":{"$foo":1}}', '{"":1}']) {
      expectEnvelope(await bold(`where=${enc(where)}`), 400, GENERIC_400);
    }
  });

  it('row 38: {"$and":{}}, which MongoDB rejects, is an HTML 500', async () => {
    expectHtml500(await bold(`where=${enc('{"$and":{}}')}`));
  });

  it('row 39: where={"_id":"<24hex>"} matches that document (string becomes ObjectId)', async () => {
    const id = db.bold.idAt(7);
    const body = (await bold(`where=${enc(JSON.stringify({ _id: id }))}`)).json();
    expect(body._meta.total).toBe(1);
    expect(body._items[0]._id).toBe(id);
  });

  it('row 40: keyset _id > id with sort=_id works and total counts what remains', async () => {
    const k = 30;
    const where = JSON.stringify({ _id: { $gt: db.bold.idAt(k) } });
    const body = (await bold(`where=${enc(where)}&sort=_id&max_results=50`)).json();
    expect(body._meta.total).toBe(N() - k - 1);
    const expectedIds = Array.from({ length: 50 }, (_, i) => db.bold.idAt(k + 1 + i));
    expect(body._items.map((it: { _id: string }) => it._id)).toEqual(expectedIds);
  });

  it('row 41: the Python form _id>"<id>" is the same keyset', async () => {
    const k = 30;
    const body = (
      await bold(`where=${enc(`_id>"${db.bold.idAt(k)}"`)}&sort=_id&max_results=50`)
    ).json();
    expect(body._meta.total).toBe(N() - k - 1);
    expect(body._items[0]._id).toBe(db.bold.idAt(k + 1));
  });

  it('row 42: _created $gte an RFC-1123 string compares dates', async () => {
    const cut = new Date(Date.UTC(2017, 9, 2));
    const expected = count((d) => d._created >= cut);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(N());
    const where = '{"_created":{"$gte":"Mon, 02 Oct 2017 00:00:00 GMT"}}';
    expect(total(await bold(`where=${enc(where)}`))).toBe(expected);
    const mid = db.bold.docAt(60)._created;
    const midWhere = JSON.stringify({ _created: { $gte: mid.toUTCString() } });
    expect(total(await bold(`where=${enc(midWhere)}`))).toBe(count((d) => d._created >= mid));
  });

  it('row 43: the same filter with an ISO string is 200 with total 0', async () => {
    const where = '{"_created":{"$gte":"2017-10-02T00:00:00Z"}}';
    expect(total(await bold(`where=${enc(where)}`))).toBe(0);
  });

  it('row 44: _created>=datetime(2017,10,2) compares dates', async () => {
    const cut = new Date(Date.UTC(2017, 9, 2));
    expect(total(await bold(`where=${enc('_created>=datetime(2017,10,2)')}`))).toBe(
      count((d) => d._created >= cut),
    );
  });

  it('row 45: run_id 1 (a number) does not match the stored "1"', async () => {
    const stored = count((d) => bids(d).run_id === '1');
    expect(stored).toBeGreaterThan(0);
    expect(total(await bold(`where=${enc('{"bids_meta.run_id":1}')}`))).toBe(0);
    expect(total(await bold(`where=${enc('{"bids_meta.run_id":"1"}')}`))).toBe(stored);
  });

  it('row 46: an embedded-document filter matches the whole subdocument only', async () => {
    const exact = count((d) => JSON.stringify(d.bids_meta) === '{"Manufacturer":"GE"}');
    expect(exact).toBe(1);
    expect(count((d) => bids(d).Manufacturer === 'GE')).toBeGreaterThan(exact);
    expect(total(await bold(`where=${enc('{"bids_meta":{"Manufacturer":"GE"}}')}`))).toBe(exact);
  });

  it('row 47: a filter on a non-schema top-level field applies, and the field is not returned', async () => {
    const body = (await bold(`where=${enc('{"upload_site":"handmade"}')}`)).json();
    expect(body._meta.total).toBe(count((d) => d.upload_site === 'handmade'));
    expect(body._meta.total).toBe(1);
    expect(body._items[0]).not.toHaveProperty('upload_site');
    expect(body._items[0].size_x).toBe(1);
  });

  it('row 48: sort=-size_x equals sort=[("size_x",-1)] and is descending', async () => {
    const a = (await bold('sort=-size_x&max_results=50')).json()._items;
    const b = (await bold(`sort=${enc('[("size_x",-1)]')}&max_results=50`)).json()._items;
    expect(a.map((it: { _id: string }) => it._id)).toEqual(b.map((it: { _id: string }) => it._id));
    const sizes = a.map((it: { size_x: number }) => it.size_x);
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
    expect(sizes[0]).toBe(Math.max(...docs().map((d) => num(d, 'size_x'))));
  });

  it('row 49: sort=-bids_meta.Manufacturer, size_x sorts by two keys (spaces trimmed)', async () => {
    const items = (
      await bold(`sort=${enc('-bids_meta.Manufacturer, size_x')}&max_results=50`)
    ).json()._items as Array<{ bids_meta: { Manufacturer?: string }; size_x: number }>;
    const vendors = [
      ...new Set(
        docs()
          .map((d) => bids(d).Manufacturer)
          .filter((m) => m !== undefined),
      ),
    ]
      .map(String)
      .sort()
      .reverse();
    expect(items[0]!.bids_meta.Manufacturer).toBe(vendors[0]);
    for (let i = 1; i < items.length; i++) {
      const [p, c] = [items[i - 1]!, items[i]!];
      const [pm, cm] = [p.bids_meta.Manufacturer ?? '', c.bids_meta.Manufacturer ?? ''];
      expect(pm >= cm).toBe(true);
      if (pm === cm) expect(p.size_x <= c.size_x).toBe(true);
    }
  });

  it('row 50: sorting on a field that does not exist is not an error', async () => {
    expect(total(await bold('sort=nonexistent'))).toBe(N());
  });

  it('row 51: sort=[("x",-1) and sort=2abc are the generic 400', async () => {
    for (const sort of ['[("x",-1)', '2abc']) {
      expectEnvelope(await bold(`sort=${enc(sort)}`), 400, GENERIC_400);
    }
  });

  it('row 52: sort=a, (trailing comma) is an HTML 500', async () => {
    expectHtml500(await bold(`sort=${enc('a,')}`));
  });

  it('row 53: max_results=3&max_results=7 uses the first, 3', async () => {
    const body = (await bold('max_results=3&max_results=7')).json();
    expect(body._meta.max_results).toBe(3);
    expect(body._items).toHaveLength(3);
  });

  it('row 54: collection headers: JSON type, X-Total-Count, Last-Modified = newest _updated, no caching headers', async () => {
    const res = await bold();
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-total-count']).toBe(String(N()));
    const newest = Math.max(
      ...docs()
        .slice(0, 25)
        .map((d) => d._updated.getTime()),
    );
    expect(res.headers['last-modified']).toBe(new Date(newest).toUTCString());
    for (const h of ['etag', 'cache-control', 'expires']) expect(res.headers[h], h).toBeUndefined();
  });

  it('row 55: an item has its fields, 24-hex _id, RFC-1123 dates, 40-hex _etag and three links', async () => {
    const id = db.bold.idAt(3);
    const stored = db.bold.docAt(3);
    const res = await get(`/api/v1/bold/${id}`);
    expect(res.status).toBe(200);
    const item = res.json();
    expect(item._id).toBe(id);
    expect(item._id).toMatch(/^[0-9a-f]{24}$/);
    expect(item._created).toMatch(RFC1123);
    expect(item._updated).toBe(stored._updated.toUTCString());
    expect(item._etag).toMatch(/^[0-9a-f]{40}$/);
    expect(item.snr).toBe(stored.snr);
    // JSON of the stored values: a Double is its number (its `.0` is wire.test.ts's subject).
    expect(item.bids_meta).toEqual(JSON.parse(JSON.stringify(stored.bids_meta)));
    expect(item._links).toEqual({
      self: { title: 'bold', href: `bold/${id}` },
      parent: { title: 'home', href: '/' },
      collection: { title: 'bold', href: 'bold' },
    });
  });

  it('row 56: an uppercase id, /bold/123 and an unknown id are 404 envelopes', async () => {
    const id = db.bold.idAt(3);
    const missing = `${'f'.repeat(23)}e`;
    for (const path of [
      `/api/v1/bold/${id.toUpperCase()}`,
      '/api/v1/bold/123',
      `/api/v1/bold/${missing}`,
    ]) {
      expectEnvelope(await get(path), 404, NOT_FOUND);
    }
  });

  it('row 57: item headers: quoted ETag and Last-Modified', async () => {
    const doc = db.bold.docAt(4);
    const res = await get(`/api/v1/bold/${doc._id.hex}`);
    expect(res.headers.etag).toBe(`"${doc._etag}"`);
    expect(res.headers['last-modified']).toBe(doc._updated.toUTCString());
  });

  it('row 58: If-None-Match "<etag>" or W/"<etag>" gives an empty 304 with the ETag', async () => {
    const doc = db.bold.docAt(5);
    for (const inm of [`"${doc._etag}"`, `W/"${doc._etag}"`]) {
      const res = await get(`/api/v1/bold/${doc._id.hex}`, { 'If-None-Match': inm });
      expect(res.status, inm).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(`"${doc._etag}"`);
    }
  });

  it('row 59: If-None-Match "other" gives 200', async () => {
    const res = await get(`/api/v1/bold/${db.bold.idAt(5)}`, { 'If-None-Match': '"other"' });
    expect(res.status).toBe(200);
    expect(res.json()._id).toBe(db.bold.idAt(5));
  });

  it('row 60: If-Modified-Since at or after _updated gives 304 (one second of grace)', async () => {
    const doc = db.bold.docAt(6);
    const path = `/api/v1/bold/${doc._id.hex}`;
    const at = (ms: number) => new Date(doc._updated.getTime() + ms).toUTCString();
    expect((await get(path, { 'If-Modified-Since': at(0) })).status).toBe(304);
    expect((await get(path, { 'If-Modified-Since': at(3_600_000) })).status).toBe(304);
    expect((await get(path, { 'If-Modified-Since': at(-1000) })).status).toBe(304);
    expect((await get(path, { 'If-Modified-Since': at(-2000) })).status).toBe(200);
  });

  it('row 61: IMS says not modified but If-None-Match mismatches: 200', async () => {
    const doc = db.bold.docAt(6);
    const res = await get(`/api/v1/bold/${doc._id.hex}`, {
      'If-Modified-Since': doc._updated.toUTCString(),
      'If-None-Match': '"other"',
    });
    expect(res.status).toBe(200);
  });

  it('row 62: a malformed If-Modified-Since is an HTML 500 on collections and items', async () => {
    expectHtml500(await bold('', { 'If-Modified-Since': 'garbage' }));
    expectHtml500(await get(`/api/v1/bold/${db.bold.idAt(1)}`, { 'If-Modified-Since': 'garbage' }));
  });

  it('row 63: collections ignore If-None-Match and a future If-Modified-Since', async () => {
    const future = new Date(Date.UTC(2100, 0, 1)).toUTCString();
    const variants: Array<Record<string, string>> = [
      { 'If-None-Match': '"anything"' },
      { 'If-Modified-Since': future },
    ];
    for (const headers of variants) {
      const res = await bold('', headers);
      expect(res.status).toBe(200);
      expect(res.json()._items).toHaveLength(25);
    }
  });

  it('row 64: HEAD without the token is 401 with an empty body and WWW-Authenticate', async () => {
    const res = await mirror.request('/api/v1/bold', { method: 'HEAD' });
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    expect(res.headers['www-authenticate']).toBe('Basic realm="eve"');
  });

  it('row 65: HEAD with the token has the GET headers and no body', async () => {
    const getRes = await bold();
    const head = await mirror.request('/api/v1/bold', {
      method: 'HEAD',
      headers: { Authorization: TEST_TOKEN },
    });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const h of ['content-type', 'x-total-count', 'last-modified', 'content-length']) {
      expect(head.headers[h], h).toBe(getRes.headers[h]);
    }
  });

  it('row 66: POST without the token is 401 with the credentials message and WWW-Authenticate', async () => {
    const res = await mirror.request('/api/v1/rating', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rating: 'good', md5sum: 'c'.repeat(32) }),
    });
    expectEnvelope(res, 401, 'Please provide proper credentials');
    expect(res.headers['www-authenticate']).toBe('Basic realm="eve"');
  });

  it('row 67: the raw, Bearer, Token and Basic (username = token) forms are accepted', async () => {
    const basic = `Basic ${Buffer.from(`${TEST_TOKEN}:anything`).toString('base64')}`;
    for (const auth of [TEST_TOKEN, `Bearer ${TEST_TOKEN}`, `Token ${TEST_TOKEN}`, basic]) {
      const res = await postJson(
        '/api/v1/rating',
        { rating: 'good', md5sum: 'd'.repeat(32) },
        { Authorization: auth },
      );
      expect(res.status, auth).toBe(201);
    }
    const wrong = await postJson(
      '/api/v1/rating',
      { rating: 'good', md5sum: 'd'.repeat(32) },
      { Authorization: 'Bearer nope' },
    );
    expect(wrong.status).toBe(401);
  });

  it('row 68: a valid POST is 201 with meta fields only, "_status": "OK" and an absolute Location', async () => {
    const before = db.T1w.size;
    const lastId = db.T1w.idAt(before - 1);
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    const res = await postJson('/api/v1/T1w', fixture(T1W_PAYLOAD));
    expect(res.status).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual([
      '_created',
      '_etag',
      '_id',
      '_links',
      '_status',
      '_updated',
    ]);
    expect(body._status).toBe('OK');
    expect(body._id > lastId).toBe(true);
    expect(body._etag).toMatch(/^[0-9a-f]{40}$/);
    expect(body._created).toBe(body._updated);
    const created = Date.parse(body._created);
    expect(created).toBeGreaterThanOrEqual(t0);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(body._links).toEqual({ self: { title: 'T1w', href: `T1w/${body._id}` } });
    expect(res.headers.location).toBe(`${mirror.origin}/api/v1/T1w/${body._id}`);
    expect(db.T1w.size).toBe(before + 1);
    const served = await get(`/api/v1/T1w/${body._id}`);
    expect(served.status).toBe(200);
    expect(served.json().cjv).toBe(fixture(T1W_PAYLOAD).cjv);
  });

  it('row 69: missing, unknown and mistyped fields give 422 with Eve _issues messages', async () => {
    const error = { code: 422, message: 'Insertion failure: 1 document(s) contain(s) error(s)' };
    const flat = await postJson(
      '/api/v1/T1w',
      fixture('invalid/T1w-flat-missing-bids_meta-provenance_sub-10159.json'),
    );
    expect(flat.status).toBe(422);
    const body = flat.json();
    expect(body._status).toBe('ERR');
    expect(body._error).toEqual(error);
    expect(body._issues.bids_meta).toBe('required field');
    expect(body._issues.provenance).toBe('required field');
    expect(body._issues.InversionTime).toBe('unknown field');
    const typed = await postJson('/api/v1/T1w', { ...fixture(T1W_PAYLOAD), cjv: 'abc' });
    expect(typed.status).toBe(422);
    expect(typed.json()).toEqual({
      _status: 'ERR',
      _issues: { cjv: 'must be of float type' },
      _error: error,
    });
    const payload = fixture(T1W_PAYLOAD);
    const nested = { ...payload, bids_meta: { subject_id: 'x' } };
    expect((await postJson('/api/v1/T1w', nested)).json()._issues).toEqual({
      bids_meta: { modality: 'required field' },
    });
  });

  it('row 70: a bulk POST with one bad document is 422 with per-item statuses and stores nothing', async () => {
    const before = db.rating.size;
    const res = await postJson('/api/v1/rating', [
      { rating: 'good', md5sum: 'e'.repeat(32) },
      { rating: 'good' },
    ]);
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      _status: 'ERR',
      _error: { code: 422, message: 'Insertion failure: 1 document(s) contain(s) error(s)' },
      _items: [{ _status: 'OK' }, { _status: 'ERR', _issues: { md5sum: 'required field' } }],
    });
    expect(db.rating.size).toBe(before);
  });

  it('row 71: POST without Content-Type is 400 "Unknown or no Content-Type header supplied"', async () => {
    const res = await mirror.request('/api/v1/rating', {
      method: 'POST',
      headers: { Authorization: TEST_TOKEN },
      body: JSON.stringify({ rating: 'good', md5sum: 'f'.repeat(32) }),
    });
    expectEnvelope(res, 400, 'Unknown or no Content-Type header supplied');
  });

  it('row 72: POST with malformed JSON or [] is the generic 400', async () => {
    expectEnvelope(await postJson('/api/v1/rating', '{"rating": '), 400, GENERIC_400);
    expectEnvelope(await postJson('/api/v1/rating', []), 400, GENERIC_400);
  });

  it('row 73: DELETE, PUT, PATCH on an item and POST on rating_counts are 405 without Allow', async () => {
    const item = `/api/v1/bold/${db.bold.idAt(0)}`;
    const cases: Array<[string, string]> = [
      ['DELETE', '/api/v1/bold'],
      ['PUT', '/api/v1/bold'],
      ['PATCH', item],
      ['POST', item],
      ['POST', '/api/v1/rating_counts'],
    ];
    for (const [method, path] of cases) {
      const res = await mirror.request(path, { method, headers: { Authorization: TEST_TOKEN } });
      expectEnvelope(res, 405, NOT_ALLOWED);
      expect(res.headers.allow).toBeUndefined();
    }
  });

  it('row 74: an unknown path is a 404 envelope', async () => {
    for (const path of [
      '/api/v1/nothere',
      '/x',
      '/api/v2/bold',
      `/api/v1/rating_counts/${db.bold.idAt(0)}`,
    ]) {
      expectEnvelope(await get(path), 404, NOT_FOUND);
    }
  });

  it('row 75: with an Origin, GETs carry the exact CORS set, Allow-Methods per route', async () => {
    const collection = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
    const readOnly = new Set(['GET', 'HEAD', 'OPTIONS']);
    const cases: Array<[string, Set<string>]> = [
      ['/api/v1/bold', collection],
      ['/api/v1/T1w/', collection],
      [`/api/v1/bold/${db.bold.idAt(0)}`, readOnly],
      ['/api/v1', readOnly],
      ['/api/v1/rating_counts', readOnly],
    ];
    for (const [path, methods] of cases) {
      const res = await get(path, { Origin: ORIGIN });
      expect(res.status, path).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers.vary).toBe('Origin');
      expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
      expect(res.headers['access-control-expose-headers']).toBe('');
      expect(new Set(res.headers['access-control-allow-methods']?.split(', '))).toEqual(methods);
      expect(res.headers['access-control-max-age']).toBe('21600');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect(
      (await get('/api/v1/bold', { Origin: 'null' })).headers['access-control-allow-origin'],
    ).toBe('null');
  });

  it('row 76: without an Origin there are no CORS headers and no Vary', async () => {
    const res = await bold();
    expect(res.rawHeaderNames.filter((h) => /^access-control-|^vary$/i.test(h))).toEqual([]);
  });

  it('row 77: OPTIONS on a collection is an empty 200 text/html with Allow and CORS, no auth', async () => {
    const res = await mirror.request('/api/v1/bold?where=x', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(new Set(res.headers.allow?.split(', '))).toEqual(
      new Set(['GET', 'HEAD', 'POST', 'OPTIONS']),
    );
    expect(new Set(res.headers['access-control-allow-methods']?.split(', '))).toEqual(
      new Set(['GET', 'HEAD', 'POST', 'OPTIONS']),
    );
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-max-age']).toBe('21600');
    const noOrigin = await mirror.request('/api/v1/bold', { method: 'OPTIONS' });
    expect(noOrigin.headers.allow).toBeDefined();
    expect(noOrigin.rawHeaderNames.filter((h) => /^access-control-/i.test(h))).toEqual([]);
  });

  it('row 78: OPTIONS on an unknown path or a bad item id is an empty 200 without Allow', async () => {
    for (const path of ['/api/v1/nothere', '/api/v1/bold/123', '/x']) {
      const res = await mirror.request(path, { method: 'OPTIONS', headers: { Origin: ORIGIN } });
      expect(res.status, path).toBe(200);
      expect(res.body).toBe('');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers.allow).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBe('');
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    }
  });

  it('row 79: 400, 401, 404 and 405 responses carry CORS headers when an Origin is sent', async () => {
    const o = { Origin: ORIGIN };
    const responses = [
      await bold(`where=${enc('{bad')}`, o),
      await mirror.request('/api/v1/bold', { method: 'HEAD', headers: o }),
      await get('/api/v1/nothere', o),
      await mirror.request('/api/v1/bold', { method: 'DELETE', headers: o }),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 401, 404, 405]);
    for (const res of responses) {
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers.vary).toBe('Origin');
    }
  });

  it('row 80: a 500 with an Origin has no CORS headers and an HTML body', async () => {
    expectHtml500(await bold(`where=${enc('5')}`, { Origin: ORIGIN }));
    expectHtml500(await bold('', { Origin: ORIGIN, 'If-Modified-Since': 'garbage' }));
  });

  it('row 81: Accept: application/xml still returns JSON (deviation: the mirror skips XML)', async () => {
    const res = await bold('', { Accept: 'application/xml' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()._meta.total).toBe(N());
  });

  it('row 82: rating_counts with aggregate groups the ratings of that md5sum', async () => {
    const res = await get(
      `/api/v1/rating_counts?aggregate=${enc(JSON.stringify({ $value: RATED_MD5 }))}`,
    );
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['_items', '_meta', '_links']);
    const expected = new Map<string, number>();
    for (const d of docs('rating').filter((r) => r.md5sum === RATED_MD5)) {
      expected.set(d.rating as string, (expected.get(d.rating as string) ?? 0) + 1);
    }
    const got = new Map(
      body._items.map((it: { _id: string; count: number }) => [it._id, it.count]),
    );
    expect(got).toEqual(expected);
    expect(body._meta).toEqual({ page: 1, max_results: 25, total: expected.size });
    expect(body._links.self.title).toBe('rating_counts');
    expect(res.headers['x-total-count']).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
  });

  it('row 83: rating_counts?aggregate={bad is 400 "Aggregation query could not be parsed."', async () => {
    const res = await get(`/api/v1/rating_counts?aggregate=${enc('{bad')}`);
    expectEnvelope(res, 400, 'Aggregation query could not be parsed.');
  });

  it('row 84: rating_counts without aggregate is 200 with no items and total 0', async () => {
    const body = (await get('/api/v1/rating_counts')).json();
    expect(body._items).toEqual([]);
    expect(body._meta.total).toBe(0);
  });

  it('row 85: without sort, pages come in natural (ascending _id) order, stable across requests', async () => {
    const first = (await bold('max_results=50&page=2'))
      .json()
      ._items.map((it: { _id: string }) => it._id);
    const again = (await bold('max_results=50&page=2'))
      .json()
      ._items.map((it: { _id: string }) => it._id);
    expect(first).toEqual(Array.from({ length: 50 }, (_, i) => db.bold.idAt(50 + i)));
    expect(again).toEqual(first);
  });
});

describe('beyond section 10: $type and $mod, which Eve passes to MongoDB (2.2.2)', () => {
  /** The BSON type pymongo gives an uploaded JSON number: ints and doubles stay apart. */
  const isDouble = (v: unknown) =>
    v instanceof Double || (typeof v === 'number' && !Number.isInteger(v));
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  const where = (filter: string) => bold(`where=${enc(filter)}`);

  it('$type "double" and "int" tell 100.0 from 100 (size_x is a float field; one upload sent an int)', async () => {
    const doubles = count((d) => isDouble(d.size_x));
    const ints = count((d) => isInt(d.size_x));
    expect(doubles).toBeGreaterThan(0);
    expect(ints).toBeGreaterThan(0);
    expect(total(await where('{"size_x":{"$type":"double"}}'))).toBe(doubles);
    expect(total(await where('{"size_x":{"$type":1}}'))).toBe(doubles);
    expect(total(await where('{"size_x":{"$type":"int"}}'))).toBe(ints);
    expect(total(await where('{"size_x":{"$type":"number"}}'))).toBe(doubles + ints);
  });

  it('$type on a dotted path: bids_meta.MagneticFieldStrength (3.0 since 2019, the int 3 before)', async () => {
    const field = (d: StoredDoc) => bids(d).MagneticFieldStrength;
    const ints = count((d) => isInt(field(d)));
    const doubles = count((d) => isDouble(field(d)));
    expect(doubles).toBeGreaterThan(0);
    const filter = (type: string) => `{"bids_meta.MagneticFieldStrength":{"$type":"${type}"}}`;
    expect(total(await where(filter('int')))).toBe(ints);
    expect(total(await where(filter('double')))).toBe(doubles);
  });

  it('$type with a list, with strings, and under $not (a missing field has no type)', async () => {
    const strings = count((d) => typeof bids(d).run_id === 'string');
    expect(total(await where('{"bids_meta.run_id":{"$type":["string","bool"]}}'))).toBe(strings);
    expect(total(await where('{"bids_meta.run_id":{"$not":{"$type":"string"}}}'))).toBe(
      N() - strings,
    );
  });

  it('$mod [divisor, remainder] on the truncated number', async () => {
    const expected = count((d) => Math.trunc(num(d, 'size_z')) % 4 === 0);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(N());
    expect(total(await where('{"size_z":{"$mod":[4,0]}}'))).toBe(expected);
    expect(total(await where('{"size_z":{"$mod":[4.9,0.2]}}'))).toBe(expected);
  });

  it('arguments MongoDB refuses are an HTML 500, as for row 38', async () => {
    for (const filter of [
      '{"size_x":{"$type":"float"}}',
      '{"size_x":{"$type":[]}}',
      '{"size_x":{"$type":42}}',
      '{"size_x":{"$mod":[0,0]}}',
      '{"size_x":{"$mod":[4]}}',
      '{"size_x":{"$mod":"4,0"}}',
    ]) {
      expectHtml500(await where(filter));
    }
  });
});
