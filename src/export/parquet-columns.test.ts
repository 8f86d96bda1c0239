import { describe, expect, it } from 'vitest';
import { packHex, packHttpDates } from '../frame/packed-strings.ts';
import type { BlockCells } from './csv-rows.ts';
import { type ChunkCells, gatherFromChunks, locateRows, tallyChunk } from './gather.ts';
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

describe('typing from stored chunks (tallyChunk): the same types as from the gathered cells', () => {
  // One chunk of each kind the store keeps, typed over the located rows only.
  const hex = packHex(['0a1b', undefined, 'ffee'], 2)!;
  const dates = packHttpDates(['Sat, 30 Sep 2017 14:43:11 GMT', undefined, undefined], 3)!;
  const chunks: Record<string, ChunkCells> = {
    ints: { kind: 'number', values: Float64Array.of(1, Number.NaN, 3) },
    floats: { kind: 'number', values: Float64Array.of(1, 2, 0.5) },
    flags: { kind: 'dict', dict: [true, false], codes: Uint8Array.of(1, 0, 2) },
    makers: { kind: 'dict', dict: ['GE', 'Siemens'], codes: Uint8Array.of(2, 1, 0) },
    digests: { kind: 'hex', ...hex },
    dates: { kind: 'http-date', ms: dates },
    mixed: { kind: 'raw', values: [1, 'two', undefined] },
    gaps: { kind: 'raw', values: [undefined, undefined, undefined] },
  };
  const cases: Array<[string, number[], string]> = [
    ['ints', [0, 1, 2], 'INT64'],
    ['floats', [0, 1, 2], 'DOUBLE'],
    // The one fraction is in a row not exported: the column stays int64.
    ['floats', [0, 1], 'INT64'],
    ['flags', [0, 1, 2], 'BOOLEAN'],
    ['makers', [0, 1, 2], 'STRING'],
    ['digests', [0, 1, 2], 'STRING'],
    ['dates', [0, 1, 2], 'STRING'],
    ['mixed', [0, 1, 2], 'STRING'],
    ['mixed', [0, 2], 'INT64'],
    ['gaps', [0, 1, 2], 'STRING'],
  ];
  it.each(cases)('%s at rows %j is %s', (name, rows, type) => {
    const at = locateRows(Uint32Array.from(rows), [3]);
    const fromChunk = new ColumnTally();
    tallyChunk(at, 0, chunks[name]!, fromChunk);
    const fromCells = new ColumnTally();
    fromCells.add(gatherFromChunks(at, [chunks[name]!]));
    expect(fromChunk.type()).toBe(type);
    expect(fromCells.type()).toBe(type);
  });
});

describe('parquetValues', () => {
  it('hands over doubles without a gap as they are, and a gap as null', () => {
    const cells = Float64Array.of(0.5, 2, Number.NaN, 4.25);
    expect(parquetValues(cells, 'DOUBLE', 0, 2)).toEqual(Float64Array.of(0.5, 2));
    expect(parquetValues(cells, 'DOUBLE', 1, 4)).toEqual([2, null, 4.25]);
  });
});
