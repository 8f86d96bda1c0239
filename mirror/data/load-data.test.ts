import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCollection } from './collection.ts';
import { Double } from './double.ts';
import { DataFileError, loadDataFile, parseDataText } from './load-data.ts';
import { ObjectId } from './object-id.ts';
import type { StoredDoc } from './types.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'load-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PageItem {
  _id: string;
  _created: string;
  _updated: string;
  _etag: string;
  _links: unknown;
  bids_meta: Record<string, unknown>;
}

function pageItems(name: string): PageItem[] {
  return (JSON.parse(readFileSync(fixture(name), 'utf8')) as { _items: PageItem[] })._items;
}

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadDataFile with the real saved pages', () => {
  it.each([
    ['bold-page-50.json', 50],
    ['bold-page-where-reptime.json', 25],
  ])('%s loads as it is: %i bold records with ObjectIds, Dates and etags', (name, count) => {
    const items = pageItems(name);
    const data = loadDataFile(fixture(name));
    expect(Object.keys(data)).toEqual(['bold']);
    const docs = data.bold ?? [];
    expect(docs).toHaveLength(count);
    docs.forEach((doc, i) => {
      const item = items[i] as PageItem;
      expect(doc._id).toBeInstanceOf(ObjectId);
      expect(doc._id.hex).toBe(item._id);
      expect(doc._created).toBeInstanceOf(Date);
      expect(doc._created.getTime()).toBe(Date.parse(item._created));
      expect(doc._updated.getTime()).toBe(Date.parse(item._updated));
      expect(doc._etag).toBe(item._etag);
      expect(doc._links).toBeUndefined();
      // Whole-number floats are Doubles (checked below); their JSON is the page's value.
      expect(JSON.parse(JSON.stringify(doc.bids_meta))).toEqual(item.bids_meta);
      expect(Object.keys(doc)[0]).toBe('_id');
    });
  });

  it('keeps a float written whole a double (RepetitionTime 2.0), and an int an int', () => {
    const doc = (loadDataFile(fixture('bold-page-50.json')).bold ?? [])[0] as StoredDoc;
    const meta = doc.bids_meta as Record<string, unknown>;
    // The page writes "RepetitionTime": 2.0, "MagneticFieldStrength": 3, "size_x": 100.0.
    expect(meta.RepetitionTime).toEqual(new Double(2));
    expect(meta.MagneticFieldStrength).toBe(3);
    expect(doc.size_x).toEqual(new Double(100));
    expect(doc.dummy_trs).toBe(0);
  });

  it('loads the empty page as no records', () => {
    expect(loadDataFile(fixture('empty-page.json'))).toEqual({});
  });

  it('gives documents a collection can hold (the reptime page has md5sum duplicates, not _id ones)', () => {
    const docs = loadDataFile(fixture('bold-page-where-reptime.json')).bold ?? [];
    const c = createCollection('bold', docs);
    expect(c.size).toBe(25);
    expect(c.idAt(0) < c.idAt(24)).toBe(true);
  });
});

