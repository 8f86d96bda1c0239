import { describe, expect, it } from 'vitest';
import type { BlockCells } from './csv-rows.ts';
import { ColumnTally, parquetValues, plainText } from './parquet-columns.ts';

function typeOf(blocks: BlockCells[], numberColumn = false) {
  const tally = new ColumnTally();
  for (const block of blocks) tally.add(block);
  return tally.type(numberColumn);
}

describe('ColumnTally: a column’s Parquet type over every exported row', () => {
  it('is int64 when every value is an integer, missing cells aside', () => {
    expect(typeOf([Float64Array.of(1, 2, Number.NaN, -7, 2 ** 40)])).toBe('INT64');
    expect(typeOf([[1, undefined, null, 3]])).toBe('INT64');
  });

  it('is float64 as soon as one value is not an integer, in any window', () => {
    expect(typeOf([Float64Array.of(1, 2), Float64Array.of(3, 0.5)])).toBe('DOUBLE');
    expect(typeOf([[1, 2], [Number.POSITIVE_INFINITY]])).toBe('DOUBLE');
  });

  it('keeps -0 and integers past 2^53 as float64 (an int64 would drop the sign or change the value)', () => {
    expect(typeOf([Float64Array.of(1, -0)])).toBe('DOUBLE');
    expect(typeOf([Float64Array.of(1, 2 ** 60)])).toBe('DOUBLE');
  });

  it('is boolean for true/false only, string for text only', () => {
    expect(typeOf([[true, undefined, false]])).toBe('BOOLEAN');
    expect(typeOf([['GE', undefined], ['Siemens']])).toBe('STRING');
  });

  it('is string when kinds mix or values are objects', () => {
    expect(typeOf([[1, 'two']])).toBe('STRING');
    expect(typeOf([[true], [1]])).toBe('STRING');
    expect(typeOf([[{ a: 1 }]])).toBe('STRING');
  });

  it('is float64 for an all-missing number column, string for any other', () => {
    expect(typeOf([Float64Array.of(Number.NaN)], true)).toBe('DOUBLE');
    expect(typeOf([[undefined, null]])).toBe('STRING');
  });
});

describe('parquetValues: the cells as a typed column, missing as null', () => {
  it('writes int64 cells as bigints and missing ones as null', () => {
    expect(parquetValues(Float64Array.of(5, Number.NaN, -3), 'INT64', 0, 3)).toEqual([
      5n,
      null,
      -3n,
    ]);
  });

  it('keeps doubles exactly, only rows from..to', () => {
    expect(parquetValues(Float64Array.of(0.1 + 0.2, 1e-300, Number.NaN), 'DOUBLE', 1, 3)).toEqual([
      1e-300,
      null,
    ]);
  });

  it('writes a mixed column’s values as the CSV does, without its formula guard', () => {
    expect(parquetValues([1.5, true, '=x', { a: [1] }, undefined], 'STRING', 0, 5)).toEqual([
      '1.5',
      'true',
      '=x',
      '{"a":[1]}',
      null,
    ]);
    expect(plainText(-0)).toBe('-0');
  });

  it('keeps booleans as booleans', () => {
    expect(parquetValues([true, null, false], 'BOOLEAN', 0, 3)).toEqual([true, null, false]);
  });
});
