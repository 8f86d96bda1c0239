import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iqms from '../../src/data/iqms.json' with { type: 'json' };
import { defaultMirrorOptions } from '../cli-options.ts';
import { ObjectId } from '../data/object-id.ts';
import { SCHEMAS, schemaFields } from '../data/schema.ts';
import { generateDatabase } from '../data/synthetic/dataset.ts';
import type { Database } from '../data/types.ts';
import { startTestMirror, TEST_TOKEN, type TestMirror } from '../testing/http-test-client.ts';
import { isAuthorized, needsToken, readToken } from './auth.ts';
import { corsHeaders } from './cors.ts';
import { matchRoute, routeMethods, splitTarget } from './routes.ts';
import { loadDatabase, startMirror } from './server.ts';
import { postedDocuments, validateDocument } from './validate.ts';
import { documentEtag, formatHttpDate, toWire } from './wire.ts';

const fixtureDir = new URL('../fixtures/payloads/', import.meta.url);
function fixtures(dir: string): Array<[string, Record<string, unknown>]> {
  const folder = new URL(`${dir}/`, fixtureDir);
  return readdirSync(folder).map((name) => [
    name,
    JSON.parse(readFileSync(new URL(name, folder), 'utf8')),
  ]);
}

describe('wire', () => {
  it('formats dates as RFC-1123 GMT', () => {
    expect(formatHttpDate(new Date(Date.UTC(2017, 8, 30, 14, 43, 11)))).toBe(
      'Sat, 30 Sep 2017 14:43:11 GMT',
    );
    expect(formatHttpDate(new Date(0))).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('turns ObjectIds and Dates into their wire text at any depth, copying only what changes', () => {
    const plain = { a: 1, b: { c: [1, 'x'] } };
    expect(toWire(plain)).toBe(plain);
    const id = ObjectId.fromTime(1506782591, 7);
    expect(toWire({ x: { id, when: [new Date(0)] } })).toEqual({
      x: { id: id.hex, when: ['Thu, 01 Jan 1970 00:00:00 GMT'] },
    });
  });

  it('computes a stable 40-hex etag independent of key order', () => {
    const a = documentEtag({ x: 1, y: { b: 2, a: 1 } });
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(documentEtag({ y: { a: 1, b: 2 }, x: 1 })).toBe(a);
    expect(documentEtag({ x: 2, y: { a: 1, b: 2 } })).not.toBe(a);
  });
});

describe('auth', () => {
  it.each([
    ['tok', 'tok'],
    ['  tok  ', 'tok'],
    ['Bearer tok', 'tok'],
    ['bearer tok', 'tok'],
    ['Token tok', 'tok'],
    [`Basic ${Buffer.from('tok:pw').toString('base64')}`, 'tok'],
    [`Basic ${Buffer.from('tok:').toString('base64')}`, 'tok'],
    // Not Basic-decodable: Eve falls back to the raw header, which never equals a token.
    [
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
    ],
    // Eve splits on one space: a double space yields the empty second part.
    ['Bearer  tok', ''],
  ])('reads %j as %j', (header, token) => {
    expect(readToken(header)).toBe(token);
  });

  it('has no token without a header, and crashes like Eve on a bare "Bearer"', () => {
    expect(readToken(undefined)).toBeNull();
    expect(readToken('   ')).toBeNull();
    expect(() => readToken('Bearer')).toThrow(/IndexError/);
  });

  it('authorizes only the exact token, and only HEAD/POST/… need one', () => {
    expect(isAuthorized('Bearer tok', 'tok')).toBe(true);
    expect(isAuthorized('Bearer tok2', 'tok')).toBe(false);
    expect(isAuthorized(undefined, 'tok')).toBe(false);
    expect(needsToken('GET')).toBe(false);
    expect(needsToken('OPTIONS')).toBe(false);
    expect(needsToken('HEAD')).toBe(true);
    expect(needsToken('POST')).toBe(true);
  });
});

describe('cors', () => {
  it('sends the Eve header set in order, echoing the origin', () => {
    expect(corsHeaders('http://a', ['GET', 'HEAD', 'OPTIONS'])).toEqual([
      ['Access-Control-Allow-Origin', 'http://a'],
      ['Vary', 'Origin'],
      ['Access-Control-Allow-Headers', 'Authorization, Content-Type'],
      ['Access-Control-Expose-Headers', ''],
      ['Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS'],
      ['Access-Control-Max-Age', '21600'],
    ]);
  });

  it('sends nothing without an origin (or with an empty one)', () => {
    expect(corsHeaders(undefined, ['GET'])).toEqual([]);
    expect(corsHeaders('', ['GET'])).toEqual([]);
  });
});

describe('routes', () => {
  it.each([
    ['/api/v1', { type: 'home' }],
    ['/api/v1/', { type: 'home' }],
    ['/api/v1/bold', { type: 'collection', resource: 'bold' }],
    ['/api/v1/T2w/', { type: 'collection', resource: 'T2w' }],
    ['/api/v1/rating_counts', { type: 'aggregate', resource: 'rating_counts' }],
    [
      '/api/v1/rating/59cfad7f0000000000000007',
      { type: 'item', resource: 'rating', id: '59cfad7f0000000000000007' },
    ],
    [
      '/api/v1/rating/59cfad7f0000000000000007/',
      { type: 'item', resource: 'rating', id: '59cfad7f0000000000000007' },
    ],
    ['/api/v1/BOLD', null],
    ['/api/v1/t1w', null],
    ['/api/v1/bold/59CFAD7F0000000000000007', null],
    ['/api/v1/bold/59cfad7f00000000000000071', null],
    ['/api/v1/rating_counts/59cfad7f0000000000000007', null],
    ['/api/v1//bold', null],
    ['/api', null],
  ])('matches %s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('lists methods per route', () => {
    expect(routeMethods(matchRoute('/api/v1/bold'))).toEqual(['GET', 'HEAD', 'POST', 'OPTIONS']);
    expect(routeMethods(matchRoute('/api/v1'))).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(routeMethods(null)).toEqual([]);
  });

  it('splits and decodes the target like WSGI', () => {
    expect(splitTarget('/api/v1/%62old?where=a%20b')).toEqual({
      path: '/api/v1/bold',
      rawQuery: 'where=a%20b',
    });
    expect(splitTarget('/api/v1/bo%ZZ').path).toBe('/api/v1/bo%ZZ');
  });
});

describe('schema', () => {
  it('derives the IQM fields from src/data/iqms.json and adds the dict fields', () => {
    expect(schemaFields('T1w')).toEqual([
      ...Object.keys(iqms.structural.iqms),
      'bids_meta',
      'provenance',
    ]);
    expect(schemaFields('bold')).toEqual([
      ...Object.keys(iqms.bold.iqms),
      'bids_meta',
      'provenance',
      'rating',
    ]);
    expect(schemaFields('T2w')).toEqual(schemaFields('T1w'));
    expect(schemaFields('rating')).toEqual(['rating', 'name', 'comment', 'md5sum']);
    expect(SCHEMAS.T1w.size_x).toEqual({ type: 'integer', required: true });
    expect(SCHEMAS.T1w.summary_bg_median).toEqual({ type: 'float' });
    expect(SCHEMAS.bold.bids_meta?.schema?.TaskName).toEqual({ type: 'string', required: true });
    expect(SCHEMAS.T1w.bids_meta?.schema?.TaskName).toBeUndefined();
  });
});

describe('validateDocument', () => {
  it('accepts every valid payload fixture', () => {
    for (const [name, doc] of fixtures('t1w'))
      expect(validateDocument(doc, SCHEMAS.T1w), name).toBeNull();
    for (const [name, doc] of fixtures('bold'))
      expect(validateDocument(doc, SCHEMAS.bold), name).toBeNull();
    for (const [name, doc] of fixtures('ratings'))
      expect(validateDocument(doc, SCHEMAS.rating), name).toBeNull();
  });

  it('refuses the invalid fixtures with required and unknown fields', () => {
    const flatBold = fixtures('invalid').find(([n]) => n.startsWith('bold'))![1];
    const issues = validateDocument(flatBold, SCHEMAS.bold);
    expect(issues?.bids_meta).toBe('required field');
    expect(issues?.provenance).toBe('required field');
    expect(issues?.modality).toBe('unknown field');
  });

  it('gives Cerberus messages for types, nulls and nested dicts', () => {
    const rating = SCHEMAS.rating;
    expect(validateDocument({ rating: true, md5sum: null }, rating)).toEqual({
      rating: 'must be of string type',
      md5sum: 'null value not allowed',
    });
    const t1w = fixtures('t1w')[0]![1];
    expect(validateDocument({ ...t1w, cjv: true, size_x: 2.5 }, SCHEMAS.T1w)).toEqual({
      cjv: 'must be of float type',
      size_x: 'must be of integer type',
    });
    const provenance = { ...(t1w.provenance as object), settings: { hmc_fsl: 'yes' }, extra: 1 };
    expect(validateDocument({ ...t1w, provenance }, SCHEMAS.T1w)).toEqual({
      provenance: { settings: { hmc_fsl: 'must be of boolean type' }, extra: 'unknown field' },
    });
    // bids_meta allows unknown keys, provenance does not.
    const bids = { ...(t1w.bids_meta as object), AnyBidsKey: 1 };
    expect(validateDocument({ ...t1w, bids_meta: bids }, SCHEMAS.T1w)).toBeNull();
  });

  it('reads payloads as Eve post_internal does', () => {
    expect(postedDocuments({ a: 1 })).toEqual({ type: 'documents', items: [{ a: 1 }] });
    expect(postedDocuments([])).toEqual({ type: 'empty' });
    expect(postedDocuments(null)).toEqual({ type: 'empty' });
    expect(postedDocuments(0)).toEqual({ type: 'empty' });
    expect(postedDocuments(3)).toEqual({ type: 'not-iterable' });
    expect(postedDocuments('ab')).toEqual({ type: 'documents', items: ['a', 'b'] });
  });
});

describe('server behaviour beyond the checklist', () => {
  let db: Database;
  let mirror: TestMirror;

  beforeAll(async () => {
    db = generateDatabase({ records: { T1w: 30, T2w: 3, bold: 30 }, seed: 21 });
    mirror = await startTestMirror(db);
  });

  afterAll(() => mirror.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    mirror.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: TEST_TOKEN, ...headers },
      body,
    });

  it('stores a valid bulk POST with ascending new ids and returns _items', async () => {
    const last = db.rating.size > 0 ? db.rating.idAt(db.rating.size - 1) : '';
    const docs = [
      { rating: 'good', md5sum: '1'.repeat(32) },
      { rating: 'bad', md5sum: '1'.repeat(32), comment: 'motion' },
    ];
    const res = await post('/api/v1/rating', JSON.stringify(docs));
    expect(res.status).toBe(201);
    const body = res.json();
    expect(body._status).toBe('OK');
    expect(body._items).toHaveLength(2);
    const [a, b] = body._items.map((it: { _id: string }) => it._id);
    expect(a > last && b > a).toBe(true);
    expect(body._items[0]._links.self).toEqual({ title: 'Rating', href: `rating/${a}` });
    expect(res.headers.location).toBeUndefined();
    const counts = await mirror.request(
      `/api/v1/rating_counts?aggregate={"$value":"${'1'.repeat(32)}"}`,
    );
    expect(counts.json()._items).toHaveLength(2);
  });

  it('gives a POSTed T1w an id above the generated ones, even those in the future', async () => {
    const last = db.T1w.idAt(db.T1w.size - 1);
    const payload = fixtures('t1w')[0]![1];
    const res = await post('/api/v1/T1w', JSON.stringify(payload), { Host: 'mirror.test:8080' });
    expect(res.status).toBe(201);
    expect(res.json()._id > last).toBe(true);
    expect(res.headers.location).toBe(`http://mirror.test:8080/api/v1/T1w/${res.json()._id}`);
    expect(db.T1w.idAt(db.T1w.size - 1)).toBe(res.json()._id);
  });

  it('accepts form-urlencoded POSTs, whose string values then fail validation', async () => {
    const res = await post('/api/v1/nipype_telemetry', 'version=1&mem_peak_gb=2', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(422);
    expect(res.json()._issues).toEqual({
      mem_peak_gb: 'must be of float type',
      interface_class_name: 'required field',
      duration_sec: 'required field',
      inputs: 'required field',
    });
  });

  it('honours X-HTTP-Method-Override', async () => {
    const body = JSON.stringify({ rating: 'good', md5sum: '2'.repeat(32) });
    const res = await mirror.request('/api/v1/rating', {
      method: 'GET',
      headers: {
        'X-HTTP-Method-Override': 'POST',
        'Content-Type': 'application/json',
        // Node's client does not frame a GET body by itself.
        'Content-Length': String(Buffer.byteLength(body)),
        Authorization: TEST_TOKEN,
      },
      body,
    });
    expect(res.status).toBe(201);
  });

  it('indents by 4 spaces with ?pretty and echoes pretty into links', async () => {
    const res = await mirror.request('/api/v1/T1w?pretty&max_results=2');
    expect(res.body.startsWith('{\n    "_items": [')).toBe(true);
    expect(res.json()._links.next.href).toBe('T1w?max_results=2&page=2&pretty=');
  });

  it('serves an item with its query carried into the collection link', async () => {
    const id = db.T1w.idAt(2);
    const res = await mirror.request(`/api/v1/T1w/${id}?max_results=10&projection={"cjv":1}`);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual([
      '_created',
      '_etag',
      '_id',
      '_links',
      '_updated',
      'cjv',
    ]);
    expect(body._links.collection).toEqual({ title: 'T1w', href: 'T1w?max_results=10' });
  });
});

