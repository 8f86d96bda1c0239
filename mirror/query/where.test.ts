import { describe, expect, it } from 'vitest';
import { ObjectId } from '../data/object-id.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import { parseWhere } from './where.ts';

const ID = '59cfad7f0000000000000007';
const oid = (hex = ID) => new ObjectId(hex);
const utc = (iso: string) => new Date(iso);

describe('parseWhere: detection and the JSON syntax (eve-api.md 2.2.1, 2.2.2)', () => {
  it.each<[string, unknown]>([
    ['', null], // row 34
    ['{}', {}], // row 35
    ['{"bids_meta.Manufacturer":"GE"}', { 'bids_meta.Manufacturer': 'GE' }], // row 26
    ['{"size_x":{"$gte":10}}', { size_x: { $gte: 10 } }],
    ['{"a": NaN, "b": Infinity, "c": -Infinity}', { a: Number.NaN, b: Infinity, c: -Infinity }],
    ['{"a": 1, "a": 2}', { a: 2 }],
    ['\ufeff {"a": 1} ', { a: 1 }],
    ['{"x": "$size_x"}', { x: '$size_x' }], // values are never operator-checked
    ['{"$and": {}}', { $and: {} }], // row 38: accepted by Eve; MongoDB rejects it (match.ts)
    ['{"run_id": 1}', { run_id: 1 }], // row 45 at parse level: no coercion
  ])('%j → %j', (raw, expected) => {
    expect(parseWhere(raw)).toEqual(expected);
  });

  it.each(['5', '[1]', 'null', 'true', '"x"', '1.5', '[{"a":1}]'])(
    'valid JSON that is not an object is a 500: %j (row 33)',
    (raw) => {
      expect(() => parseWhere(raw)).toThrow(EveServerError);
    },
  );

  it.each([
    '{"x":{"$regex":"^A"}}', // row 36
    '{"$where":"1"}',
    '{"x":{"$foo":1}}', // row 37
    '{"":1}',
    '{"a":{"":1}}',
    '{"$or":[{"x":{"$foo":1}}]}',
    '[{"$foo":1}]', // the operator check runs before the object check
    '[{"":1}]',
    '{bad', // row 32
  ])('400 for %j (rows 32, 36, 37)', (raw) => {
    expect(() => parseWhere(raw)).toThrow(EveBadRequest);
  });

  it('accepts every operator on Eve’s known list at parse level', () => {
    expect(
      parseWhere('{"a":{"$mod":[2,0]},"b":{"$near":[0,0]},"$text":{"$search":"x"}}'),
    ).toBeTruthy();
  });

  it('ints beyond int64 cannot be encoded: 500; within int64 they become numbers', () => {
    expect(() => parseWhere('{"a": 12345678901234567890}')).toThrow(EveServerError);
    expect(parseWhere('{"a": 9007199254740993}')).toEqual({ a: 9007199254740992 });
  });

  it('a lone surrogate cannot be encoded as UTF-8: 500', () => {
    expect(() => parseWhere('{"a": "\\ud800"}')).toThrow(EveServerError);
    expect(parseWhere('{"a": "\\ud83d\\ude00"}')).toEqual({ a: '😀' });
  });
});

describe('value post-processing at every depth (eve-api.md 2.2.4)', () => {
  it.each<[string, unknown]>([
    [`{"_id":"${ID}"}`, { _id: oid() }], // row 39
    [`{"_id":{"$gt":"${ID.toUpperCase()}"}}`, { _id: { $gt: oid() } }], // row 40
    [`{"provenance.md5sum":"${ID}"}`, { 'provenance.md5sum': oid() }], // any field
    [`{"a":{"$in":["${ID}", "x"]}}`, { a: { $in: [oid(), 'x'] } }],
    [`{"$or":[{"a":"${ID}"}]}`, { $or: [{ a: oid() }] }],
    [`{"a":{"b":{"c":"${ID}"}}}`, { a: { b: { c: oid() } } }],
    [`{"a":[["${ID}"]]}`, { a: [[ID]] }], // lists inside lists are left alone
    ['{"a":"0123456789abcdef0123456"}', { a: '0123456789abcdef0123456' }], // 23 hex
    [
      '{"_created":{"$gte":"Mon, 02 Oct 2017 00:00:00 GMT"}}', // row 42
      { _created: { $gte: utc('2017-10-02T00:00:00Z') } },
    ],
    ['{"d":"Sun, 02 Oct 2017 13:04:05 GMT"}', { d: utc('2017-10-02T13:04:05Z') }], // weekday unchecked
    ['{"d":"mon,  2 oct 2017 3:4:5 gmt"}', { d: utc('2017-10-02T03:04:05Z') }], // strptime leniency
    ['{"d":"Mon, 02 Oct 0017 00:00:00 GMT"}', { d: utc('0017-10-02T00:00:00Z') }],
    ['{"d":"Mon, 30 Feb 2017 00:00:00 GMT"}', { d: 'Mon, 30 Feb 2017 00:00:00 GMT' }],
    ['{"d":"Mon, 02 Oct 2017 00:00:60 GMT"}', { d: 'Mon, 02 Oct 2017 00:00:60 GMT' }],
    ['{"d":"Mon, 02 Oct 2017 00:00:00 GMT "}', { d: 'Mon, 02 Oct 2017 00:00:00 GMT ' }],
    ['{"d":"2017-10-02T00:00:00Z"}', { d: '2017-10-02T00:00:00Z' }], // row 43: ISO stays a string
    ['{"d":["Mon, 02 Oct 2017 00:00:00 GMT"]}', { d: [utc('2017-10-02T00:00:00Z')] }],
  ])('%j → %j', (raw, expected) => {
    expect(parseWhere(raw)).toEqual(expected);
  });

  it('None inside a list becomes a fresh ObjectId (Eve calls ObjectId(None))', () => {
    const got = parseWhere('{"a":{"$in":[null, 1]}, "b": null}') as {
      a: { $in: unknown[] };
      b: null;
    };
    expect(got.a.$in[0]).toBeInstanceOf(ObjectId);
    expect(got.a.$in[1]).toBe(1);
    expect(got.b).toBeNull();
  });
});

