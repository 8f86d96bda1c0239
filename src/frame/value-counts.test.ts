import { describe, expect, it } from 'vitest';
import { fromDecoded } from './column.ts';
import { dedupRows } from './dedup.ts';
import { filterRows } from './filter.ts';
import { countValues } from './value-counts.ts';

describe('countValues', () => {
  it('counts each text over every row, most frequent first, ties by text, and the missing cells', () => {
    const column = fromDecoded(['Siemens', 'GE', 'GE', undefined, 'Philips', 'Siemens', 'GE']);
    expect(countValues(column, 10)).toEqual({
      values: [
        { value: 'GE', count: 3 },
        { value: 'Siemens', count: 2 },
        { value: 'Philips', count: 1 },
      ],
      missing: 1,
      counted: 7,
    });
  });

  it('counts only the given rows, keeping values none of them holds at 0', () => {
    const column = fromDecoded(['Siemens', 'GE', 'GE', undefined, 'Philips']);
    expect(countValues(column, 10, Uint32Array.of(1, 3, 4))).toEqual({
      values: [
        { value: 'GE', count: 1 },
        { value: 'Philips', count: 1 },
        { value: 'Siemens', count: 0 },
      ],
      missing: 1,
      counted: 3,
    });
  });

  it('in the unique view, each count is the number of rows ticking that value keeps', () => {
    // Three uploads of scan "a" (all GE), one of "b" (Siemens), two of "c" (Siemens, then GE
    // re-labelled: the kept first upload says Siemens).
    const md5sum = fromDecoded(['a', 'a', 'b', 'c', 'a', 'c']);
    const maker = fromDecoded(['GE', 'GE', 'Siemens', 'Siemens', 'GE', 'GE']);
    const { unique } = dedupRows({ rowCount: 6, md5sum }, { key: 'md5sum', keep: 'first' });
    const counts = countValues(maker, 10, unique);
    expect(counts?.values).toEqual([
      { value: 'Siemens', count: 2 },
      { value: 'GE', count: 1 },
    ]);
    for (const { value, count } of counts?.values ?? []) {
      const kept = filterRows(unique, [{ type: 'in', column: maker, values: [value] }]);
      expect(kept.length).toBe(count);
    }
  });

  it('reads a number column by its printed values', () => {
    expect(countValues(fromDecoded([3, 1.5, 3, Number.NaN]), 10)?.values).toEqual([
      { value: '3', count: 2 },
      { value: '1.5', count: 1 },
    ]);
  });

  it('gives up above the limit of distinct values', () => {
    expect(countValues(fromDecoded(['a', 'b', 'c']), 2)).toBeNull();
  });
});