describe('startMirror and loadDatabase', () => {
  it('listens on port 0 and reports its URL', async () => {
    const options = { ...defaultMirrorOptions({}), port: 0, records: { T1w: 5, T2w: 0, bold: 0 } };
    const running = await startMirror(options);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const res = await fetch(`${running.url}/T1w`);
    expect((await res.json())._meta.total).toBe(5);
    await running.close();
  });

  it('serves a --data file alone, or beside generated records with --records', () => {
    const dataFile = new URL('../fixtures/bold-page-50.json', import.meta.url).pathname;
    const base = { ...defaultMirrorOptions({}), dataFile, records: { T1w: 4, T2w: 0, bold: 6 } };
    const alone = loadDatabase(base);
    expect(alone.bold.size).toBe(50);
    expect(alone.T1w.size).toBe(0);
    const both = loadDatabase({ ...base, recordsGiven: true });
    expect(both.bold.size).toBe(56);
    expect(both.T1w.size).toBe(4);
  });
});

describe('the unprojected fast path', () => {
  it('serves exactly what toOutputFields would, in the same key order', async () => {
    const { toOutputFields } = await import('../query/projection.ts');
    const { servedFields } = await import('../data/schema.ts');
    const { toWireDocument } = await import('./wire.ts');
    const db = generateDatabase({ records: { T1w: 20, T2w: 0, bold: 20 }, seed: 8 });
    for (const name of ['T1w', 'bold'] as const) {
      for (let i = 0; i < db[name].size; i++) {
        const doc = { ...db[name].docAt(i), not_in_schema: 1 };
        const links = { self: { title: name, href: 'x' } };
        const slow = toWireDocument(toOutputFields(doc, schemaFields(name), null), links);
        const fast = toWireDocument(doc, links, servedFields(name));
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
      }
    }
  });
});