describe('the Python syntax through parseWhere (eve-api.md 2.2.3; rows 27–32, 41, 44)', () => {
  it.each<[string, unknown]>([
    [
      'bids_meta.Manufacturer=="GE" and size_x>32', // row 27
      { $and: [{ 'bids_meta.Manufacturer': 'GE' }, { size_x: { $gt: 32 } }] },
    ],
    ['a==1 or b==2 and c==3', { $or: [{ a: 1 }, { $and: [{ b: 2 }, { c: 3 }] }] }], // row 28
    ['size_x>-1', { size_x: { $gt: 1 } }], // row 29: same as size_x>1
    ['PartialFourier==True', { PartialFourier: 'PartialFourier' }], // row 30
    [`_id>"${ID}"`, { _id: { $gt: oid() } }], // row 41
    ['_created>=datetime(2017,10,2)', { _created: { $gte: utc('2017-10-02T00:00:00Z') } }], // row 44
    [
      '_created>="Mon, 02 Oct 2017 00:00:00 GMT"',
      { _created: { $gte: utc('2017-10-02T00:00:00Z') } },
    ],
  ])('%j → %j', (raw, expected) => {
    expect(parseWhere(raw)).toEqual(expected);
  });

  it.each(['size_x in [1,2]', 'size_x not in [1]', 'size_x is None', '3<size_x', '1<size_x<5'])(
    '500 for %j (row 31)',
    (raw) => {
      expect(() => parseWhere(raw)).toThrow(EveServerError);
    },
  );

  it.each(['size_x', 'not a==1', "{'a':1}", 'a=1', 'True', ' a==1', 'a==', 'a===1'])(
    '400 for %j (row 32)',
    (raw) => {
      expect(() => parseWhere(raw)).toThrow(EveBadRequest);
    },
  );
});

describe('hostile input ends in a clean 400 or a result, quickly', () => {
  const deep = (open: string, inner: string, close: string, n: number) =>
    open.repeat(n) + inner + close.repeat(n);
  const cases: Array<[string, string]> = [
    ['JSON objects 1,000 deep', deep('{"a":', '1', '}', 1000)],
    ['JSON arrays 1,000 deep', `{"a":${deep('[', '1', ']', 1000)}}`],
    ['JSON arrays 100,000 deep', deep('[', '', ']', 100_000)],
    ['parentheses 1,000 deep', deep('(', 'a==1', ')', 1000)],
    ['parentheses 50,000 deep, unclosed', '('.repeat(50_000)],
    ['100 kB of unary minus', `a==${'-'.repeat(100_000)}1`],
    ['100 kB of not', `${'not '.repeat(25_000)}a==1`],
    ['100 kB of attribute chain', `${'a.'.repeat(50_000)}b==1`],
    ['100 kB of additions', `a==${'1+'.repeat(50_000)}1`],
    ['100 kB of power', `a==${'2**'.repeat(33_000)}2`],
    ['100 kB of nested calls', `a==${'f('.repeat(40_000)}`],
    ['100 kB of if/else', `a==${'1 if b else '.repeat(9_000)}1`],
    ['100 kB of garbage', '%$#@!'.repeat(20_000)],
    ['100 kB unterminated string', `a=="${'x'.repeat(100_000)}`],
  ];
  it.each(cases)('%s → 400', (_label, raw) => {
    const started = performance.now();
    expect(() => parseWhere(raw)).toThrow(EveBadRequest);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a 100 kB string value and a 10,000-term and are results', () => {
    const long = 'x'.repeat(100_000);
    expect(parseWhere(`a=="${long}"`)).toEqual({ a: long });
    expect(parseWhere(JSON.stringify({ a: long }))).toEqual({ a: long });
    const terms = Array.from({ length: 10_000 }, (_, i) => `f${i}==${i}`).join(' and ');
    expect((parseWhere(terms) as { $and: unknown[] }).$and).toHaveLength(10_000);
  });

  it('200 nested brackets are Python’s limit: 200 parse, 201 do not', () => {
    expect(parseWhere(deep('(', 'a==1', ')', 200))).toEqual({ a: 1 });
    expect(() => parseWhere(deep('(', 'a==1', ')', 201))).toThrow(EveBadRequest);
  });

  it('NUL in a Python-syntax where is a 500 (ValueError in Python 3.11)', () => {
    expect(() => parseWhere('a==1\u0000')).toThrow(EveServerError);
  });
});