describe('loadDataFile with POST payloads', () => {
  it('loads a pretty-printed T1w payload, making _id, dates and etag', () => {
    const before = Date.now();
    const docs = loadDataFile(fixture('payloads/t1w/sub-50137_T1w.json')).T1w ?? [];
    expect(docs).toHaveLength(1);
    const doc = docs[0];
    expect(doc?._id).toBeInstanceOf(ObjectId);
    expect(doc?._created.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(doc?._updated.getTime()).toBe(doc?._created.getTime());
    expect(doc?._id.seconds).toBe((doc?._created.getTime() ?? 0) / 1000);
    expect(doc?._etag).toMatch(/^[0-9a-f]{40}$/);
    expect(doc?.cjv).toBeTypeOf('number');
  });

  it('tells ratings by their fields', () => {
    expect(loadDataFile(fixture('payloads/ratings/rating-good.json')).rating).toHaveLength(1);
  });
});

describe('loadDataFile with JSON Lines and arrays', () => {
  const items = pageItems('bold-page-50.json').slice(0, 3);
  const payload = JSON.stringify(
    JSON.parse(readFileSync(fixture('payloads/t1w/sub-50152_T1w.json'), 'utf8')),
  );
  const rating = JSON.stringify({ rating: 'bad', md5sum: 'a'.repeat(32) });

  it('reads one record per line, skipping blank lines, each to its resource', () => {
    const path = writeTemp(
      'mixed.jsonl',
      `${items.map((i) => JSON.stringify(i)).join('\n')}\n\n${payload}\n${rating}\n`,
    );
    const data = loadDataFile(path);
    expect([data.bold?.length, data.T1w?.length, data.rating?.length]).toEqual([3, 1, 1]);
  });

  it('reads saved pages, one per line', () => {
    const page = readFileSync(fixture('bold-page-where-reptime.json'), 'utf8').trim();
    const other = readFileSync(fixture('bold-page-50.json'), 'utf8').trim();
    expect(parseDataText(`${page}\n${other}\n`, 'pages.jsonl').bold).toHaveLength(75);
  });

  it('keeps a record repeated by overlapping pages once, and rejects an _id reused for other content', () => {
    const line = JSON.stringify(items[0]);
    expect(parseDataText(`${line}\n${line}\n`, 'twice.jsonl').bold).toHaveLength(1);
    const other = JSON.stringify({ ...items[0], _etag: '0'.repeat(40) });
    expect(() => parseDataText(`${line}\n${other}\n`, 'clash.jsonl')).toThrow(
      /clash\.jsonl:2: _id 59cfad7f265d200019380537 already used by clash\.jsonl:1/,
    );
  });

  it('tells records apart by a float’s type: the same _id with 100.0 and with 100 is a clash', () => {
    const { _etag: _, ...noEtag } = items[0] as PageItem;
    const a = JSON.stringify({ ...noEtag, size_x: 100.0 }).replace(
      '"size_x":100',
      '"size_x":100.0',
    );
    const b = a.replace('"size_x":100.0', '"size_x":100');
    expect(() => parseDataText(`${a}\n${b}\n`, 'floats.jsonl')).toThrow(/already used/);
  });

  it('reads a JSON array', () => {
    expect(parseDataText(JSON.stringify(items), 'items.json').bold).toHaveLength(3);
  });

  it('takes the resource from _links, even for a T1w-looking record', () => {
    const item = {
      ...items[0],
      _links: { self: { title: 'T2w', href: 'T2w/59cfad7f265d200019380537' } },
    };
    expect(Object.keys(parseDataText(JSON.stringify(item), 'x.jsonl'))).toEqual(['T2w']);
  });

  it('accepts mongoexport ids and dates', () => {
    const text = JSON.stringify({
      _id: { $oid: '59cfad7f265d200019380537' },
      _created: { $date: '2017-09-30T14:43:11Z' },
      bids_meta: { modality: 'T1w', subject_id: 'x' },
    });
    const doc = parseDataText(text, 'export.jsonl').T1w?.[0];
    expect(doc?._id.hex).toBe('59cfad7f265d200019380537');
    expect(doc?._created.toISOString()).toBe('2017-09-30T14:43:11.000Z');
  });

  it('makes the same ids for the same records with the same _created', () => {
    const record = JSON.stringify({
      _created: 'Sat, 30 Sep 2017 14:43:11 GMT',
      bids_meta: { modality: 'bold', TaskName: 'rest', subject_id: 'a' },
    });
    const a = parseDataText(`${record}\n${record}\n`, 'a.jsonl').bold ?? [];
    const b = parseDataText(`${record}\n${record}\n`, 'a.jsonl').bold ?? [];
    expect(a.map((d) => d._id.hex)).toEqual(b.map((d) => d._id.hex));
    expect(a[0]?._id.hex).not.toBe(a[1]?._id.hex);
    expect(a[0]?._id.hex.slice(0, 8)).toBe(
      (Date.parse('2017-09-30T14:43:11Z') / 1000).toString(16),
    );
  });
});

describe('loadDataFile errors', () => {
  const good = JSON.stringify({ bids_meta: { modality: 'T1w', subject_id: '1' } });

  it.each([
    ['a malformed line', `${good}\n${good}\n{"bids_meta": \n`, /bad\.jsonl:3: malformed JSON/],
    [
      'a record of unknown resource',
      `${good}\n{"cjv": 0.4}\n`,
      /bad\.jsonl:2: cannot tell the resource/,
    ],
    [
      'an unknown modality',
      `${good}\n${good}\n{"bids_meta": {"modality": "dwi"}}\n`,
      /bad\.jsonl:3: unknown bids_meta\.modality "dwi"/,
    ],
    [
      'an unknown _links resource',
      '{"_links": {"self": {"href": "BOLD/1"}}}\n',
      /bad\.jsonl:1: unknown resource in _links\.self\.href "BOLD\/1"/,
    ],
    [
      'a bad _id',
      '{"_id": "xyz", "bids_meta": {"modality": "bold"}}\n',
      /bad\.jsonl:1: _id is not a 24-hex ObjectId/,
    ],
    [
      'a bad date',
      '{"_created": "yesterday", "bids_meta": {"modality": "bold"}}\n',
      /bad\.jsonl:1: _created is not a date/,
    ],
    ['a non-object line', `${good}\n[1, 2]\n`, /bad\.jsonl:2: a record must be a JSON object/],
  ])('names the line of %s', (_, text, message) => {
    expect(() => parseDataText(text, 'bad.jsonl')).toThrow(message);
    expect(() => parseDataText(text, 'bad.jsonl')).toThrow(DataFileError);
  });

  it('names the line of a syntax error in a pretty-printed document', () => {
    const text = '{\n  "bids_meta": {"modality": "T1w"},\n  "cjv": 0.4,,\n  "cnr": 3\n}\n';
    expect(() => parseDataText(text, 'pretty.json')).toThrow(/pretty\.json:3: malformed JSON/);
  });

  it('names the item of a bad record inside a page', () => {
    const page = JSON.stringify({
      _items: [{ bids_meta: { modality: 'bold' } }, { cjv: 1 }],
      _meta: {},
    });
    expect(() => parseDataText(page, 'page.json')).toThrow(
      /page\.json:1, _items\[1\]: cannot tell the resource/,
    );
  });

  it('reports a missing file', () => {
    expect(() => loadDataFile(join(dir, 'missing.jsonl'))).toThrow(/ENOENT/);
  });
});
