import { beforeEach, describe, expect, it } from 'vitest';
import { ObjectId } from '../data/object-id.ts';
import type { StoredDoc } from '../data/types.ts';
import { TestCollection, testDoc } from '../testing/test-collection.ts';
import { EveServerError } from './errors.ts';
import { clearFindCache, type FindQuery, find } from './find.ts';
import { compileFilter } from './match.ts';
import { compareDocs, parseSort } from './sort.ts';
import { type Filter, parseWhere } from './where.ts';

const MAKERS = ['Siemens', 'GE', 'Philips', ''];
const VERSIONS = ['0.9.0', '22.0.6', '23.1.0'];

function makeDoc(i: number): StoredDoc {
  const fields: Record<string, unknown> = {
    size_x: 32 + ((i * 37) % 64),
    snr: ((i * 7919) % 1000) / 10,
    bids_meta: { Manufacturer: MAKERS[i % 4], RepetitionTime: [1, 2, 2.5][i % 3] },
    provenance: { software: i % 10 === 0 ? 'other' : 'mriqc', version: VERSIONS[i % 3] },
  };
  if (i % 7 === 0) delete fields.snr;
  if (i % 11 === 0) fields.tags = [i % 3, 'x'];
  return testDoc(i, fields);
}

const makeCollection = (n: number) =>
  new TestCollection(
    'bold',
    Array.from({ length: n }, (_, i) => makeDoc(i)),
  );
const ids = (docs: StoredDoc[]) => docs.map((d) => d._id.hex);

/** The obvious implementation: test every document, stable sort, slice. */
function naive(coll: TestCollection, q: FindQuery): { total: number; docs: StoredDoc[] } {
  const test = q.filter ? compileFilter(q.filter) : () => true;
  const all = Array.from({ length: coll.size }, (_, i) => coll.docAt(i)).filter(test);
  if (q.sort) all.sort(compareDocs(q.sort));
  // compareDocs cannot see positions: $natural descending is the reverse of natural order.
  if (q.sort?.[0]?.[0] === '$natural' && q.sort[0][1] === -1) all.reverse();
  return { total: all.length, docs: all.slice(q.skip, q.skip + q.limit) };
}

beforeEach(() => clearFindCache());

describe('find: pages, totals and order (checklist 1, 14–17, 40, 41, 48, 50, 85)', () => {
  const coll = makeCollection(129);
  const query = (where: string, sort = '', skip = 0, limit = 25): FindQuery => ({
    filter: parseWhere(where),
    sort: parseSort(sort),
    skip,
    limit,
  });

  it('row 1 / 85: no params → 25 documents in natural (_id) order, total of all', () => {
    const got = find(coll, query(''));
    expect(got.total).toBe(129);
    expect(ids(got.docs)).toEqual(Array.from({ length: 25 }, (_, i) => coll.idAt(i)));
    expect(ids(find(coll, query('')).docs)).toEqual(ids(got.docs)); // stable for a static dataset
  });

  it('row 14 / 15: the last page is short; beyond it is empty with the true total', () => {
    expect(find(coll, query('', '', 125)).docs).toHaveLength(4);
    expect(find(coll, query('', '', 98 * 25))).toEqual({ total: 129, docs: [] });
  });

  it('row 16 / 17: a filter matching nothing', () => {
    expect(find(coll, query('size_x>1000'))).toEqual({ total: 0, docs: [] });
    expect(find(coll, query('size_x>1000', '', 20, 10))).toEqual({ total: 0, docs: [] });
  });

  it('row 40 / 41: keyset on _id; the total counts only the remaining documents', () => {
    const last = coll.idAt(3);
    for (const where of [`{"_id":{"$gt":"${last}"}}`, `_id>"${last}"`]) {
      const got = find(coll, query(where, '_id', 0, 50));
      expect(got.total).toBe(125);
      expect(ids(got.docs)).toEqual(Array.from({ length: 50 }, (_, i) => coll.idAt(4 + i)));
    }
  });

  it('row 39: _id equality by 24-hex text, either case', () => {
    const id = coll.idAt(42);
    expect(ids(find(coll, query(`{"_id":"${id.toUpperCase()}"}`)).docs)).toEqual([id]);
    const missing = new ObjectId(`${id.slice(0, 23)}f`).hex; // between two stored ids
    expect(find(coll, query(`{"_id":"${missing}"}`)).total).toBe(0);
  });

  it('row 48: sort=-size_x ≡ sort=[("size_x",-1)], ties in _id order', () => {
    const a = find(coll, query('', '-size_x', 0, 129));
    const b = find(coll, query('', '[("size_x", -1)]', 0, 129));
    expect(ids(a.docs)).toEqual(ids(b.docs));
    const sizes = a.docs.map((d) => d.size_x as number);
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
    expect(ids(a.docs)).toEqual(ids(naive(coll, query('', '-size_x', 0, 129)).docs));
  });

  it('row 50: sorting on a field nobody has keeps natural order', () => {
    expect(ids(find(coll, query('', 'nonexistent', 0, 129)).docs)).toEqual(
      ids(find(coll, query('', '', 0, 129)).docs),
    );
  });

  it('sort=-_id and [("$natural",-1)] walk backwards', () => {
    const backwards = Array.from({ length: 25 }, (_, i) => coll.idAt(128 - i));
    expect(ids(find(coll, query('', '-_id')).docs)).toEqual(backwards);
    expect(ids(find(coll, query('', '[("$natural",-1)]')).docs)).toEqual(backwards);
  });

  it('filters MongoDB rejects are 500s even next to an _id range', () => {
    const filter = { _id: { $gt: new ObjectId(coll.idAt(1)) }, $and: {} } as Filter;
    expect(() => find(coll, { filter, sort: null, skip: 0, limit: 5 })).toThrow(EveServerError);
  });
});

