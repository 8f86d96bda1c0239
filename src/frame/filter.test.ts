import { describe, expect, it } from 'vitest';
import { fromDecoded } from './column.ts';
import { type Filter, filterRows } from './filter.ts';

const snr = fromDecoded([3, Number.NaN, 10, 5, -1]);
const maker = fromDecoded(['GE', 'Siemens', undefined, 'Philips', 'GE MEDICAL']);
const mixed = fromDecoded([12, 'n/a', '7.5', undefined, ' ']);
const all = Uint32Array.of(0, 1, 2, 3, 4);

describe('filterRows', () => {
  const cases: Array<[name: string, filters: Filter[], rows: Uint32Array, expected: number[]]> = [
    [
      'range min..max inclusive, NaN out',
      [{ type: 'range', column: snr, min: 3, max: 5 }],
      all,
      [0, 3],
    ],
    ['range min only', [{ type: 'range', column: snr, min: 4 }], all, [2, 3]],
    ['range max only', [{ type: 'range', column: snr, max: 0 }], all, [4]],
    ['range no bounds drops missing', [{ type: 'range', column: snr }], all, [0, 2, 3, 4]],
    [
      'range on a mixed column reads text as numbers',
      [{ type: 'range', column: mixed, min: 7 }],
      all,
      [0, 2],
    ],
    ['equals exact', [{ type: 'equals', column: maker, value: 'GE' }], all, [0]],
    [
      'equals on numbers compares printed form',
      [{ type: 'equals', column: snr, value: '10' }],
      all,
      [2],
    ],
    [
      'contains, case-insensitive by default',
      [{ type: 'contains', column: maker, text: 'ge' }],
      all,
      [0, 4],
    ],
    [
      'contains, matchCase',
      [{ type: 'contains', column: maker, text: 'ge', matchCase: true }],
      all,
      [],
    ],
    [
      'contains empty text keeps present only',
      [{ type: 'contains', column: maker, text: '' }],
      all,
      [0, 1, 3, 4],
    ],
    ['in a set', [{ type: 'in', column: maker, values: ['GE', 'Philips'] }], all, [0, 3]],
    [
      'in a set plus missing',
      [{ type: 'in', column: maker, values: ['Siemens'], missing: true }],
      all,
      [1, 2],
    ],
    ['in an empty set', [{ type: 'in', column: maker, values: [] }], all, []],
    [
      'filters are ANDed',
      [
        { type: 'range', column: snr, min: -5 },
        { type: 'contains', column: maker, text: 'e' },
      ],
      all,
      [0, 4],
    ],
    [
      'keeps the order of rows',
      [{ type: 'range', column: snr, min: 0 }],
      Uint32Array.of(3, 2, 0),
      [3, 2, 0],
    ],
    ['no filters: a copy', [], Uint32Array.of(4, 1), [4, 1]],
  ];
  it.each(cases)('%s', (_name, filters, rows, expected) => {
    expect(Array.from(filterRows(rows, filters))).toEqual(expected);
  });
});
