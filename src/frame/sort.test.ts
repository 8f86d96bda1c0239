import { describe, expect, it } from 'vitest';
import { fromDecoded } from './column.ts';
import { rankDictionary, type SortKey, sortIndex } from './sort.ts';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('sortIndex', () => {
  const NaN_ = Number.NaN;
  const snr = fromDecoded([3, NaN_, 1, 3, -2, NaN_, 0]);
  const neg = fromDecoded([-0, 0, -1.5, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE]);
  const maker = fromDecoded(['GE', undefined, 'Siemens', 'GE', 'ge', undefined, 'Philips']);
  const mixed = fromDecoded([10, 'n/a', 9, undefined]);
  const cases: Array<[name: string, keys: SortKey[], rows: Uint32Array, expected: number[]]> = [
    ['numbers ascending, ties stable, NaN last', [{ column: snr }], all(7), [4, 6, 2, 0, 3, 1, 5]],
    [
      'numbers descending, ties stable, NaN still last',
      [{ column: snr, desc: true }],
      all(7),
      [0, 3, 2, 6, 4, 1, 5],
    ],
    ['negative numbers and ±0 tie', [{ column: neg }], all(6), [3, 2, 5, 0, 1, 4]],
    ['text by code-unit order, missing last', [{ column: maker }], all(7), [0, 3, 6, 2, 4, 1, 5]],
    [
      'text descending, missing last',
      [{ column: maker, desc: true }],
      all(7),
      [4, 2, 6, 0, 3, 1, 5],
    ],
    [
      'two keys: text then number desc',
      [{ column: maker }, { column: snr, desc: true }],
      all(7),
      [0, 3, 6, 2, 4, 1, 5],
    ],
    [
      'two keys: tie on first resolved by second',
      [{ column: fromDecoded(['a', 'a', 'b', 'a']) }, { column: fromDecoded([2, 1, 0, NaN_]) }],
      all(4),
      [1, 0, 3, 2],
    ],
    ['mixed column sorts as text', [{ column: mixed }], all(4), [0, 2, 1, 3]],
    [
      'a subset of rows, input order kept for ties',
      [{ column: snr }],
      Uint32Array.of(3, 5, 0, 2),
      [2, 3, 0, 5],
    ],
    ['no keys: unchanged', [], Uint32Array.of(2, 0, 1), [2, 0, 1]],
    ['no rows', [{ column: snr }], new Uint32Array(0), []],
  ];
  it.each(cases)('%s', (_name, keys, rows, expected) => {
    const before = Array.from(rows);
    expect(Array.from(sortIndex(rows, keys))).toEqual(expected);
    expect(Array.from(rows)).toEqual(before);
  });

  it('agrees with a comparator sort on random data with many ties', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = Array.from({ length: 5000 }, () =>
      random() < 0.1 ? Number.NaN : Math.round((random() - 0.5) * 40) / 4,
    );
    const expected = Array.from(all(values.length)).sort((a, b) => {
      const x = values[a]!;
      const y = values[b]!;
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
      return y - x || a - b;
    });
    const column = fromDecoded(values);
    expect(Array.from(sortIndex(all(values.length), [{ column, desc: true }]))).toEqual(expected);
  });
});

describe('rankDictionary', () => {
  it.each([
    [
      ['b', 'a', 'c'],
      [0, 1, 0, 2],
    ],
    [
      ['ge', 'GE', 'Éa', 'z'],
      [0, 1, 0, 3, 2],
    ],
    [[], [0]],
    [
      ['abcdefghZ', 'abcdefghA', 'abcdefgh', 'abcdefg'],
      [0, 3, 2, 1, 0],
    ],
    [
      ['a\u0000', 'a', ''],
      [0, 2, 1, 0],
    ],
    [
      ['\u{1F600}', '\uFFFF', 'z'],
      [0, 1, 2, 0],
    ],
  ])('%j', (dict, rank) => {
    expect(Array.from(rankDictionary(dict))).toEqual(rank);
  });

  it('agrees with a comparator sort on random strings with shared prefixes', () => {
    let seed = 3;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = (chars: string, length: number) =>
      Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join('');
    const dict = [
      ...new Set(Array.from({ length: 3000 }, () => pick('ab', 7) + pick('abcXYZé', random() * 6))),
    ];
    const byComparator = Array.from(dict.keys()).sort((a, b) =>
      dict[a]! < dict[b]! ? -1 : dict[a]! > dict[b]! ? 1 : 0,
    );
    const rank = rankDictionary(dict);
    expect(byComparator.map((i) => rank[i + 1])).toEqual(byComparator.map((_, p) => p));
  });
});