describe('find agrees with the obvious implementation (seeded random queries)', () => {
  const coll = makeCollection(600);
  const filters = [
    '',
    '{}',
    '{"provenance.software":"mriqc"}',
    '{"$and":[{"provenance.software":"mriqc"},{"provenance.version":{"$in":["22.0.6","23.1.0"]}}]}',
    'size_x>64 and bids_meta.Manufacturer=="GE"',
    '{"snr":{"$exists":false}}',
    '{"snr":null}',
    '{"tags":1}',
    '{"$or":[{"size_x":{"$lt":40}},{"bids_meta.RepetitionTime":2.5}]}',
    '{"bids_meta.Manufacturer":{"$nin":["GE",""]}}',
  ];
  const sorts = [
    '',
    '_id',
    '-_id',
    '-size_x',
    'snr',
    '-bids_meta.Manufacturer, size_x',
    '[("tags",-1)]',
    '-_created,-_id',
  ];
  let state = 7;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };

  function idWindow(): Filter | null {
    const lo = coll.idAt(random(600));
    const hi = coll.idAt(random(600));
    switch (random(5)) {
      case 0:
        return { _id: { $gt: new ObjectId(lo) } };
      case 1:
        return { _id: { $gte: new ObjectId(lo), $lte: new ObjectId(hi) } };
      case 2:
        return { _id: { $lt: new ObjectId(hi) } };
      case 3:
        return { _id: new ObjectId(lo) };
      default:
        return null;
    }
  }

  function randomQuery(): FindQuery {
    const base = parseWhere(filters[random(filters.length)] as string);
    const window = idWindow();
    let filter = base;
    if (window) filter = base && Object.keys(base).length ? { $and: [base, window] } : window;
    return {
      filter,
      sort: parseSort(sorts[random(sorts.length)] as string),
      skip: random(3) * random(200),
      limit: 1 + random(60),
    };
  }

  it('2,000 random queries, twice each (cold and cached)', () => {
    for (let i = 0; i < 2000; i++) {
      const q = randomQuery();
      const expected = naive(coll, q);
      for (let round = 0; round < 2; round++) {
        const got = find(coll, q);
        const label = `${JSON.stringify(q)} round ${round}`;
        expect(got.total, label).toBe(expected.total);
        expect(ids(got.docs), label).toEqual(ids(expected.docs));
      }
    }
  });
});

