import { describe, expect, it } from 'vitest';
import {
  asText,
  type Column,
  cellValue,
  columnLength,
  fromDecoded,
  fromDecodedChunks,
  lazyText,
  toText,
} from './column.ts';
import { createdTimes } from './created-time.ts';
import { filterRows } from './filter.ts';
import { sortIndex } from './sort.ts';
import { stringRows } from './text-rows.ts';

/** Every cell as served (undefined = missing), for comparing whole columns. */
function cells(column: Column): unknown[] {
  return Array.from({ length: columnLength(column) }, (_, row) => cellValue(column, row));
}

describe('fromDecoded: type inference', () => {
  const cases: Array<[name: string, input: unknown[], kind: Column['kind'], text: unknown[]]> = [
    [
      'numbers with missing',
      [1, undefined, 2.5, null],
      'number',
      ['1', undefined, '2.5', undefined],
    ],
    ['all missing → number', [undefined, null], 'number', [undefined, undefined]],
    ['empty → number', [], 'number', []],
    ['strings', ['GE', undefined, 'GE'], 'text', ['GE', undefined, 'GE']],
    ['numeric strings stay exact', ['0.10', '1e3'], 'text', ['0.10', '1e3']],
    ['empty string is a value', ['', undefined], 'text', ['', undefined]],
    ['one string among numbers → raw', [1, 'n/a', 3], 'raw', ['1', 'n/a', '3']],
    ['booleans → raw', [true, false, undefined], 'raw', ['true', 'false', undefined]],
    ['arrays and objects → JSON text', [[1, 2], { a: 'b' }], 'raw', ['[1,2]', '{"a":"b"}']],
  ];
  it.each(cases)('%s', (_name, input, kind, text) => {
    const column = fromDecoded(input);
    expect(column.kind).toBe(kind);
    expect(cells(asText(column))).toEqual(text);
  });

  it('keeps raw values of a mixed column for export', () => {
    const column = fromDecoded([1, 'n/a', [3], undefined, null]);
    expect(cells(column)).toEqual([1, 'n/a', [3], undefined, undefined]);
  });

  it('dictionary-codes text, code 0 = missing, first-seen order', () => {
    const column = fromDecoded(['b', 'a', undefined, 'b']);
    expect(column).toEqual({ kind: 'text', codes: Uint32Array.of(1, 2, 0, 1), dict: ['b', 'a'] });
  });
});

describe('fromDecodedChunks: concatenation', () => {
  const cases: Array<
    [name: string, chunks: ArrayLike<unknown>[], kind: Column['kind'], out: unknown[]]
  > = [
    [
      'Float64Array chunks, NaN = missing',
      [Float64Array.of(1, Number.NaN), [2]],
      'number',
      [1, undefined, 2],
    ],
    ['a late text chunk types all rows', [Float64Array.of(1, 2), ['x']], 'raw', [1, 2, 'x']],
    [
      'text chunks share one dictionary',
      [
        ['a', 'b'],
        ['b', undefined],
      ],
      'text',
      ['a', 'b', 'b', undefined],
    ],
    ['empty chunks', [[], ['a'], []], 'text', ['a']],
    ['no chunks', [], 'number', []],
  ];
  it.each(cases)('%s', (_name, chunks, kind, out) => {
    const column = fromDecodedChunks(chunks);
    expect(column.kind).toBe(kind);
    expect(cells(column)).toEqual(out);
  });

  it('does not duplicate dictionary entries across chunks', () => {
    const column = asText(
      fromDecodedChunks([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    );
    expect(column.dict).toEqual(['a', 'b']);
    expect(Array.from(column.codes)).toEqual([1, 2, 2, 1]);
  });
});

describe('toText', () => {
  it.each([
    ['x', 'x'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [false, 'false'],
    [['a', 1], '["a",1]'],
  ])('%j → %s', (value, text) => {
    expect(toText(value)).toBe(text);
  });
});

describe('lazyText', () => {
  it('reads cells from the row values and codes the column only when codes are asked for', () => {
    let coded = 0;
    const values = ['b', undefined, 'a', 'b'];
    const rows = stringRows(values);
    const column = lazyText({
      ...rows,
      code: () => {
        coded++;
        return rows.code();
      },
    });
    expect(values.map((_, row) => cellValue(column, row))).toEqual(values);
    expect(columnLength(column)).toBe(4);
    expect(coded).toBe(0);
    expect(column.dict).toEqual(['b', 'a']);
    expect(Array.from(column.codes)).toEqual([1, 0, 2, 1]);
    expect(coded).toBe(1); // once, however often asked
  });

  it('gives the same created times, sort order and filters as an eagerly coded column', () => {
    const dates = [
      'Wed, 26 Jul 2017 16:55:18 GMT',
      undefined,
      'Wed, 26 Jul 2017 16:54:07 GMT',
      'Wed, 26 Jul 2017 16:54:07 GMT',
      'not a date',
    ];
    const eager = fromDecoded(dates);
    const lazy = lazyText(stringRows(dates));
    expect(Array.from(createdTimes(lazy))).toEqual(Array.from(createdTimes(eager)));
    const rows = Uint32Array.of(0, 1, 2, 3, 4);
    expect(Array.from(sortIndex(rows, [{ column: lazy }]))).toEqual(
      Array.from(sortIndex(rows, [{ column: eager }])),
    );
    const filter = (column: Column) =>
      Array.from(filterRows(rows, [{ type: 'contains', column, text: '16:54' }]));
    expect(filter(lazy)).toEqual(filter(eager));
  });
});
