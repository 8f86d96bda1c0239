import { describe, expect, it } from 'vitest';
import { ObjectId } from '../data/object-id.ts';
import { testDoc } from '../testing/test-collection.ts';
import { EveBadRequest, EveServerError } from './errors.ts';
import { compareDocs, parseSort, type SortSpec, sortValueOf } from './sort.ts';

describe('parseSort (eve-api.md 2.3; checklist 48–52)', () => {
  it.each<[string, SortSpec | null]>([
    ['', null],
    ['-size_x', [['size_x', -1]]], // row 48
    ['[("size_x", -1)]', [['size_x', -1]]], // row 48
    [
      '[("size_x",-1),("_id",1)]',
      [
        ['size_x', -1],
        ['_id', 1],
      ],
    ],
    [
      '-bids_meta.Manufacturer, size_x',
      [
        ['bids_meta.Manufacturer', -1],
        ['size_x', 1],
      ],
    ], // row 49
    ['nonexistent', [['nonexistent', 1]]], // row 50
    [' x', [['x', 1]]], // a URL '+' decodes to a space: ascending
    [
      '-_created,-_id',
      [
        ['_created', -1],
        ['_id', -1],
      ],
    ],
    [
      '-x\f,\ty',
      [
        ['x', -1],
        ['y', 1],
      ],
    ], // parts are strip()ped
    ['a-b', [['a-b', 1]]],
    ['--1', [['-1', -1]]], // literal_eval refuses --1 (ValueError), so the comma path reads it
    [
      '[["a", -1], "b"]',
      [
        ['a', -1],
        ['b', 1],
      ],
    ],
    [
      '("a", "b")',
      [
        ['a', 1],
        ['b', 1],
      ],
    ],
    [
      '{"x": -1, "y": 1}',
      [
        ['x', -1],
        ['y', 1],
      ],
    ], // pymongo 4 accepts a mapping
    [
      '[("x", -1), ("y", 1), ("x", 1)]',
      [
        ['x', 1],
        ['y', 1],
      ],
    ], // duplicate: first place, last value
    ['[("$natural", -1)]', [['$natural', -1]]],
    ['[]', null], // a falsy literal means no sort
    ['None', null],
    ['0', null],
    ['""', null],
  ])('%j → %j', (raw, expected) => {
    expect(parseSort(raw)).toEqual(expected);
  });

  it.each([
    '[("x",-1)', // row 51: unbalanced
    '2abc', // row 51
    'x y',
    'a,,b',
    '$natural',
    'a.0',
    '-',
    '1', // not a list of pairs
    '"x"',
    'True',
    '{1, 2}',
    '[1]',
    '[None]',
    '[(1, 1)]',
    '[("x", 1.0)]',
    '[("x", None)]',
    '{"x": [1]}',
    '[2, [1]]', // the first failing item decides: int → TypeError
    ',a',
    '\u3000-x', // non-ASCII space is not Python whitespace
    '{[1]: 2}', // unhashable key: TypeError
    '[x for x in y]',
  ])('400 for %j', (raw) => {
    expect(() => parseSort(raw)).toThrow(EveBadRequest);
  });

  it.each([
    'a,', // row 52
    'a, ',
    '[("x", 2)]', // bad direction: MongoDB
    '[("x", -2)]',
    '[("x", True)]',
    '[("x", "desc")]',
    '[("x", {"$meta": "textScore"})]',
    '[("x",)]', // ValueError when unpacking
    '[[1], 2]',
    '[("x", 1, 2)]',
    '[{"a": 1}]',
    '[("", 1)]', // invalid field paths
    '[("a..b", 1)]',
    '[("$x", 1)]',
    '[("$natural", 1), ("x", 1)]',
    '-$natural'.replace('$', '\u0000'),
  ])('500 for %j', (raw) => {
    expect(() => parseSort(raw)).toThrow(EveServerError);
  });
});

describe('compareDocs: MongoDB’s cross-type order, arrays and stability', () => {
  const values: unknown[] = [
    new Date(0),
    true,
    false,
    new ObjectId('59cfad7f0000000000000007'),
    [[1]],
    [1],
    { a: 1 },
    'b',
    'a',
    '10',
    2.5,
    -1,
    null,
    undefined,
  ];

  it('ascending: missing/null < numbers < strings < objects < arrays < ObjectId < booleans < Date', () => {
    const docs = values.map((v, i) => testDoc(i, v === undefined ? {} : { v }));
    const sorted = [...docs].sort(compareDocs([['v', 1]])).map((d) => d.v);
    expect(sorted).toEqual([
      null,
      undefined, // missing ties with null and keeps its incoming order
      -1,
      [1], // an array field sorts by its smallest element: here the number 1
      2.5,
      '10',
      'a',
      'b',
      { a: 1 },
      [[1]], // its element [1] is an array: above every document
      new ObjectId('59cfad7f0000000000000007'),
      false,
      true,
      new Date(0),
    ]);
  });

  it('arrays sort by their smallest element ascending and largest descending', () => {
    const docs = [testDoc(1, { a: [5, 1] }), testDoc(2, { a: [3] }), testDoc(3, { a: [2, 4] })];
    expect([...docs].sort(compareDocs([['a', 1]])).map((d) => d.a)).toEqual([[5, 1], [2, 4], [3]]);
    expect([...docs].sort(compareDocs([['a', -1]])).map((d) => d.a)).toEqual([[5, 1], [2, 4], [3]]);
    expect(sortValueOf({ a: [] }, ['a'], 1)).not.toBeNull(); // an empty array sorts before null
    const withEmpty = [testDoc(1, { a: null }), testDoc(2, { a: [] })];
    expect(withEmpty.sort(compareDocs([['a', 1]])).map((d) => d.a)).toEqual([[], null]);
  });

  it('dotted paths, multiple keys, and ties keep the incoming order (stable)', () => {
    const docs = [
      testDoc(1, { b: { m: 'GE' }, x: 2 }),
      testDoc(2, { b: { m: 'Siemens' }, x: 1 }),
      testDoc(3, { b: { m: 'GE' }, x: 1 }),
      testDoc(4, { b: { m: 'GE' }, x: 1 }),
    ];
    const order = [...docs]
      .sort(compareDocs(parseSort('-b.m, x') as SortSpec))
      .map((d) => d._etag.slice(-1));
    expect(order).toEqual(['2', '3', '4', '1']);
  });

  it('numbers compare by value across int/float and NaN sorts first', () => {
    const docs = [testDoc(1, { v: 2 }), testDoc(2, { v: Number.NaN }), testDoc(3, { v: 1.5 })];
    expect(docs.sort(compareDocs([['v', 1]])).map((d) => d.v)).toEqual([Number.NaN, 1.5, 2]);
  });
});
