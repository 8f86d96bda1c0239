import { describe, expect, it } from 'vitest';
import { fromDecoded } from '../../frame/column.ts';
import { categories, numberRange } from './column-stats.ts';

describe('numberRange', () => {
  it('spans the present values and counts them', () => {
    expect(numberRange(fromDecoded([3, undefined, -1, 2.5]))).toEqual({
      min: -1,
      max: 3,
      present: 3,
    });
  });

  it('is null for a column without values or a text column', () => {
    expect(numberRange(fromDecoded([undefined, null]))).toBeNull();
    expect(numberRange(fromDecoded(['a']))).toBeNull();
  });
});

describe('categories', () => {
  it('counts each text, most frequent first, ties by text, and the missing cells', () => {
    const column = fromDecoded(['Siemens', 'GE', 'GE', undefined, 'Philips', 'Siemens', 'GE']);
    expect(categories(column, 10)).toEqual({
      values: [
        { value: 'GE', count: 3 },
        { value: 'Siemens', count: 2 },
        { value: 'Philips', count: 1 },
      ],
      missing: 1,
    });
  });

  it('gives up above the limit of distinct values', () => {
    expect(categories(fromDecoded(['a', 'b', 'c']), 2)).toBeNull();
  });
});