describe('find: cost model and caching', () => {
  it('no filter, natural order: builds exactly the page’s documents', () => {
    const coll = makeCollection(5000);
    coll.docAtCalls = 0;
    const got = find(coll, { filter: null, sort: null, skip: 4000, limit: 50 });
    expect(got.total).toBe(5000);
    expect(coll.docAtCalls).toBe(50);
  });

  it('a cached filter answers later pages and _id windows with page-sized work', () => {
    const coll = makeCollection(5000);
    const filter = (after: string) =>
      parseWhere(`{"$and":[{"provenance.software":"mriqc"},{"_id":{"$gt":"${after}"}}]}`);
    find(coll, { filter: filter(coll.idAt(0)), sort: [['_id', 1]], skip: 0, limit: 50 });
    coll.docAtCalls = 0;
    const got = find(coll, {
      filter: filter(coll.idAt(2500)),
      sort: [['_id', 1]],
      skip: 0,
      limit: 50,
    });
    expect(coll.docAtCalls).toBe(50);
    expect(got.total).toBe(
      naive(coll, { filter: filter(coll.idAt(2500)), sort: null, skip: 0, limit: 0 }).total,
    );
  });

  it('a custom sort is computed once per filter and version', () => {
    const coll = makeCollection(3000);
    const q: FindQuery = {
      filter: parseWhere('size_x>40'),
      sort: parseSort('-snr'),
      skip: 100,
      limit: 20,
    };
    const first = find(coll, q);
    coll.docAtCalls = 0;
    expect(ids(find(coll, q).docs)).toEqual(ids(first.docs));
    expect(coll.docAtCalls).toBe(20);
  });

  it('an insert bumps the version: appended documents are found, totals change', () => {
    const coll = makeCollection(1000);
    const q: FindQuery = {
      filter: parseWhere('{"provenance.software":"mriqc"}'),
      sort: null,
      skip: 0,
      limit: 10,
    };
    const before = find(coll, q).total;
    coll.insert([makeDoc(5001), makeDoc(5003)]); // larger ids (and software mriqc): appended
    coll.docAtCalls = 0;
    expect(find(coll, q).total).toBe(before + 2);
    expect(coll.docAtCalls).toBe(2 + 10); // only the new documents were scanned
    expect(find(coll, { ...q, sort: parseSort('-_id'), limit: 1 }).docs[0]?._id.hex).toBe(
      makeDoc(5003)._id.hex,
    );
  });

  it('an insert in the middle of the id order invalidates the cache entirely', () => {
    const coll = new TestCollection(
      'bold',
      Array.from({ length: 1000 }, (_, i) => makeDoc(i * 2 + 2)),
    );
    const q: FindQuery = {
      filter: parseWhere('{"provenance.software":"mriqc"}'),
      sort: parseSort('-size_x'),
      skip: 0,
      limit: 1000,
    };
    find(coll, q);
    coll.insert([makeDoc(1), makeDoc(3)]); // smaller ids: every position shifts
    const got = find(coll, q);
    const expected = naive(coll, q);
    expect(got.total).toBe(expected.total);
    expect(ids(got.docs)).toEqual(ids(expected.docs));
  });

  it('skipCostNs spends time per skipped document, capped at the matches', () => {
    const coll = makeCollection(2000);
    let started = performance.now();
    find(coll, { filter: null, sort: null, skip: 1000, limit: 10 }, { skipCostNs: 20_000 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    started = performance.now();
    find(coll, { filter: null, sort: null, skip: 10 ** 12, limit: 10 }, { skipCostNs: 10_000 });
    expect(performance.now() - started).toBeLessThan(1000); // 2000 documents at most: 20 ms
    started = performance.now();
    find(coll, { filter: null, sort: null, skip: 1000, limit: 10 });
    expect(performance.now() - started).toBeLessThan(19); // default: no cost
  });
});

describe('timing guard (generous bounds; see the report for measurements)', () => {
  it('a cached 50-document keyset page over 100,000 documents takes well under a millisecond', () => {
    const coll = makeCollection(100_000);
    const where = (i: number) =>
      `{"$and":[{"provenance.software":"mriqc"},{"provenance.version":{"$in":["22.0.6","23.1.0"]}},{"_id":{"$gt":"${coll.idAt(i)}","$lte":"${coll.idAt(i + 5000)}"}}]}`;
    const run = (i: number) =>
      find(coll, { filter: parseWhere(where(i)), sort: [['_id', 1]], skip: 0, limit: 50 });
    run(0);
    const started = performance.now();
    for (let i = 0; i < 200; i++) run((i * 397) % 90_000);
    expect((performance.now() - started) / 200).toBeLessThan(1);
  });
});
